import { openStateLabel, type OpeningHours, type OpenState, type StationStatus } from '@shared/schemas/station';
import { shanghaiClock, weekdayLabels } from '@shared/station-hours';

const minutes = (clock: string) => {
  const [h, m] = clock.split(':').map(Number);
  return h! * 60 + m!;
};

/** One opening as minutes from the start of `day` (Monday = 0); a close past midnight runs into the next day. */
interface Span {
  day: number;
  from: number;
  to: number;
  close: string;
}

function spans(hours: OpeningHours): Span[] {
  const list: Span[] = [];
  hours.weekly.forEach((intervals, day) => {
    for (const { open, close } of intervals) {
      const from = minutes(open);
      const end = minutes(close);
      list.push({ day, from, to: end > from ? end : end + 24 * 60, close });
    }
  });
  return list;
}

function dayWord(offset: number, day: number): string {
  if (offset === 0) return '今天';
  if (offset === 1) return '明天';
  return weekdayLabels[day]!;
}

/**
 * Today's hours in words for someone deciding whether to go now: 今天 18:00 关门 · 今天 08:00 开门 ·
 * 24 小时开放 · 今天不开放. Beijing time whatever the phone's zone (shanghaiClock).
 */
export function todayHoursText(hours: OpeningHours, status: StationStatus, at: Date): string {
  if (status === 'temporarily-closed') return '暂停开放';
  if (hours.allDay) return '24 小时开放';
  const { day, minute } = shanghaiClock(at);
  const week = 7 * 24 * 60;
  const now = day * 24 * 60 + minute;
  // absolute minutes in the week, also for the week before, so an opening from yesterday night counts
  const all = spans(hours).flatMap((s) => {
    const start = s.day * 24 * 60 + s.from;
    return [-week, 0, week].map((shift) => ({ ...s, start: start + shift, end: start + (s.to - s.from) + shift }));
  });
  const current = all.filter((s) => s.start <= now && now < s.end);
  if (current.length) {
    // back-to-back openings (08:00-12:00, 12:00-18:00) close at the last one's end
    let end = Math.max(...current.map((s) => s.end));
    for (;;) {
      const next = all.filter((s) => s.start <= end && s.end > end);
      if (!next.length) break;
      end = Math.max(...next.map((s) => s.end));
    }
    if (end - now >= week) return '24 小时开放';
    const closing = all.find((s) => s.end === end)!;
    const closeDayOffset = Math.floor((end - 1) / (24 * 60)) - Math.floor(now / (24 * 60));
    const clock = closing.close === '00:00' ? '24:00' : closing.close;
    return `${dayWord(closeDayOffset, (day + closeDayOffset) % 7)} ${clock} 关门`;
  }
  const upcoming = all.filter((s) => s.start > now).sort((a, b) => a.start - b.start)[0];
  const todayHasHours = hours.weekly[day]!.length > 0;
  if (!upcoming) return '今天不开放';
  const offset = Math.floor(upcoming.start / (24 * 60)) - Math.floor(now / (24 * 60));
  const opens = `${dayWord(offset, (day + offset) % 7)} ${String(Math.floor(upcoming.from / 60)).padStart(2, '0')}:${String(upcoming.from % 60).padStart(2, '0')} 开门`;
  if (offset === 0) return opens;
  return `${todayHasHours ? '今天已关门' : '今天不开放'}，${opens}`;
}

/**
 * The badge's word, from the same clock as `todayHoursText`. The shared label calls every closed
 * moment 已打烊, which at 07:30 beside 今天 09:00 开门 reads as if the day were over: a closed station
 * is 未开门 before today's first opening, 休息中 between two of today's openings, 已打烊 only after
 * today's last, and 今天休息 on a day it does not open at all.
 */
export function openBadgeLabel(hours: OpeningHours, state: OpenState, at: Date): string {
  if (state !== 'closed') return openStateLabel[state];
  const { day, minute } = shanghaiClock(at);
  const starts = (hours.weekly[day] ?? []).map(({ open }) => minutes(open));
  if (starts.length === 0) return '今天休息';
  if (starts.every((start) => minute < start)) return '未开门';
  if (starts.some((start) => minute < start)) return '休息中';
  return '已打烊';
}
