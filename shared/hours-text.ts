import type { Interval, OpeningHours } from './schemas/station';

/**
 * Opening hours as people write them in a spreadsheet, both ways:
 *   "24小时" · "每天 08:00-20:00" · "周一至周五 09:00-12:00,13:00-18:00；周六 10:00-16:00"
 */
const DAYS = '一二三四五六日';
const ALL_DAY = /^(24\s*小时|24h|全天)$/i;
const INTERVAL = /^([0-2]\d:[0-5]\d)-([0-2]\d:[0-5]\d)$/;

export function parseHoursText(text: string): OpeningHours | { error: string } {
  const trimmed = text.trim();
  const closed: Interval[][] = [[], [], [], [], [], [], []];
  if (ALL_DAY.test(trimmed)) return { allDay: true, weekly: closed };
  if (!trimmed) return { error: '请填写开放时间，如“每天 08:00-20:00”或“24小时”' };
  const weekly = closed.map(() => [] as Interval[]);
  for (const segment of trimmed
    .split(/[;；]/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const match = /^(每天|周[一二三四五六日](?:[至到-]周[一二三四五六日])?)\s*(.+)$/.exec(segment);
    if (!match) return { error: `看不懂“${segment}”，请写成“周一至周五 09:00-18:00”` };
    const [from, to] = match[1] === '每天' ? [0, 6] : [DAYS.indexOf(match[1]![1]!), DAYS.indexOf(match[1]!.at(-1)!)];
    const intervals: Interval[] = [];
    for (const part of match[2]!.split(/[,，、\s]+/).filter(Boolean)) {
      const iv = INTERVAL.exec(part);
      if (!iv) return { error: `时间“${part}”应写成 09:00-18:00` };
      intervals.push({ open: iv[1]!, close: iv[2]! });
    }
    for (let d = from!; d <= to!; d++) weekly[d] = intervals;
    if (to! < from!) return { error: `“${match[1]}”的起止顺序不对` };
  }
  return { allDay: false, weekly };
}

export function formatHoursText(hours: OpeningHours): string {
  if (hours.allDay) return '24小时';
  const text = (ivs: Interval[]) => ivs.map((iv) => `${iv.open}-${iv.close}`).join(',');
  const segments: string[] = [];
  let start = 0;
  for (let d = 1; d <= 7; d++) {
    if (d < 7 && text(hours.weekly[d]!) === text(hours.weekly[start]!)) continue;
    const ivs = hours.weekly[start]!;
    if (ivs.length > 0) {
      const days = start === 0 && d === 7 ? '每天' : start === d - 1 ? `周${DAYS[start]}` : `周${DAYS[start]}至周${DAYS[d - 1]}`;
      segments.push(`${days} ${text(ivs)}`);
    }
    start = d;
  }
  return segments.join('；');
}
