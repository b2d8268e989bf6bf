import { createHash } from 'node:crypto';
import { env, stage } from '../config';
import { DomainError } from '../errors';

/**
 * Exchanges a wx.login code for the caller's WeChat identity (code2Session).
 * The session_key WeChat returns is dropped at once: we use the newer phone-number API, which
 * needs no session_key, so it is never stored, returned or logged.
 */
export interface WechatIdentity {
  /** sha256 of app id + openid: enough to recognise the person again, useless elsewhere */
  openidHash: string;
  /**
   * the openid itself, for the subscribe-message sender only (functions/tables/notify.ts keeps it
   * where nothing else reads it); dev logins get a made-up one so the local fake can be sent to
   */
  openid: string;
}

export type CodeExchanger = (code: string) => Promise<WechatIdentity>;

const DEV_CODE = /^dev:([a-z0-9-]{1,32})$/;

function hashOpenid(appId: string, openid: string): string {
  return createHash('sha256').update(`${appId}:${openid}`).digest('hex');
}

/** Calls WeChat's jscode2session; base URL, app id and secret come from configuration. */
export async function exchangeWithWechat(code: string): Promise<WechatIdentity> {
  const appId = env('WECHAT_APP_ID');
  const url = new URL('/sns/jscode2session', env('WECHAT_API_BASE'));
  url.search = new URLSearchParams({
    appid: appId,
    secret: env('WECHAT_APP_SECRET'),
    js_code: code,
    grant_type: 'authorization_code',
  }).toString();

  let reply: { openid?: string; errcode?: number };
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`WeChat answered HTTP ${response.status}`);
    reply = (await response.json()) as typeof reply;
  } catch {
    throw new DomainError('upstream_unavailable');
  }
  // Only the fields we need are read; session_key stays in `reply` and goes out of scope.
  if (reply.errcode === 40029 || reply.errcode === 40163) throw new DomainError('wechat_code_invalid');
  if (reply.errcode === 45011) throw new DomainError('too_many_requests', '登录太频繁，请一分钟后再试');
  if ((reply.errcode && reply.errcode !== 0) || !reply.openid) throw new DomainError('upstream_unavailable');
  return { openidHash: hashOpenid(appId, reply.openid), openid: reply.openid };
}

/** On the local stage only: `dev:<name>` logs in as a demo person without WeChat. */
export async function exchangeDevCode(code: string): Promise<WechatIdentity> {
  const match = DEV_CODE.exec(code);
  if (!match) throw new DomainError('wechat_code_invalid', '本地登录码应为 dev:<名字>，例如 dev:worker');
  return { openidHash: devOpenidHash(match[1]!), openid: `dev-openid-${match[1]!}` };
}

export function devOpenidHash(name: string): string {
  return hashOpenid('local-dev', `dev:${name}`);
}

/** Picks the exchanger for this stage; a dev code never reaches, or passes, a deployed stage. */
export function exchangeCode(code: string): Promise<WechatIdentity> {
  if (code.startsWith('dev:')) {
    if (stage() !== 'local') throw new DomainError('wechat_code_invalid', '开发登录仅在本地环境可用');
    return exchangeDevCode(code);
  }
  return exchangeWithWechat(code);
}
