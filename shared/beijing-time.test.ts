import { beijingClock, beijingDate, beijingDateTime, beijingTime, fromBeijingInput } from './beijing-time';

describe('Beijing time', () => {
  // 17:30 UTC is 01:30 the next day in Beijing: the date must roll over
  const lateUtc = '2026-11-25T17:30:00.000Z';

  it('shows an instant as Beijing wall-clock time, across midnight', () => {
    expect(beijingDateTime(lateUtc)).toBe('2026-11-26 01:30');
    expect(beijingTime(lateUtc)).toBe('11-26 01:30');
    expect(beijingClock(lateUtc)).toBe('01:30');
    expect(beijingDate(new Date(lateUtc))).toBe('2026-11-26');
  });

  it('reads what staff type back into the same instant, and refuses anything else', () => {
    expect(fromBeijingInput(' 2026-11-26 01:30 ')).toBe(lateUtc);
    expect(fromBeijingInput(beijingDateTime(lateUtc))).toBe(lateUtc);
    expect(fromBeijingInput('2026-11-26 1:30')).toBeNull();
    expect(fromBeijingInput('2026-13-40 25:00')).toBeNull();
    expect(fromBeijingInput('明天上午')).toBeNull();
  });
});
