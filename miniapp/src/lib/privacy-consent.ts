import Taro from '@tarojs/taro';
import { PRIVACY_VERSION } from '@shared/schemas/privacy';

/**
 * The person's consent to 《工会服务用户隐私保护指引》 on this device. Kept locally first, so the app
 * can ask before it sends anything (not even the sign-in); sent to the server once signed in
 * (POST /me/privacy-consent). A consent to another version than PRIVACY_VERSION counts as none:
 * a new guideline asks again.
 */
const STORAGE_KEY = 'union.privacy';

/** the full guideline, readable before signing in */
export const PRIVACY_PAGE_URL = '/pages/privacy/index';
/** 我的 → 个人信息与隐私 */
export const MY_PRIVACY_PAGE_URL = '/pages/my-privacy/index';

export interface LocalConsent {
  version: string;
  /** ISO time of the tap on 同意 */
  at: string;
}

type Listener = (consent: LocalConsent | null) => void;
const listeners = new Set<Listener>();

export function storedConsent(): LocalConsent | null {
  try {
    const stored = Taro.getStorageSync(STORAGE_KEY) as LocalConsent | '' | undefined;
    return stored && typeof stored === 'object' && typeof stored.version === 'string' ? stored : null;
  } catch {
    return null;
  }
}

/** True when this device holds a consent to the guideline the app shows now. */
export function hasCurrentConsent(): boolean {
  return storedConsent()?.version === PRIVACY_VERSION;
}

export function agreeToPrivacy(now = new Date()): LocalConsent {
  const consent = { version: PRIVACY_VERSION, at: now.toISOString() };
  Taro.setStorageSync(STORAGE_KEY, consent);
  resolveWechatPrivacy('agree');
  listeners.forEach((listener) => listener(consent));
  return consent;
}

/** 撤回同意, or the server refused the stored version: the app asks again before anything else. */
export function forgetPrivacyConsent(): void {
  Taro.removeStorageSync(STORAGE_KEY);
  listeners.forEach((listener) => listener(null));
}

/**
 * A withdrawal (by the server's time) this device has already acted on: the person was asked again
 * after it, so a phone whose clock runs behind the server's is not asked over and over.
 */
const WITHDRAWAL_SEEN_KEY = 'union.privacyWithdrawalSeen';

export function withdrawalSeen(withdrawnAt: string): boolean {
  try {
    return Taro.getStorageSync(WITHDRAWAL_SEEN_KEY) === withdrawnAt;
  } catch {
    return false;
  }
}

export function markWithdrawalSeen(withdrawnAt: string): void {
  Taro.setStorageSync(WITHDRAWAL_SEEN_KEY, withdrawnAt);
}

export function onPrivacyConsentChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * weapp: WeChat holds its own record of the agreement and, before any privacy API (location, phone
 * number, photos) runs without it, fires onNeedPrivacyAuthorization. The app then shows its notice;
 * the notice's 同意 button has open-type="agreePrivacyAuthorization" (id AGREE_BUTTON_ID), and the
 * waiting API continues once `resolve` is told so.
 */
export const AGREE_BUTTON_ID = 'agree-privacy';
type WechatResolve = (option: { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }) => void;
let pendingWechatResolve: WechatResolve | null = null;

export function watchWechatPrivacyRequests(): void {
  if (process.env.TARO_ENV !== 'weapp' || typeof Taro.onNeedPrivacyAuthorization !== 'function') return;
  Taro.onNeedPrivacyAuthorization((resolve) => {
    pendingWechatResolve = resolve;
    resolve({ event: 'exposureAuthorization' });
    // WeChat's record is missing though the app's is current (a new guideline in the console, a
    // cleared record): the notice shows again, and its 同意 answers WeChat too
    forgetPrivacyConsent();
  });
}

/** The notice answered WeChat's pending request (if any). */
export function resolveWechatPrivacy(event: 'agree' | 'disagree'): void {
  const resolve = pendingWechatResolve;
  pendingWechatResolve = null;
  resolve?.(event === 'agree' ? { event, buttonId: AGREE_BUTTON_ID } : { event });
}
