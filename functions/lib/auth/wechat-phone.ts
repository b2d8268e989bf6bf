import { env, stage } from '../config';
import { DomainError } from '../errors';

/**
 * The getPhoneNumber button gives a one-time code; the server exchanges it for the number
 * (phonenumber.getuserphonenumber). Needs an access token, fetched with the app secret; on the local
 * stage `dev-phone:<11 digits>` stands in for it. The code is never logged.
 */
let cachedToken: { value: string; expires: number } | undefined;

async function accessToken(): Promise<string> {
  if (cachedToken && cachedToken.expires > Date.now()) return cachedToken.value;
  const url = new URL('/cgi-bin/token', env('WECHAT_API_BASE'));
  url.search = new URLSearchParams({
    grant_type: 'client_credential',
    appid: env('WECHAT_APP_ID'),
    secret: env('WECHAT_APP_SECRET'),
  }).toString();
  const reply = (await (await fetch(url, { signal: AbortSignal.timeout(5000) })).json()) as { access_token?: string; expires_in?: number };
  if (!reply.access_token) throw new DomainError('upstream_unavailable');
  cachedToken = { value: reply.access_token, expires: Date.now() + ((reply.expires_in ?? 7200) - 300) * 1000 };
  return reply.access_token;
}

export async function exchangePhoneCode(code: string): Promise<string> {
  const dev = /^dev-phone:(1[3-9]\d{9})$/.exec(code);
  if (dev) {
    if (stage() !== 'local') throw new DomainError('bad_request', '手机号授权无效', { phoneCode: ['手机号授权无效，请重新授权'] });
    return dev[1]!;
  }
  try {
    const url = new URL('/wxa/business/getuserphonenumber', env('WECHAT_API_BASE'));
    url.search = new URLSearchParams({ access_token: await accessToken() }).toString();
    const reply = (await (
      await fetch(url, { method: 'POST', body: JSON.stringify({ code }), signal: AbortSignal.timeout(5000) })
    ).json()) as {
      errcode?: number;
      phone_info?: { purePhoneNumber?: string };
    };
    const phone = reply.phone_info?.purePhoneNumber;
    if (reply.errcode && reply.errcode !== 0)
      throw new DomainError('bad_request', '手机号授权无效', { phoneCode: ['手机号授权已失效，请重新授权'] });
    if (!phone) throw new DomainError('upstream_unavailable');
    return phone;
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError('upstream_unavailable');
  }
}
