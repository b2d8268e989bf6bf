import { beijingDate } from '@shared/beijing-time';

/** The largest amount the API takes (ReviewClaim: 100 万元), in fen. */
const MAX_FEN = 100_000_000;

/**
 * What staff typed in yuan ("3000", "3,000.5", "1234.56") → fen, or the Chinese problem with it, said
 * beside the field. Parsed as text, never through floating point: 0.1 + 0.2 is no amount of money.
 */
export function fenFromYuan(typed: string, missing: string): { fen: number } | { problem: string } {
  const text = typed
    .trim()
    .replace(/[,，\s]/g, '')
    .replace(/^[¥￥]/, '');
  if (!text) return { problem: missing };
  const match = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(text);
  if (!match)
    return /^\d+\.\d{3,}$/.test(text) ? { problem: '金额最多两位小数（精确到分）' } : { problem: '请填写数字金额，例如 3000 或 1234.56' };
  const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (fen < 1) return { problem: '金额须大于 0' };
  if (fen > MAX_FEN) return { problem: '金额不能超过 100 万元' };
  return { fen };
}

/** fen → what the amount box shows to start with: "3000.00". */
export const yuanText = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** Whole Beijing days from `since` to `now`: a claim submitted yesterday evening has waited 1 day this morning. */
export function daysWaited(since: string, now = new Date()): number {
  const from = Date.parse(`${beijingDate(since)}T00:00:00Z`);
  const to = Date.parse(`${beijingDate(now)}T00:00:00Z`);
  return Math.max(0, Math.round((to - from) / 86_400_000));
}
