import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { OpenClaims } from './open-claims';

const plan = (id: string, title: string) => ({ id, title, category: 'plan' });
const claim = (id: string, submittedAt: string, extra: object = {}) => ({
  id,
  activityId: 'plan-1',
  planTitle: '职工重大疾病互助保障',
  eventLabel: '重大疾病',
  eventDate: '2026-11-02',
  status: 'submitted',
  createdAt: submittedAt,
  submittedAt,
  memberName: '王*勇',
  orgName: '卢沟桥街道总工会',
  ...extra,
});
const row = (id: string) => document.querySelector(`[data-claim="${id}"]`) as HTMLElement;

beforeEach(() => {
  // 09:00 on Tuesday 1 December in Beijing
  jest.useFakeTimers({ now: new Date('2026-12-01T01:00:00.000Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
});
afterEach(() => jest.useRealTimers());

it('lists open claims oldest first with who, plan · event, the days waited (Beijing) and the status; 加载更多 reads the next page', async () => {
  const api = fakeApi({
    'GET /staff/activities': [
      200,
      { activities: [plan('plan-1', '职工重大疾病互助保障'), { id: 'ac-9', title: '庙会', category: 'activity' }] },
    ],
    'GET /staff/claims': (_b, query) =>
      query.get('cursor') === 'p2'
        ? [200, { claims: [claim('cl-3', '2026-11-30T17:00:00.000Z', { status: 'approved', memberName: '赵*' })] }]
        : [
            200,
            {
              claims: [
                // 23:30 on 28 Nov in Beijing: three Beijing days ago, though under 3 × 24 h
                claim('cl-1', '2026-11-28T15:30:00.000Z'),
                claim('cl-2', '2026-11-30T15:59:00.000Z', { status: 'needs-more', memberName: '李*', orgName: '宛平城地区工会' }),
              ],
              nextCursor: 'p2',
            },
          ],
  });
  render(<OpenClaims />);
  await waitFor(() => expect(row('cl-1')).not.toBeNull());

  expect(row('cl-1').textContent).toContain('王*勇 · 卢沟桥街道总工会');
  expect(row('cl-1').textContent).toContain('职工重大疾病互助保障 · 重大疾病');
  expect(row('cl-1').querySelector('.claim-row__age')!.textContent).toBe('已等 3 天');
  expect(row('cl-1').querySelector('.claim-status')!.textContent).toBe('待审核');
  // 23:59 yesterday in Beijing
  expect(row('cl-2').querySelector('.claim-row__age')!.textContent).toBe('已等 1 天');
  expect(row('cl-2').querySelector('.claim-status')!.textContent).toBe('待补充材料');
  expect(document.querySelectorAll('[data-claim]')[0]).toBe(row('cl-1'));

  fireEvent.click(screen.getByText('加载更多'));
  await waitFor(() => expect(row('cl-3')).not.toBeNull());
  // 01:00 today in Beijing
  expect(row('cl-3').querySelector('.claim-row__age')!.textContent).toBe('今天提交');
  expect(row('cl-3').querySelector('.claim-status')!.textContent).toBe('已核准');
  expect(screen.getByText('没有更多了')).not.toBeNull();
  expect(api.urls('GET /staff/claims')[1]).toMatch(/\?cursor=p2$/);

  fireEvent.click(row('cl-2'));
  expect(taroFake.navigations).toEqual([{ how: 'navigateTo', url: '/staff/pages/claim/index?id=cl-2' }]);
});

it('narrows the list to one plan with its chip (the plans among the staff’s activities), and says when none is open', async () => {
  const api = fakeApi({
    'GET /staff/activities': [200, { activities: [plan('plan-1', '职工重大疾病互助保障'), plan('plan-2', '女职工特殊疾病互助保障')] }],
    'GET /staff/claims': (_b, query) => [
      200,
      { claims: query.get('activityId') === 'plan-2' ? [] : [claim('cl-1', '2026-11-28T15:30:00.000Z')] },
    ],
  });
  render(<OpenClaims />);
  await waitFor(() => expect(row('cl-1')).not.toBeNull());
  expect(Array.from(document.querySelectorAll('[data-plan]')).map((c) => c.textContent)).toEqual([
    '全部计划',
    '职工重大疾病互助保障',
    '女职工特殊疾病互助保障',
  ]);

  fireEvent.click(screen.getByText('女职工特殊疾病互助保障'));
  await screen.findByText('没有待办的理赔');
  expect(row('cl-1')).toBeNull();
  expect(api.urls('GET /staff/claims').at(-1)).toMatch(/\?activityId=plan-2$/);
  expect(document.querySelector('[data-plan="plan-2"]')!.className).toContain('chip--on');
});

it('a street’s staff whose plans belong to a higher org get chips from the claims loaded, kept while one narrows the list', async () => {
  const api = fakeApi({
    // the street's own activities: no plan among them
    'GET /staff/activities': [200, { activities: [{ id: 'ac-9', title: '庙会', category: 'activity' }] }],
    'GET /staff/claims': (_b, query) => [
      200,
      {
        claims:
          query.get('activityId') === 'plan-2'
            ? [claim('cl-2', '2026-11-29T15:30:00.000Z', { activityId: 'plan-2', planTitle: '女职工特殊疾病互助保障' })]
            : [
                claim('cl-1', '2026-11-28T15:30:00.000Z'),
                claim('cl-2', '2026-11-29T15:30:00.000Z', { activityId: 'plan-2', planTitle: '女职工特殊疾病互助保障' }),
                claim('cl-3', '2026-11-30T15:30:00.000Z'),
              ],
      },
    ],
  });
  render(<OpenClaims />);
  await waitFor(() => expect(row('cl-1')).not.toBeNull());
  const chips = () => Array.from(document.querySelectorAll('[data-plan]')).map((c) => c.textContent);
  expect(chips()).toEqual(['全部计划', '职工重大疾病互助保障', '女职工特殊疾病互助保障']);

  fireEvent.click(screen.getByText('女职工特殊疾病互助保障', { selector: '[data-plan] *' }));
  await waitFor(() => expect(row('cl-1')).toBeNull());
  expect(api.urls('GET /staff/claims').at(-1)).toMatch(/\?activityId=plan-2$/);
  expect(chips()).toEqual(['全部计划', '职工重大疾病互助保障', '女职工特殊疾病互助保障']);
});
