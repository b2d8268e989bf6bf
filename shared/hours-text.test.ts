import { formatHoursText, parseHoursText } from './hours-text';

it('reads the ways people write opening hours', () => {
  expect(parseHoursText('24小时')).toMatchObject({ allDay: true });
  const weekdays = parseHoursText('周一至周五 09:00-12:00,13:00-18:00；周六 10:00-16:00');
  expect(weekdays).toMatchObject({ allDay: false });
  if ('weekly' in weekdays) {
    expect(weekdays.weekly[0]).toEqual([
      { open: '09:00', close: '12:00' },
      { open: '13:00', close: '18:00' },
    ]);
    expect(weekdays.weekly[5]).toEqual([{ open: '10:00', close: '16:00' }]);
    expect(weekdays.weekly[6]).toEqual([]);
  }
});

it('explains in Chinese what it cannot read', () => {
  expect(parseHoursText('weekdays 9-5')).toEqual({ error: expect.stringContaining('看不懂') });
  expect(parseHoursText('每天 9点-5点')).toEqual({ error: expect.stringContaining('09:00-18:00') });
});

it('writes hours back in the same form (export → import round trip)', () => {
  for (const text of ['24小时', '每天 08:00-20:00', '周一至周五 09:00-12:00,13:00-18:00；周六 10:00-16:00']) {
    const parsed = parseHoursText(text);
    expect('error' in parsed).toBe(false);
    expect(formatHoursText(parsed as never)).toBe(text);
  }
});
