import { openStateAt, describeWeek } from './station-hours';
import type { OpeningHours } from './schemas/station';

const nineToEight = [{ open: '09:00', close: '20:00' }];
const weekdays: OpeningHours = { allDay: false, weekly: [nineToEight, nineToEight, nineToEight, nineToEight, nineToEight, [], []] };
// 2026-11-23 is a Monday; Beijing time = UTC + 8
const beijing = (iso: string) => new Date(`${iso}+08:00`);

describe('open now, in Beijing time', () => {
  it('is open inside the hours and closed outside them', () => {
    expect(openStateAt(weekdays, 'open', beijing('2026-11-23T09:00:00'))).toBe('open');
    expect(openStateAt(weekdays, 'open', beijing('2026-11-23T19:59:00'))).toBe('open');
    expect(openStateAt(weekdays, 'open', beijing('2026-11-23T20:00:00'))).toBe('closed');
    expect(openStateAt(weekdays, 'open', beijing('2026-11-23T08:59:00'))).toBe('closed');
  });

  it('uses the Beijing day, not the UTC day (Monday 07:00 in Beijing is Sunday in UTC)', () => {
    const mondayMorning: OpeningHours = { allDay: false, weekly: [[{ open: '06:00', close: '10:00' }], [], [], [], [], [], []] };
    expect(openStateAt(mondayMorning, 'open', beijing('2026-11-23T07:00:00'))).toBe('open');
  });

  it('handles hours that run past midnight', () => {
    const lateShift: OpeningHours = { allDay: false, weekly: [[{ open: '20:00', close: '02:00' }], [], [], [], [], [], []] };
    expect(openStateAt(lateShift, 'open', beijing('2026-11-23T23:30:00'))).toBe('open');
    expect(openStateAt(lateShift, 'open', beijing('2026-11-24T01:30:00'))).toBe('open');
    expect(openStateAt(lateShift, 'open', beijing('2026-11-24T02:30:00'))).toBe('closed');
  });

  it('says 24小时 for all-day stations and 暂停开放 when staff closed it', () => {
    expect(openStateAt({ allDay: true, weekly: [[], [], [], [], [], [], []] }, 'open', new Date())).toBe('all-day');
    expect(openStateAt({ allDay: true, weekly: [[], [], [], [], [], [], []] }, 'temporarily-closed', new Date())).toBe(
      'temporarily-closed',
    );
  });

  it('describes the week in Chinese', () => {
    expect(describeWeek(weekdays)[0]).toEqual({ day: '周一', text: '09:00-20:00' });
    expect(describeWeek(weekdays)[6]).toEqual({ day: '周日', text: '休息' });
  });
});
