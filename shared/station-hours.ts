import { BEIJING_OFFSET_MS } from './beijing-time';
import type { OpeningHours, OpenState, StationStatus } from './schemas/station';

function minutes(clock: string): number {
  const [h, m] = clock.split(':').map(Number);
  return h! * 60 + m!;
}

/** Monday = 0 … Sunday = 6, and minutes since midnight, in Asia/Shanghai. */
export function shanghaiClock(at: Date): { day: number; minute: number } {
  const local = new Date(at.getTime() + BEIJING_OFFSET_MS);
  return { day: (local.getUTCDay() + 6) % 7, minute: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

/** 营业中 / 已打烊 / 24小时 / 暂停开放 at a given instant. */
export function openStateAt(hours: OpeningHours, status: StationStatus, at: Date): OpenState {
  if (status === 'temporarily-closed') return 'temporarily-closed';
  if (hours.allDay) return 'all-day';
  const { day, minute } = shanghaiClock(at);
  const yesterday = (day + 6) % 7;
  for (const { open, close } of hours.weekly[day] ?? []) {
    const o = minutes(open);
    const c = minutes(close);
    if (c > o ? minute >= o && minute < c : minute >= o) return 'open';
  }
  // an interval that started yesterday and runs past midnight
  for (const { open, close } of hours.weekly[yesterday] ?? []) {
    if (minutes(close) <= minutes(open) && minute < minutes(close)) return 'open';
  }
  return 'closed';
}

export const isOpen = (state: OpenState) => state === 'open' || state === 'all-day';

export const weekdayLabels = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** "08:00-20:00" style lines for a week, for the detail page. */
export function describeWeek(hours: OpeningHours): { day: string; text: string }[] {
  if (hours.allDay) return [{ day: '每天', text: '24 小时开放' }];
  const text = (i: number) => (hours.weekly[i]!.length === 0 ? '休息' : hours.weekly[i]!.map((iv) => `${iv.open}-${iv.close}`).join('，'));
  if (hours.weekly.every((_, i) => text(i) === text(0))) return [{ day: '每天', text: text(0) }];
  return hours.weekly.map((intervals, i) => ({
    day: weekdayLabels[i]!,
    text: intervals.length === 0 ? '休息' : intervals.map((iv) => `${iv.open}-${iv.close}`).join('，'),
  }));
}
