import { useEffect, useState, type ReactNode } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { Session } from '@shared/schemas/session';
import { ErrorState, Loading } from '../../components/states';
import { hasCurrentConsent, onPrivacyConsentChange } from '../../lib/privacy-consent';
import { allowSignIn } from '../../lib/session-store';
import { DevLoginPanel } from './dev-login-panel';
import { PrivacyNotice } from './privacy-notice';
import { syncPrivacyConsent } from './privacy-sync';
import { useSession } from './use-session';

/**
 * Wraps every screen: first the privacy notice until the person agrees to the current guideline
 * (nothing is sent before, not even the sign-in), then sign-in progress, a retry when the API is
 * unreachable, or the screen.
 */
export function SessionGate({ children }: { children: (session: Session) => ReactNode }) {
  const consented = usePrivacyConsent();
  if (!consented) return <PrivacyNotice />;
  return <SignedIn>{children}</SignedIn>;
}

function usePrivacyConsent(): boolean {
  const [consented, setConsented] = useState(hasCurrentConsent);
  useEffect(() => {
    setConsented(hasCurrentConsent());
    return onPrivacyConsentChange(() => setConsented(hasCurrentConsent()));
  }, []);
  return consented;
}

function SignedIn({ children }: { children: (session: Session) => ReactNode }) {
  const state = useSession();
  const session = state.status === 'signed-in' ? state.session : null;
  useEffect(() => {
    if (session) void syncPrivacyConsent(session);
  }, [session]);

  if (state.status === 'loading') return <Loading text="正在登录…" />;
  if (state.status === 'error') return <ErrorState title="无法连接工会服务" message={state.message} onRetry={state.retry} />;
  if (state.status === 'choose-identity') {
    if (DEV_LOGIN_ENABLED) return <DevLoginPanel />;
    if (process.env.TARO_ENV === 'weapp') return <SignedOut onSignIn={() => (allowSignIn(), state.retry())} />;
    return <ErrorState title="请在微信中打开" message="工会服务是微信小程序，请在微信里搜索或扫码打开。" />;
  }
  return <>{children(state.session)}</>;
}

/** weapp after 退出登录: nothing is signed in until the person asks. */
function SignedOut({ onSignIn }: { onSignIn: () => void }) {
  return (
    <View className="page">
      <View className="page-header">
        <Text className="page-header__title">您已退出登录</Text>
        <Text className="page-header__sub">本机不再保存您的登录信息和个人信息</Text>
      </View>
      <View className="card">
        <Button className="big-button" onClick={onSignIn}>
          微信登录
        </Button>
      </View>
    </View>
  );
}
