import { stage } from '../config';
import { DomainError } from '../errors';
import { callWechat } from '../wechat/access-token';

/**
 * The getPhoneNumber button gives a one-time code; the server exchanges it for the number
 * (phonenumber.getuserphonenumber) with the app's access token (functions/lib/wechat/access-token.ts);
 * on the local stage `dev-phone:<11 digits>` stands in for it. The code is never logged.
 */
export async function exchangePhoneCode(code: string): Promise<string> {
  const dev = /^dev-phone:(1[3-9]\d{9})$/.exec(code);
  if (dev) {
    if (stage() !== 'local') throw new DomainError('bad_request', '手机号授权无效', { phoneCode: ['手机号授权无效，请重新授权'] });
    return dev[1]!;
  }
  try {
    const reply = await callWechat<{ phone_info?: { purePhoneNumber?: string } }>('/wxa/business/getuserphonenumber', { code });
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
