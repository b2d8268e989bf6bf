import { z } from 'zod';

/** Ids we mint: lowercase letters, digits and dashes (safe in URLs, keys and a mini-program `scene`). */
export const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, '编号格式不正确');

/** ISO-8601 instant, always UTC on the wire. */
export const Instant = z.iso.datetime();

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
