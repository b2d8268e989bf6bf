import Taro from '@tarojs/taro';
import type { Session } from '@shared/schemas/session';

/**
 * The signed-in session, kept in storage so a restart does not sign the worker in again.
 * Lives in lib (below features) because the API client reads the token from it.
 */
const STORAGE_KEY = 'union.session';
/** set by 退出登录 until the person signs in again */
const SIGNED_OUT_KEY = 'union.signedOut';
/** refresh a little before the server would refuse the token */
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;

type Listener = (session: Session | null) => void;
let session: Session | null | undefined;
const listeners = new Set<Listener>();

function load(): Session | null {
  try {
    const stored = Taro.getStorageSync(STORAGE_KEY) as Session | '' | undefined;
    return stored && typeof stored === 'object' && stored.token ? stored : null;
  } catch {
    return null;
  }
}

export function currentSession(): Session | null {
  if (session === undefined) session = load();
  if (session && new Date(session.expiresAt).getTime() - EXPIRY_MARGIN_MS < Date.now()) session = null;
  return session;
}

/**
 * The last session kept on this phone even when it has expired (null after 退出登录): whose kept
 * member card and tickets may be shown while the network is down and a new sign-in cannot happen
 * (SessionGate). Never used to call the API: its token is not sent (currentToken is null).
 */
export function keptSession(): Session | null {
  if (isSignedOut()) return null;
  return currentSession() ?? load();
}

export function currentToken(): string | null {
  return currentSession()?.token ?? null;
}

export function saveSession(next: Session | null): void {
  session = next;
  if (next) {
    Taro.setStorageSync(STORAGE_KEY, next);
    Taro.removeStorageSync(SIGNED_OUT_KEY);
  } else Taro.removeStorageSync(STORAGE_KEY);
  listeners.forEach((listener) => listener(next));
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * A signed-in call got 401: the token is expired or revoked, so drop it and let the gate sign in again.
 * Staff whose role was revoked are told why (the server's message), not just sent back to sign-in.
 */
export function handleUnauthorized(error?: { message: string }): void {
  const session = currentSession();
  if (!session) return;
  saveSession(null);
  if (session.me.role !== 'worker' && error?.message) {
    void Taro.showModal({ title: '需要重新登录', content: error.message, showCancel: false, confirmText: '知道了' });
  }
}

/**
 * A staff route answered 403 staff_only: the server sees a worker behind this session. Staff pages
 * listen (StaffGate) and show their 此页面仅限工会工作人员使用 state instead of a 重试 that cannot succeed.
 */
const staffOnlyListeners = new Set<() => void>();

export function handleStaffOnly(): void {
  staffOnlyListeners.forEach((listener) => listener());
}

export function onStaffOnly(listener: () => void): () => void {
  staffOnlyListeners.add(listener);
  return () => staffOnlyListeners.delete(listener);
}

/**
 * 退出登录: forget the session on this device, and remember that the person chose to leave, so the
 * weapp does not sign them straight back in with wx.login (they tap 登录 to come back).
 */
export function signOut(): void {
  Taro.setStorageSync(SIGNED_OUT_KEY, true);
  saveSession(null);
}

export function isSignedOut(): boolean {
  try {
    return Taro.getStorageSync(SIGNED_OUT_KEY) === true;
  } catch {
    return false;
  }
}

/** 登录 after 退出登录: the next sign-in may use wx.login again. */
export function allowSignIn(): void {
  Taro.removeStorageSync(SIGNED_OUT_KEY);
}
