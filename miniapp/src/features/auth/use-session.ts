import { useCallback, useEffect, useState } from 'react';
import type { Session } from '@shared/schemas/session';
import { ApiError, NETWORK_ERROR_MESSAGE } from '@shared/client';
import { onSessionChange } from '../../lib/session-store';
import { signIn } from './sign-in';

export type SessionState =
  { status: 'loading' } | { status: 'signed-in'; session: Session } | { status: 'choose-identity' } | { status: 'error'; message: string };

/** Signs in when a screen opens, and again whenever the session is dropped (e.g. token expired). */
export function useSession(): SessionState & { retry: () => void } {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    signIn().then(
      (session) => live && setState(session ? { status: 'signed-in', session } : { status: 'choose-identity' }),
      (error: unknown) => live && setState({ status: 'error', message: error instanceof ApiError ? error.message : NETWORK_ERROR_MESSAGE }),
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
  return { ...state, retry };
}
