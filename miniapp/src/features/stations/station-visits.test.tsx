import { fireEvent, render, screen } from '@testing-library/react';
import { addDays, beijingDate } from '@shared/beijing-time';
import { fakeApi } from '../../../test-support/fake-api';
import { StationVisits, dayLabels, lastDays } from './station-visits';

const route = 'GET /staff/stations/st-1/visits';
const daysBefore = (date: string, n: number) => addDays(date, -n);
const today = () => beijingDate(new Date());

const figures = (days: string[]) => {
  const byHour = Array.from({ length: 24 }, () => 0);
  byHour[12] = 9;
  byHour[21] = 3;
  return {
    days: [
      { day: days[days.length - 1]!, visits: 8 },
      { day: days[days.length - 3]!, visits: 4 },
    ],
    byHour,
    byOccupation: { 'food-delivery': 7, courier: 2, 'non-member': 3 },
    members: 9,
    total: 12,
  };
};
const figure = (label: string) => document.querySelector(`[data-figure="${label}"]`)?.textContent;

it('the last 7 Beijing days: totals, a column a day (days without visits at 0), the hours and who came', async () => {
  const api = fakeApi({ [route]: [200, figures(lastDays(7))] });
  render(<StationVisits stationId="st-1" stationName="卢沟桥驿站" />);
  await screen.findByText('每日到访');

  const asked = new URL(api.urls(route)[0]!).searchParams;
  expect(Object.fromEntries(asked)).toEqual({ from: daysBefore(today(), 6), to: today() });
  expect(figure('到访人次')).toBe('12到访人次');
  expect(figure('会员')).toBe('9会员');
  expect(figure('非会员')).toBe('3非会员');

  const perDay = Array.from(document.querySelectorAll('[aria-label="每日到访人次"] [data-column]')).map((c) => c.textContent);
  expect(perDay).toHaveLength(7);
  // laid out latest first (the chart opens at today): today's 8, two days before 4, the rest 0
  const labels = dayLabels(lastDays(7)).reverse();
  expect(perDay[0]).toBe(`8${labels[0]}`);
  expect(perDay[2]).toBe(`4${labels[2]}`);
  expect(perDay[1]).toBe(`0${labels[1]}`);

  expect(document.querySelector('[data-column="12时"]')!.textContent).toBe('912时');
  expect(document.querySelector('[data-column="21时"]')!.textContent).toBe('321时');
  const who = Array.from(document.querySelectorAll('[data-bar]')).map((b) => b.textContent);
  expect(who).toEqual(['外卖配送员7', '非会员3', '快递员2']);
});

it('近 30 天 asks for the last 30 days', async () => {
  const api = fakeApi({ [route]: [200, figures(lastDays(30))] });
  render(<StationVisits stationId="st-1" />);
  await screen.findByText('每日到访');
  fireEvent.click(screen.getByText('近 30 天'));
  await screen.findByText('每日到访');
  const last = new URL(api.urls(route).at(-1)!).searchParams;
  expect(Object.fromEntries(last)).toEqual({ from: daysBefore(today(), 29), to: today() });
  expect(document.querySelectorAll('[aria-label="每日到访人次"] [data-column]')).toHaveLength(30);
});

it('no visits yet says how they come; a failure says so with 重试', async () => {
  let fail = true;
  fakeApi({
    [route]: () =>
      fail
        ? [503, { code: 'internal', message: '服务暂时不可用，请稍后重试' }]
        : [200, { days: [], byHour: Array.from({ length: 24 }, () => 0), byOccupation: {}, members: 0, total: 0 }],
  });
  render(<StationVisits stationId="st-1" />);
  expect(await screen.findByText('服务暂时不可用，请稍后重试')).toBeTruthy();
  fail = false;
  fireEvent.click(screen.getByText('重试'));
  expect(await screen.findByText('这段时间没有到访记录')).toBeTruthy();
  expect(screen.getByText(/把门口二维码打印贴在驿站门口/)).toBeTruthy();
});

it('a day column says the day of the month; its month only on the first and last and on a 1st, so seven fit at 320 px', () => {
  expect(dayLabels(['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01'])).toEqual([
    '11/25',
    '26',
    '27',
    '28',
    '29',
    '30',
    '12/1',
  ]);
  expect(dayLabels(['2026-11-20', '2026-11-21', '2026-11-22'])).toEqual(['11/20', '21', '11/22']);
});

it('30 days have 30 different labels (they name the columns), whichever day it is, February too', () => {
  for (let day = 0; day < 366; day++) {
    const labels = dayLabels(lastDays(30, new Date(Date.UTC(2027, 0, 1) + day * 86_400_000)));
    expect(new Set(labels).size).toBe(30);
  }
});

it('lastDays counts Beijing days: 00:30 on 30 November in Beijing is still the 29th in UTC', () => {
  expect(lastDays(3, new Date('2026-11-29T16:30:00.000Z'))).toEqual(['2026-11-28', '2026-11-29', '2026-11-30']);
});
