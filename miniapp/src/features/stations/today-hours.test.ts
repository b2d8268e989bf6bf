import { parseHoursText } from '@shared/hours-text';
import { openStateAt } from '@shared/station-hours';
import type { OpeningHours } from '@shared/schemas/station';
import { openBadgeLabel, todayHoursText } from './today-hours';

const hours = (text: string) => parseHoursText(text) as OpeningHours;
/** 2026-11-30 is a Monday; times are written in Beijing time (+08:00) */
const at = (text: string) => new Date(`${text}+08:00`);

describe('today’s hours in words, in Beijing time', () => {
  it('a daily station before, during and after its hours', () => {
    const daily = hours('每天 08:00-18:00');
    expect(todayHoursText(daily, 'open', at('2026-11-30T07:30'))).toBe('今天 08:00 开门');
    expect(todayHoursText(daily, 'open', at('2026-11-30T12:31'))).toBe('今天 18:00 关门');
    expect(todayHoursText(daily, 'open', at('2026-11-30T18:00'))).toBe('今天已关门，明天 08:00 开门');
  });

  it('uses Beijing time, not UTC: 07:30 in Beijing is still the day before in UTC', () => {
    // 2026-11-29T23:30Z is Monday 07:30 in Beijing; Sunday in UTC, when this station is closed
    const weekdays = hours('周一至周五 09:00-18:00；周六 10:00-16:00');
    expect(todayHoursText(weekdays, 'open', new Date('2026-11-29T23:30:00Z'))).toBe('今天 09:00 开门');
    expect(todayHoursText(weekdays, 'open', at('2026-11-29T12:00'))).toBe('今天不开放，明天 09:00 开门');
    expect(todayHoursText(weekdays, 'open', at('2026-12-05T17:00'))).toBe('今天已关门，周一 09:00 开门');
  });

  it('24 hours, temporarily closed, never open', () => {
    expect(todayHoursText(hours('24小时'), 'open', at('2026-11-30T03:00'))).toBe('24 小时开放');
    expect(todayHoursText(hours('每天 08:00-18:00'), 'temporarily-closed', at('2026-11-30T12:00'))).toBe('暂停开放');
    const never: OpeningHours = { allDay: false, weekly: [[], [], [], [], [], [], []] };
    expect(todayHoursText(never, 'open', at('2026-11-30T12:00'))).toBe('今天不开放');
  });

  it('openings past midnight and back to back', () => {
    const night = hours('每天 18:00-02:00');
    expect(todayHoursText(night, 'open', at('2026-11-30T20:00'))).toBe('明天 02:00 关门');
    expect(todayHoursText(night, 'open', at('2026-11-30T01:00'))).toBe('今天 02:00 关门');
    expect(todayHoursText(hours('每天 08:00-12:00,12:00-18:00'), 'open', at('2026-11-30T09:00'))).toBe('今天 18:00 关门');
    expect(todayHoursText(hours('每天 08:00-24:00'), 'open', at('2026-11-30T23:00'))).toBe('今天 24:00 关门');
    expect(todayHoursText(hours('每天 00:00-24:00'), 'open', at('2026-11-30T23:00'))).toBe('24 小时开放');
  });
});

describe('the badge beside them: 未开门 before today’s first opening, 已打烊 after its last', () => {
  const badge = (h: OpeningHours, at: Date) => openBadgeLabel(h, openStateAt(h, 'open', at), at);

  it('a daily station at 07:30, 12:31 and 18:30 Beijing time (07:30 is the day before in UTC)', () => {
    const daily = hours('每天 09:00-18:00');
    expect(badge(daily, new Date('2026-11-29T23:30:00Z'))).toBe('未开门');
    expect(badge(daily, at('2026-11-30T12:31'))).toBe('营业中');
    expect(badge(daily, at('2026-11-30T18:00'))).toBe('已打烊');
    expect(badge(daily, at('2026-11-30T23:59'))).toBe('已打烊');
  });

  it('between two openings, on a day off, and after a night opening that ran past midnight', () => {
    const split = hours('每天 08:00-12:00,14:00-18:00');
    expect(badge(split, at('2026-11-30T13:00'))).toBe('休息中');
    expect(badge(split, at('2026-11-30T07:00'))).toBe('未开门');
    const weekdays = hours('周一至周五 09:00-18:00');
    expect(badge(weekdays, at('2026-12-05T10:00'))).toBe('今天休息');
    const night = hours('每天 18:00-02:00');
    expect(badge(night, at('2026-11-30T01:00'))).toBe('营业中');
    expect(badge(night, at('2026-11-30T03:00'))).toBe('未开门');
  });

  it('other states keep their own words', () => {
    expect(openBadgeLabel(hours('24小时'), 'all-day', at('2026-11-30T03:00'))).toBe('24小时');
    expect(openBadgeLabel(hours('每天 09:00-18:00'), 'temporarily-closed', at('2026-11-30T07:30'))).toBe('暂停开放');
  });
});
