import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { summary } from '../../../test-support/claim-data';
import { MessageList, targetUrl } from '../messages/message-list';
import { MyClaims } from './my-claims';
import { ClaimButton, MyClaimsLink } from './claim-links';

it('我的理赔: newest first as the server sends them, each with its status chip; a tap opens the claim', async () => {
  fakeApi({
    'GET /me/claims': [
      200,
      {
        claims: [
          summary({ id: 'cl-3', status: 'needs-more', eventLabel: '意外伤害' }),
          summary({ id: 'cl-2', status: 'paid', amountFen: 4_000_000, paidFen: 4_000_000 }),
          summary({ id: 'cl-1', status: 'draft', submittedAt: undefined }),
        ],
      },
    ],
  });
  const { container } = render(<MyClaims />);
  await screen.findByText('待补充材料');
  const rows = Array.from(container.querySelectorAll('[data-claim]'));
  expect(rows.map((r) => r.getAttribute('data-claim'))).toEqual(['cl-3', 'cl-2', 'cl-1']);
  expect(within(rows[1] as HTMLElement).getByText('已赔付')).toBeTruthy();
  expect(within(rows[1] as HTMLElement).getByText('已赔付 ¥40,000.00')).toBeTruthy();
  expect(within(rows[2] as HTMLElement).getByText('填写中')).toBeTruthy();
  expect(within(rows[2] as HTMLElement).getByText('11月30日 周一 10:00 开始，未提交')).toBeTruthy();
  expect(within(rows[0] as HTMLElement).getByText('意外伤害 · 事发 11月20日 周五')).toBeTruthy();
  expect(screen.getByText('没有更多了')).toBeTruthy();

  fireEvent.click(rows[0]!);
  expect(taroFake.navigations).toEqual([{ how: 'navigateTo', url: '/care/pages/claim/index?id=cl-3' }]);
});

it('我的理赔 pages: 加载更多 asks for the next page with the cursor', async () => {
  const api = fakeApi({
    'GET /me/claims': (_body, query) =>
      query.get('cursor') === 'c2'
        ? [200, { claims: [summary({ id: 'cl-1', planTitle: '女职工特殊疾病互助保障' })] }]
        : [200, { claims: [summary({ id: 'cl-2' })], nextCursor: 'c2' }],
  });
  render(<MyClaims />);
  fireEvent.click(await screen.findByText('加载更多'));
  expect(await screen.findByText('女职工特殊疾病互助保障')).toBeTruthy();
  expect(api.urls('GET /me/claims').map((u) => new URL(u).searchParams.get('cursor'))).toEqual([null, 'c2']);
});

it('no claims yet: what a claim is and where to start (活动 → 互助保障)', async () => {
  fakeApi({ 'GET /me/claims': [200, { claims: [] }] });
  render(<MyClaims />);
  expect(await screen.findByText('您还没有理赔申请')).toBeTruthy();
  expect(screen.getByText(/在「活动」里找到您参加的互助保障计划，点「申请理赔」/)).toBeTruthy();
  fireEvent.click(screen.getByText('去活动找互助保障'));
  expect(taroFake.navigations).toEqual([{ how: 'switchTab', url: '/pages/activities/index' }]);
});

it('我的 → 我的理赔 opens the list', () => {
  taroFake.reset();
  render(<MyClaimsLink />);
  fireEvent.click(screen.getByText('我的理赔'));
  expect(taroFake.navigations).toEqual([{ how: 'navigateTo', url: '/care/pages/my-claims/index' }]);
});

const plan = (over: Record<string, unknown> = {}) => ({ id: 'plan-1', category: 'plan' as const, claimable: true, ...over });

it('申请理赔 on a plan: a covered member goes to the consent; anyone else reads why not beside it', async () => {
  const api = fakeApi({
    'GET /activities/plan-1/claim-start': [
      200,
      {
        activityId: 'plan-1',
        planTitle: 'x',
        rules: { deadlineDays: 180, events: [] },
        eligible: false,
        whyNot: '未参加这个互助保障计划，不能申请理赔',
        consentVersion: 'v',
        consentText: [],
      },
    ],
  });
  const covered = {
    activityId: 'plan-1',
    memberId: 'm1',
    status: 'confirmed',
    places: 1,
    children: [],
    createdAt: '2026-11-01T00:00:00.000Z',
  };
  const { unmount } = render(<ClaimButton activity={plan({ mySignup: covered }) as never} />);
  fireEvent.click(screen.getByText('申请理赔'));
  expect(taroFake.navigations).toEqual([{ how: 'navigateTo', url: '/care/pages/claim-start/index?activity=plan-1' }]);
  expect(api.urls('GET /activities/plan-1/claim-start')).toEqual([]);
  unmount();

  render(<ClaimButton activity={plan() as never} />);
  fireEvent.click(screen.getByText('申请理赔'));
  expect(await screen.findByText('暂不能申请理赔：未参加这个互助保障计划，不能申请理赔')).toBeTruthy();
  expect(taroFake.navigations).toHaveLength(1);
});

it('the why-not goes once the card’s sign-up changes (报名 → 报名成功), and 申请理赔 then goes straight on', async () => {
  fakeApi({
    'GET /activities/plan-1/claim-start': [
      200,
      {
        activityId: 'plan-1',
        planTitle: 'x',
        rules: { deadlineDays: 180, events: [] },
        eligible: false,
        whyNot: '未参加这个互助保障计划，不能申请理赔',
        consentVersion: 'v',
        consentText: [],
      },
    ],
  });
  const { rerender } = render(<ClaimButton activity={plan() as never} />);
  fireEvent.click(screen.getByText('申请理赔'));
  expect(await screen.findByText('暂不能申请理赔：未参加这个互助保障计划，不能申请理赔')).toBeTruthy();

  const confirmed = { activityId: 'plan-1', status: 'confirmed', places: 1, children: [], createdAt: '2026-11-01T00:00:00.000Z' };
  rerender(<ClaimButton activity={plan({ mySignup: confirmed }) as never} />);
  expect(screen.queryByText(/暂不能申请理赔/)).toBeNull();
  fireEvent.click(screen.getByText('申请理赔'));
  expect(taroFake.navigations).toEqual([{ how: 'navigateTo', url: '/care/pages/claim-start/index?activity=plan-1' }]);

  // cancelled again: the old answer is not brought back
  rerender(<ClaimButton activity={plan({ mySignup: { ...confirmed, status: 'cancelled' } }) as never} />);
  expect(screen.queryByText(/暂不能申请理赔/)).toBeNull();
});

const signup = (over: Record<string, unknown> = {}) => ({
  activityId: 'plan-1',
  activityTitle: '职工互助保障计划',
  status: 'confirmed',
  places: 1,
  children: [],
  createdAt: '2026-11-01T00:00:00.000Z',
  ...over,
});

it('我的理赔 lists the plans the member may claim from at the top, each with 申请理赔 (also with no claims yet)', async () => {
  fakeApi({
    'GET /me/claims': [200, { claims: [summary({ id: 'cl-3' })] }],
    'GET /me/signups': [
      200,
      {
        signups: [
          signup({ claimable: true }),
          signup({ activityId: 'ac-haircut', activityTitle: '免费理发' }),
          signup({ activityId: 'plan-2', activityTitle: '女职工特殊疾病互助保障', claimable: true }),
        ],
      },
    ],
  });
  const { container, unmount } = render(<MyClaims />);
  const plans = (await screen.findByText('可以申请理赔的计划')).closest('[data-claimable-plans]') as HTMLElement;
  expect(Array.from(plans.querySelectorAll('[data-plan]')).map((p) => p.getAttribute('data-plan'))).toEqual(['plan-1', 'plan-2']);
  expect(within(plans).queryByText('免费理发')).toBeNull();
  // above the claims
  expect(plans.compareDocumentPosition(container.querySelector('[data-claim="cl-3"]')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  fireEvent.click(within(plans.querySelector('[data-plan="plan-2"]') as HTMLElement).getByText('申请理赔'));
  expect(taroFake.navigations).toEqual([{ how: 'navigateTo', url: '/care/pages/claim-start/index?activity=plan-2' }]);
  unmount();

  fakeApi({ 'GET /me/claims': [200, { claims: [] }], 'GET /me/signups': [200, { signups: [signup({ claimable: true })] }] });
  render(<MyClaims />);
  expect(await screen.findByText('可以申请理赔的计划')).toBeTruthy();
  expect(screen.getByText('您还没有理赔申请')).toBeTruthy();
});

it('no 申请理赔 on an activity that is not a plan, or a plan without claim rules', () => {
  const { container, rerender } = render(<ClaimButton activity={plan({ claimable: false }) as never} />);
  expect(container.textContent).toBe('');
  rerender(<ClaimButton activity={plan({ category: 'service' }) as never} />);
  expect(container.textContent).toBe('');
});

it("a message about a claim (screen 'claim') opens that claim; without an id, 我的理赔", async () => {
  expect(targetUrl({ screen: 'claim' })).toEqual({ how: 'navigateTo', url: '/care/pages/my-claims/index' });
  const id = `m-${'7'.padStart(24, '0')}`;
  fakeApi({
    'GET /me/messages': [
      200,
      {
        messages: [
          {
            id,
            kind: 'claim.needs-more',
            title: '理赔材料需要补充',
            body: '「2026 年职工重大疾病互助保障」的理赔需要补充：诊断证明。',
            createdAt: '2026-12-01T01:30:00.000Z',
            read: false,
            target: { screen: 'claim', id: 'cl-7' },
          },
        ],
      },
    ],
    'POST /me/messages/read': [200, { unread: 0, capped: false, more: false }],
  });
  render(<MessageList />);
  await waitFor(() => expect(document.querySelector(`[data-message="${id}"]`)).not.toBeNull());
  fireEvent.click(document.querySelector(`[data-message="${id}"]`)!);
  await waitFor(() => expect(taroFake.navigations).toEqual([{ how: 'navigateTo', url: '/care/pages/claim/index?id=cl-7' }]));
});
