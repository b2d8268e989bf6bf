import { Fragment, useEffect, useRef, useState, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { Session } from '@shared/schemas/session';
import { ErrorState, Loading } from '../../components/states';
import { UsableOffline } from '../../components/usable-offline';
import { hasCurrentConsent, onPrivacyConsentChange } from '../../lib/privacy-consent';
import { allowSignIn, keptSession } from '../../lib/session-store';
import { DevLoginPanel } from './dev-login-panel';
import { PrivacyNotice } from './privacy-notice';
import { syncPrivacyConsent } from './privacy-sync';
import { useSession } from './use-session';

/** while signed in only from the kept session, how often to try signing in again */
const QUIET_RETRY_MS = 30_000;

/**
 * Wraps every screen: first the privacy notice until the person agrees to the current guideline
 * (nothing is sent before, not even the sign-in), then sign-in progress, a retry when the API is
 * unreachable, or the screen.
 *
 * `offline`: the screen can show its kept copy (the member card, 我的报名; lib/offline-cache). When
 * signing in fails for want of a network (on weapp: the stored session expired while the phone was
 * offline, and wx.login or the API cannot be reached) and this phone still holds the last session,
 * such a screen opens with it anyway: its requests fail, so it shows its kept copy marked 离线 and
 * read-only. Other screens say what is still usable offline. Meanwhile the gate signs in again
 * quietly (every 30 s and when the network returns) and then reopens the screen, which fetches afresh.
 */
export function SessionGate({ children, offline = false }: { children: (session: Session) => ReactNode; offline?: boolean }) {
  const consented = usePrivacyConsent();
  useScrollTopOnChange(consented);
  if (!consented) return <PrivacyNotice />;
  return <SignedIn offline={offline}>{children}</SignedIn>;
}

function usePrivacyConsent(): boolean {
  const [consented, setConsented] = useState(hasCurrentConsent);
  useEffect(() => {
    setConsented(hasCurrentConsent());
    return onPrivacyConsentChange(() => setConsented(hasCurrentConsent()));
  }, []);
  return consented;
}

function SignedIn({ children, offline }: { children: (session: Session) => ReactNode; offline: boolean }) {
  const state = useSession();
  const session = state.status === 'signed-in' ? state.session : null;
  useEffect(() => {
    if (session) void syncPrivacyConsent(session);
  }, [session]);
  const kept = state.status === 'error' && state.unreachable ? keptSession() : null;
  useQuietSignIn(kept !== null, state.retryQuietly);
  useScrollTopOnChange(state.status);

  if (state.status === 'loading') return <Loading text="正在登录…" />;
  if (state.status === 'error') {
    // keyed: once signed in again the screen is opened afresh with the new session
    if (kept && offline) return <Fragment key="kept">{children(kept)}</Fragment>;
    return (
      <View>
        <ErrorState title="无法连接工会服务" message={state.message} onRetry={state.retry} />
        {kept ? <UsableOffline /> : null}
      </View>
    );
  }
  if (state.status === 'choose-identity') {
    if (DEV_LOGIN_ENABLED) return <DevLoginPanel />;
    if (process.env.TARO_ENV === 'weapp') return <SignedOut onSignIn={() => (allowSignIn(), state.retry())} />;
    return <ErrorState title="请在微信中打开" message="工会服务是微信小程序，请在微信里搜索或扫码打开。" />;
  }
  return <Fragment key="signed-in">{children(state.session)}</Fragment>;
}

/**
 * The notice (or sign-in) gives way to the screen in the same page: its scroll position would stay,
 * clamped to the new, shorter content, and the screen would open cut at the top (the 56 px the tab
 * bar adds to a one-screen page). Each change after the first render starts the page at the top.
 */
function useScrollTopOnChange(what: unknown) {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // cosmetic: a base library without it (or a failure) must never take the screen down
    Taro.pageScrollTo?.({ scrollTop: 0, duration: 0 })?.catch(() => undefined);
  }, [what]);
}

/** While the kept session stands in: sign in again every 30 s and as soon as the network is back. */
function useQuietSignIn(active: boolean, retryQuietly: () => void) {
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(retryQuietly, QUIET_RETRY_MS);
    const onNetwork = (status: { isConnected: boolean }) => status.isConnected && retryQuietly();
    // not every platform (nor every test double) has the listener
    const canListen = typeof Taro.onNetworkStatusChange === 'function' && typeof Taro.offNetworkStatusChange === 'function';
    if (canListen) Taro.onNetworkStatusChange(onNetwork);
    return () => {
      clearInterval(timer);
      if (canListen) Taro.offNetworkStatusChange(onNetwork);
    };
  }, [active, retryQuietly]);
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
