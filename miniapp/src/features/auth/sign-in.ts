import Taro from '@tarojs/taro';
import type { Session } from '@shared/schemas/session';
import { api } from '../../lib/api';
import { currentSession, isSignedOut, saveSession } from '../../lib/session-store';

/**
 * Signs in on launch. weapp: wx.login gives a one-time code the server exchanges with WeChat.
 * H5 has no wx.login: only the local stage's dev login exists there (see DevLoginPanel).
 * Returns null when the person has to choose a dev identity first.
 */
let inFlight: Promise<Session> | null = null;

export async function signIn(): Promise<Session | null> {
  const existing = currentSession();
  if (existing) return existing;
  // after 退出登录 the person signs in again only when they tap 登录
  if (process.env.TARO_ENV !== 'weapp' || isSignedOut()) return null;
  // several screens may ask at once; one wx.login code can be exchanged only once
  inFlight ??= (async () => {
    const { code } = await Taro.login();
    if (!code) throw new Error('wx.login returned no code');
    const session = await api.loginWithWechat({ body: { code } });
    saveSession(session);
    return session;
  })().finally(() => {
    inFlight = null;
  });
  return inFlight;
}

/** Local H5 only: sign in as one of the seeded demo people (`dev:<login>`). */
export async function signInAsDemo(login: string): Promise<Session> {
  const session = await api.loginWithWechat({ body: { code: `dev:${login}` } });
  saveSession(session);
  return session;
}
