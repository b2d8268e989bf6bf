import type { ReactNode } from 'react';
import type { Session } from '@shared/schemas/session';
import { ErrorState, Loading } from '../../components/states';
import { DevLoginPanel } from './dev-login-panel';
import { useSession } from './use-session';

/** Wraps every screen: shows sign-in progress, a retry when the API is unreachable, or the screen. */
export function SessionGate({ children }: { children: (session: Session) => ReactNode }) {
  const state = useSession();
  if (state.status === 'loading') return <Loading text="正在登录…" />;
  if (state.status === 'error') return <ErrorState title="无法连接工会服务" message={state.message} onRetry={state.retry} />;
  if (state.status === 'choose-identity') {
    return DEV_LOGIN_ENABLED ? (
      <DevLoginPanel />
    ) : (
      <ErrorState title="请在微信中打开" message="工会服务是微信小程序，请在微信里搜索或扫码打开。" />
    );
  }
  return <>{children(state.session)}</>;
}
