import { useCallback, useEffect, useRef, useState } from 'react';
import type { Session } from '@shared/schemas/session';
import { ApiError, NETWORK_ERROR_MESSAGE } from '@shared/client';
import { onSessionChange } from '../../lib/session-store';
import { signIn } from './sign-in';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-in'; session: Session }
  | { status: 'choose-identity' }
  /** unreachable: no answer (no network, wx.login failed) or a gateway's, as opposed to a refusal */
  | { status: 'error'; message: string; unreachable: boolean };

function failed(error: unknown): SessionState {
  if (!(error instanceof ApiError)) return { status: 'error', message: NETWORK_ERROR_MESSAGE, unreachable: true };
  return { status: 'error', message: error.message, unreachable: error.status === 0 || error.status >= 500 };
}

/**
 * Signs in when a screen opens, and again whenever the session is dropped (e.g. token expired).
 * `retry` starts over (showing 正在登录…); `retryQuietly` tries again behind what is on screen and
 * changes the state only when it signs in or is refused (a network still down changes nothing).
 */
export function useSession(): SessionState & { retry: () => void; retryQuietly: () => void } {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    signIn().then(
      (session) => live && setState(session ? { status: 'signed-in', session } : { status: 'choose-identity' }),
      (error: unknown) => live && setState(failed(error)),
    );
    const stop = onSessionChange((session) => {
      if (!live) return;
      if (session) setState({ status: 'signed-in', session });
      else setAttempt((a) => a + 1);
    });
    return () => {
      live = false;
      stop();
    };
  }, [attempt]);

  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  const retryQuietly = useCallback(() => {
    signIn().then(
      (session) => mounted.current && setState(session ? { status: 'signed-in', session } : { status: 'choose-identity' }),
      (error: unknown) => {
        const next = failed(error);
        if (mounted.current && next.status === 'error' && !next.unreachable) setState(next);
      },
    );
  }, []);
  return { ...state, retry, retryQuietly };
}
