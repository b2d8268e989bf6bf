import { addDays, beijingClock, beijingDate, beijingDay, beijingDisplay, beijingExport, fromBeijing } from './beijing-time';

describe('Beijing time', () => {
  // 23:30 UTC on Sunday 29 November is 07:30 on Monday 30 November in Beijing: date and weekday roll over
  const earlyMorning = '2026-11-29T23:30:00.000Z';

  it('shows an instant one way on screens and another in files, both in Beijing time, across midnight', () => {
    expect(beijingDisplay(earlyMorning)).toBe('11月30日 周一 07:30');
    expect(beijingDisplay(new Date('2026-01-04T16:05:00Z'))).toBe('1月5日 周一 00:05');
    expect(beijingExport(earlyMorning)).toBe('2026-11-30 07:30');
    expect(beijingDay(earlyMorning)).toBe('11月30日 周一');
    expect(beijingDay('2026-11-30')).toBe('11月30日 周一');
    expect(beijingClock(earlyMorning)).toBe('07:30');
    expect(beijingDate(new Date(earlyMorning))).toBe('2026-11-30');
  });

  it('reads a picked date and time back into the same instant, and refuses anything else', () => {
    expect(fromBeijing('2026-11-30', '07:30')).toBe(earlyMorning);
    expect(fromBeijing(beijingDate(earlyMorning), beijingClock(earlyMorning))).toBe(earlyMorning);
    expect(fromBeijing('2026-11-30', '7:30')).toBeNull();
    expect(fromBeijing('2026-02-30', '09:00')).toBeNull();
    expect(fromBeijing('2026-13-40', '25:00')).toBeNull();
    expect(fromBeijing('明天', '上午')).toBeNull();
  });
});

describe('addDays', () => {
  it('moves a calendar day by whole days across months, years and a leap day', () => {
    expect(addDays('2026-11-30', 180)).toBe('2027-05-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-11-30', 0)).toBe('2026-11-30');
  });
});
