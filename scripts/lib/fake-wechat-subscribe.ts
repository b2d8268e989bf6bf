/**
 * The fake WeChat's POST /cgi-bin/message/subscribe/send (scripts/lib/fake-wechat.ts), checking what
 * the real one checks (subscribeMessage.send, 参数值内容限制):
 *   touser        a non-empty openid                                  else 40003
 *   template_id   a non-empty id                                      else 40037
 *   data          { <field>: { value: string } }, at least one field  else 47003
 *   thing<n>      ≤ 20 characters (UTF-16 units: an emoji counts 2)
 *   phrase<n>     ≤ 5 Chinese characters and nothing else
 *   time<n>       24-hour time, optionally with the date: 14:30, 2026年11月30日 14:30
 *   character_string<n>  ≤ 32 ASCII letters, digits or symbols
 *   a field over its limit → 47003 "argument invalid! data.<field>.value invalid", as WeChat names it
 *   page          if given, no leading '/' (a path of the app)        else 41030
 * Sends it accepts are kept in `sent` (tests read them; a 43101 or other failure asked with
 * `failNext` is not a send).
 */
export interface SubscribeSend {
  touser: string;
  template_id: string;
  page?: string;
  data: Record<string, string>;
  miniprogram_state?: string;
}

const TIME = /^(\d{4}年\d{1,2}月\d{1,2}日 )?([01]\d|2[0-3]):[0-5]\d$/;

function fieldProblem(name: string, value: string): boolean {
  if (value === '') return true;
  if (name.startsWith('thing')) return value.length > 20;
  if (name.startsWith('phrase')) return !/^\p{Script=Han}{1,5}$/u.test(value);
  if (name.startsWith('time')) return !TIME.test(value);
  if (name.startsWith('character_string')) return value.length > 32 || !/^[\x21-\x7e]+$/.test(value);
  return value.length > 20;
}

export function subscribeVerdict(body: Record<string, unknown>, sent: SubscribeSend[]): object {
  if (typeof body.touser !== 'string' || !body.touser) return { errcode: 40003, errmsg: 'invalid openid' };
  if (typeof body.template_id !== 'string' || !body.template_id) return { errcode: 40037, errmsg: 'invalid template_id' };
  if (body.page !== undefined && (typeof body.page !== 'string' || body.page.startsWith('/'))) {
    return { errcode: 41030, errmsg: 'invalid page' };
  }
  const data = body.data;
  if (!data || typeof data !== 'object' || Object.keys(data).length === 0)
    return { errcode: 47003, errmsg: 'argument invalid! data is empty' };
  const values: Record<string, string> = {};
  for (const [name, field] of Object.entries(data as Record<string, unknown>)) {
    const value = (field as { value?: unknown } | null)?.value;
    if (typeof value !== 'string' || fieldProblem(name, value)) {
      return { errcode: 47003, errmsg: `argument invalid! data.${name}.value invalid` };
    }
    values[name] = value;
  }
  sent.push({
    touser: body.touser,
    template_id: body.template_id,
    ...(typeof body.page === 'string' ? { page: body.page } : {}),
    data: values,
    ...(typeof body.miniprogram_state === 'string' ? { miniprogram_state: body.miniprogram_state } : {}),
  });
  return { errcode: 0, errmsg: 'ok', msgid: sent.length };
}
