import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { DRAW_ALGORITHM } from '@shared/schemas/draw';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { DrawPublic } from './draw-public';

const COMMITMENT = 'c0ffee'.repeat(10) + 'c0fe';
const SEED = '5eed'.repeat(16);
const base = {
  activityId: 'ac-draw',
  title: '春节返乡车票',
  capacity: 2,
  closesAt: '2027-01-10T10:00:00.000Z',
  commitment: COMMITMENT,
  applicants: 4,
  algorithm: DRAW_ALGORITHM,
  entries: [],
};
const entry = (position: number, outcome: string, extra: Record<string, unknown> = {}) => ({
  position,
  key: `m-${position}`,
  rank: `${position}`.padStart(64, '0'),
  name: ['王*明', '李*', '赵*华', '孙*'][position - 1],
  memberNoTail: `00${position}1`,
  places: 1,
  outcome,
  ...extra,
});
const row = (position: number) => document.querySelector(`[data-entry="${position}"]`) as HTMLElement;

it('before the draw: the commitment and the algorithm, the seed promised for later, no order yet', async () => {
  fakeApi({ 'GET /activities/ac-draw/draw': [200, { ...base, state: 'open' }] });
  render(<DrawPublic activityId="ac-draw" />);
  await screen.findByText('报名中，1月10日 周日 18:00 截止后摇号');
  expect(document.querySelector('[data-copy="commitment"] .copy-text__value')!.textContent).toBe(COMMITMENT);
  expect(document.querySelector('[data-copy="seed"]')).toBeNull();
  expect(document.body.textContent).toContain('种子在摇号后公布');
  for (const line of DRAW_ALGORITHM) expect(screen.getByText(line)).toBeTruthy();
  expect(document.querySelector('[data-draw-order]')).toBeNull();
});

it('after the draw: the seed, the order a page at a time with my place marked, and the command to check it', async () => {
  const api = fakeApi({
    'GET /activities/ac-draw/draw': (_body, query) =>
      query.get('cursor') === 'p2'
        ? [
            200,
            {
              ...base,
              state: 'drawn',
              seed: SEED,
              drawnAt: '2027-01-10T10:05:00.000Z',
              entries: [entry(3, 'waitlisted'), entry(4, 'not-drawn', { places: 2 })],
            },
          ]
        : [
            200,
            {
              ...base,
              state: 'drawn',
              seed: SEED,
              drawnAt: '2027-01-10T10:05:00.000Z',
              entries: [entry(1, 'won'), entry(2, 'won')],
              nextCursor: 'p2',
            },
          ],
  });
  render(<DrawPublic activityId="ac-draw" mine={3} />);
  await screen.findByText('已于 1月10日 周日 18:05 摇号');
  expect(document.querySelector('[data-copy="seed"] .copy-text__value')!.textContent).toBe(SEED);
  expect(row(1).textContent).toBe('第 1 位中签王*明 · 会员号尾号 0011 · 1 人');
  // 第 N 位 and the outcome on one line, who on the next, each phrase whole (never 「会员号尾 / 号」)
  expect(row(1).querySelector('.draw-entry__head')!.textContent).toBe('第 1 位中签');
  const phrases = Array.from(row(1).querySelectorAll('.draw-entry__who .keep-whole')).map((p) => p.textContent);
  expect(phrases).toEqual(['王*明', '会员号尾号 0011', '1 人']);
  // my place is on the next page: said at the top, with where to find it
  expect(document.querySelector('.draw__mine')!.textContent).toBe('我的位置：第 3 位（在后面，请点下方“加载更多”）');
  expect(document.querySelector('[data-mine]')).toBeNull();

  fireEvent.click(screen.getByText('加载更多'));
  await waitFor(() => expect(row(3)).not.toBeNull());
  expect(api.urls('GET /activities/ac-draw/draw')[1]).toMatch(/cursor=p2/);
  expect(row(3).className).toContain('draw-entry--mine');
  expect(within(row(3).querySelector('.draw-entry__head') as HTMLElement).getByText('我的位置')).toBeTruthy();
  expect(row(3).textContent).toContain('候补');
  expect(row(4).textContent).toBe('第 4 位未中签孙* · 会员号尾号 0041 · 2 人');
  expect(row(4).className).not.toContain('draw-entry--mine');
  expect(document.querySelector('.draw__mine')!.textContent).toBe('我的位置：第 3 位');
  expect(screen.getByText('没有更多了')).toBeTruthy();

  const verify = document.querySelector('[data-copy="verify"]') as HTMLElement;
  const command = 'npx tsx scripts/verify-draw.ts http://api.test/activities/ac-draw/draw';
  expect(verify.querySelector('.copy-text__value')!.textContent).toBe(command);
  fireEvent.click(within(verify).getByText('复制'));
  await waitFor(() => expect(taroFake.clipboard).toEqual([command]));
});

it('says when the list cannot be read, with 重试', async () => {
  fakeApi({ 'GET /activities/ac-draw/draw': [404, { code: 'not_found', message: '找不到这个活动', requestId: 'r1' }] });
  render(<DrawPublic activityId="ac-draw" />);
  await screen.findByText('找不到这个活动');
  expect(screen.getByText('重试')).toBeTruthy();
});

it('a winner moved for lack of room (capacity lowered after the draw) reads so in its row', async () => {
  fakeApi({
    'GET /activities/ac-draw/draw': [
      200,
      {
        ...base,
        state: 'drawn',
        seed: SEED,
        drawnAt: '2027-01-10T10:05:00.000Z',
        entries: [entry(1, 'won'), entry(2, 'won', { movedTo: 'waitlisted' })],
      },
    ],
  });
  render(<DrawPublic activityId="ac-draw" />);
  await waitFor(() => expect(row(2)).not.toBeNull());
  expect(row(1).textContent).toContain('中签');
  expect(row(1).textContent).not.toContain('名额调减');
  expect(row(2).querySelector('.draw-entry__head')!.textContent).toBe('第 2 位中签，名额调减后转候补');
  expect(Array.from(row(2).querySelectorAll('.draw-entry__outcome .keep-whole')).map((p) => p.textContent)).toEqual([
    '中签，',
    '名额调减后转候补',
  ]);
});

it('the command to check names the data by its full address when the API base is relative (H5: /api)', async () => {
  const base = (globalThis as { API_BASE_URL?: string }).API_BASE_URL;
  (globalThis as { API_BASE_URL?: string }).API_BASE_URL = '/api';
  try {
    const { verifyCommand, drawAddress } = await import('./urls');
    expect(drawAddress('ac-draw')).toBe(`${window.location.origin}/api/activities/ac-draw/draw`);
    expect(verifyCommand('ac 1')).toBe(`npx tsx scripts/verify-draw.ts ${window.location.origin}/api/activities/ac%201/draw`);
  } finally {
    (globalThis as { API_BASE_URL?: string }).API_BASE_URL = base;
  }
  // an absolute base (weapp: the configured https origin) is used as it is
  const { drawAddress } = await import('./urls');
  expect(drawAddress('ac-draw')).toBe('http://api.test/activities/ac-draw/draw');
});
