import { env } from '../config';

/**
 * WeChat's server API (api.weixin.qq.com), called with the app's access token.
 *
 * The token comes from `stable_token` (POST /cgi-bin/stable_token): unlike the older /cgi-bin/token,
 * asking again in normal mode returns the same token while it is valid, so several containers share
 * one token instead of invalidating each other's. Each container caches it until 5 minutes before
 * it expires. A call WeChat refuses with 40001 (token invalid) or 42001 (token expired) gets a fresh
 * token and is retried once: normal mode first; force_refresh only when WeChat hands back the very
 * token it just refused (force_refresh is limited to 20 a day and invalidates everyone's token).
 *
 * The token goes into the query string of the calls it authorises and nowhere else: it is never
 * logged, returned or put into an error message (errors name the path, never the URL).
 */

/** WeChat could not be reached, or answered something other than JSON: the caller retries later. */
export class WechatUnavailable extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`WeChat ${path}: ${reason}`);
    this.name = 'WechatUnavailable';
  }
}

/** Every WeChat reply carries errcode (absent or 0 on success) and errmsg. */
export interface WechatReply {
  errcode?: number;
  errmsg?: string;
}

/** per request: a token fetch and a call that both hang still end within a 10 s Lambda */
const TIMEOUT_MS = 4000;
/** refresh this long before WeChat's expiry, so a token never expires mid-call */
const EARLY_MS = 5 * 60 * 1000;
const TOKEN_ERRORS = new Set([40001, 42001]);

let cached: { value: string; expires: number } | undefined;
let pending: Promise<string> | undefined;

async function postJson<T>(path: string, body: unknown, query?: Record<string, string>): Promise<T & WechatReply> {
  const url = new URL(path, env('WECHAT_API_BASE'));
  if (query) url.search = new URLSearchParams(query).toString();
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      // a FormData body sets its own multipart content type and boundary
      ...(body instanceof FormData ? { body } : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new WechatUnavailable(path, (error as Error).name === 'TimeoutError' ? 'timed out' : 'unreachable');
  }
  if (!response.ok) throw new WechatUnavailable(path, `HTTP ${response.status}`);
  try {
    // WeChat answers JSON with a text/plain content type
    return JSON.parse(await response.text()) as T & WechatReply;
  } catch {
    throw new WechatUnavailable(path, 'not JSON');
  }
}

async function fetchToken(forceRefresh: boolean): Promise<string> {
  const reply = await postJson<{ access_token?: string; expires_in?: number }>('/cgi-bin/stable_token', {
    grant_type: 'client_credential',
    appid: env('WECHAT_APP_ID'),
    secret: env('WECHAT_APP_SECRET'),
    force_refresh: forceRefresh,
  });
  if (!reply.access_token) throw new WechatUnavailable('/cgi-bin/stable_token', `errcode ${reply.errcode ?? 'none'}`);
  cached = { value: reply.access_token, expires: Date.now() + (reply.expires_in ?? 7200) * 1000 - EARLY_MS };
  return reply.access_token;
}

/** The cached access token, fetched once per container (simultaneous callers share one request). */
export async function accessToken(): Promise<string> {
  if (cached && cached.expires > Date.now()) return cached.value;
  pending ??= fetchToken(false).finally(() => (pending = undefined));
  return pending;
}

/** A token WeChat refused: drop it and get another (forcing only if WeChat repeats the refused one). */
async function replaceToken(refused: string): Promise<string> {
  if (cached?.value === refused) cached = undefined;
  const fresh = await accessToken();
  return fresh === refused ? fetchToken(true) : fresh;
}

/**
 * POSTs `body` to a WeChat server API path with the access token, refreshing the token once when
 * WeChat says it is invalid or expired. `body` is sent as JSON, or as multipart when it is a
 * FormData (sent again as is on the retry). Returns WeChat's reply, errcode included, for the caller
 * to read; throws WechatUnavailable when WeChat cannot be reached.
 */
export async function callWechat<T extends object = object>(path: string, body: unknown): Promise<T & WechatReply> {
  const token = await accessToken();
  const reply = await postJson<T>(path, body, { access_token: token });
  if (reply.errcode === undefined || !TOKEN_ERRORS.has(reply.errcode)) return reply;
  return postJson<T>(path, body, { access_token: await replaceToken(token) });
}

/** Tests: forget the cached token, as a new container would. */
export function forgetAccessToken(): void {
  cached = undefined;
  pending = undefined;
}
