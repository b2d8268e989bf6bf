import { beijingDate } from '@shared/beijing-time';

/** "2026年3月5日" (Beijing): a date that may lie in an earlier year, where 3月5日 周四 alone would mislead. */
export function yearDay(at: string): string {
  const [y, m, d] = beijingDate(at).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
