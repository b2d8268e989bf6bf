import Taro from '@tarojs/taro';
import { clearOfflineCache } from './offline-cache';
import { signOut } from './session-store';

/**
 * Forgets what this device keeps about the person besides the session: the offline member card and
 * tickets (lib/offline-cache.ts). 退出登录 and 撤回同意 call it; 注销账号 will too. Anything new that
 * keeps personal data on the phone is cleared here.
 */
export function clearPersonalDataOnDevice(): void {
  clearOfflineCache();
}

/** 退出登录: cached personal data first, then the session (the gate then shows sign-in). */
export function signOutAndForget(): void {
  clearPersonalDataOnDevice();
  signOut();
}

/** 退出登录 after a red confirm; true when the person was signed out. */
export async function confirmSignOut(): Promise<boolean> {
  const { confirm } = await Taro.showModal({
    title: '退出登录',
    content: '退出后，本机不再保存您的登录信息和会员卡等个人信息，下次使用需要重新登录。',
    confirmText: '退出登录',
    confirmColor: '#c8102e',
  });
  if (!confirm) return false;
  signOutAndForget();
  void Taro.showToast({ title: '已退出登录', icon: 'success' });
  return true;
}
