import { z } from 'zod';

/** Ids we mint: lowercase letters, digits and dashes (safe in URLs, keys and a mini-program `scene`). */
export const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, '编号格式不正确');

/** ISO-8601 instant, always UTC on the wire. */
export const Instant = z.iso.datetime('时间格式不正确');

/** A random id the app makes per submission, so a double tap or a retry acts once. */
export const ClientRequestId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, '请求编号格式不正确');

/**
 * C0 controls, DEL and C1 controls: nobody types them, and once stored they show as boxes (or, as
 * ESC sequences, rewrite a terminal or a CSV viewer). Newline is a C0 control too: only texts
 * that allow several lines let it through.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- as above
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
export const CONTROL_MESSAGE = '不能包含控制字符';
export const hasControlCharacters = (s: string, allowNewline = false) => (allowNewline ? CONTROL_BUT_NEWLINE : CONTROL).test(s);

export interface TextRule {
  max: number;
  /** at least this many characters (after trimming); omit for a text that may be empty */
  min?: number;
  /** shown when shorter than `min`, e.g. 请填写名称 */
  minMessage?: string;
}

function text({ max, min, minMessage }: TextRule, allowNewline: boolean) {
  let schema = z.string('请填写文字').trim();
  if (min !== undefined) schema = schema.min(min, minMessage ?? `至少 ${min} 个字`);
  return schema.max(max, `最多 ${max} 个字`).refine((s) => !hasControlCharacters(s, allowNewline), CONTROL_MESSAGE);
}

/** One line a person typed (a name, a title, a place): trimmed, length-checked, no control characters. */
export const Text = (rule: TextRule) => text(rule, false);

/** Text that may run over several lines (a description, a wall post): as Text, but newlines allowed. */
export const MultilineText = (rule: TextRule) => text(rule, true);

/**
 * A string made by a machine and handed back to us (a login code, a ticket, a cursor): printable
 * ASCII only, so nothing invisible or oversized reaches a log, a URL or a table.
 */
export const Opaque = ({ min = 1, max, message = '格式不正确' }: { min?: number; max: number; message?: string }) =>
  z
    .string()
    .min(min, message)
    .max(max, message)
    .regex(/^[\x21-\x7e]*$/, message);

/** Mask a mainland mobile number: 13812341234 → 138****1234. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****';
}

/** Mask a Chinese name: 王小明 → 王*明, 王明 → 王*; other names keep the first character. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return chars[0]!;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
