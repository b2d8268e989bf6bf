import Taro from '@tarojs/taro';

/**
 * What the signed-in person still needs when the network drops: their own member card, their own
 * tickets and their membership as 我的 shows it (the way to the card), nothing else. Each copy is
 * stored under a key that names their user id; on weapp it
 * is encrypted by WeChat (AES-128, `encrypt: true`, base library 2.21.3+, async API only); H5 has
 * no encrypted storage and keeps it in localStorage. Only one person's copies stay on a device:
 * saving for someone else drops the rest. 退出登录 calls `clearOfflineCache()`.
 */
export type OfflineKind = 'member-card' | 'signups' | 'membership';
export interface OfflineCopy<T> {
  /** when the copy was fetched (ISO instant) */
  savedAt: string;
  data: T;
}

/** the keys written, so clearing never needs to list (encrypted) storage */
const INDEX_KEY = 'union.offline';
const ownerPrefix = (userId: string) => `union.offline:${userId}:`;
const keyOf = (kind: OfflineKind, userId: string) => `${ownerPrefix(userId)}${kind}`;
const ENCRYPT = process.env.TARO_ENV === 'weapp';
/** WeChat takes `encrypt`; Taro's types do not name it and H5 ignores it */
type WithEncrypt<T> = T & { encrypt?: boolean };

function writtenKeys(): string[] {
  try {
    const keys: unknown = Taro.getStorageSync(INDEX_KEY);
    return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

function remove(key: string): void {
  try {
    Taro.removeStorageSync(key);
  } catch {
    // already gone
  }
}

export async function saveOffline<T>(kind: OfflineKind, userId: string, data: T, now = new Date()): Promise<void> {
  const key = keyOf(kind, userId);
  const [mine, others] = partition(writtenKeys(), (k) => k.startsWith(ownerPrefix(userId)));
  // another account signed in on this phone: its card and tickets go before this one's are kept
  others.forEach(remove);
  try {
    Taro.setStorageSync(INDEX_KEY, [...new Set([...mine, key])]);
    const copy: OfflineCopy<T> = { savedAt: now.toISOString(), data };
    const option: WithEncrypt<Taro.setStorage.Option> = { key, data: copy, ...(ENCRYPT ? { encrypt: true } : {}) };
    await Taro.setStorage(option);
  } catch {
    // storage full or refused: the screen works online as before, only without an offline copy
  }
}

export async function readOffline<T>(kind: OfflineKind, userId: string): Promise<OfflineCopy<T> | null> {
  try {
    const option: WithEncrypt<Taro.getStorage.Option<OfflineCopy<T>>> = { key: keyOf(kind, userId), ...(ENCRYPT ? { encrypt: true } : {}) };
    const { data } = await Taro.getStorage<OfflineCopy<T>>(option);
    // weapp answers a missing key with a failure, some fakes and H5 with nothing
    return data && typeof data === 'object' && typeof data.savedAt === 'string' && data.data !== undefined ? data : null;
  } catch {
    return null;
  }
}

/** 退出登录 (and 注销账号): forget every offline copy on this device. */
export function clearOfflineCache(): void {
  writtenKeys().forEach(remove);
  remove(INDEX_KEY);
}

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}
