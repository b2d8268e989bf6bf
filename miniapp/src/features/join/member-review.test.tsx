import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { MemberReview, UNDO_MS } from './member-review';

// joined at 07:30 on Monday 30 November in Beijing: 23:30 UTC on the Sunday
const member = {
  memberId: 'u-wang',
  memberNo: 'FT-000123',
  name: '王大勇',
  mobile: '13912345678',
  employer: '美团',
  occupation: 'food-delivery',
  orgId: 'fengtai-lugouqiao',
  status: 'pending',
  joinedAt: '2026-11-29T23:30:00.000Z',
  cardRequest: 'none',
};
const transfer = {
  id: 'tr-1',
  memberNo: 'FT-000456',
  name: '李*',
  fromOrgId: 'shunyi',
  fromOrgName: '顺义区总工会',
  toOrgId: 'fengtai-lugouqiao',
  toOrgName: '卢沟桥街道总工会',
  status: 'pending',
  requestedAt: '2026-11-29T23:45:00.000Z',
};
const routes = (review: () => [number, unknown]) => ({
  'GET /staff/memberships': [200, { members: [member] }] as [number, unknown],
  'GET /staff/transfers': [200, { transfers: [transfer] }] as [number, unknown],
  'POST /staff/memberships/u-wang/review': review,
});
const card = () => document.querySelector('[data-member="FT-000123"]') as HTMLElement | null;

afterEach(() => jest.useRealTimers());

it('shows when people applied in Beijing time, with the weekday', async () => {
  fakeApi(routes(() => [200, {}]));
  render(<MemberReview />);
  await waitFor(() => expect(card()).not.toBeNull());
  expect(card()!.textContent).toContain('11月30日 周一 07:30 申请');
  expect(document.querySelector('[data-transfer="tr-1"]')!.textContent).toContain('11月30日 周一 07:45');
});

it('marks an application its member corrected and sent again after a return as 重新提交, with 上次退回: the reason', async () => {
  fakeApi({
    ...routes(() => [200, {}]),
    'GET /staff/memberships': [
      200,
      {
        members: [
          { ...member, resubmitted: true, lastReturnReason: '工作单位请写到站点' },
          { ...member, memberId: 'u-li', memberNo: 'FT-000124' },
        ],
      },
    ],
  });
  render(<MemberReview />);
  await waitFor(() => expect(card()).not.toBeNull());
  expect(card()!.querySelector('.review__tag')!.textContent).toBe('重新提交');
  // and what the member was asked to fix last time
  expect(card()!.querySelector('.review__last-return')!.textContent).toBe('上次退回：工作单位请写到站点');
  expect(document.querySelector('[data-member="FT-000124"] .review__tag')).toBeNull();
  expect(document.querySelector('[data-member="FT-000124"]')!.textContent).not.toContain('上次退回');
});

it('sends 通过 only after the 撤销 window, then says so with the platform toast', async () => {
  jest.useFakeTimers();
  const api = fakeApi(routes(() => [200, { ...member, status: 'active' }]));
  render(<MemberReview />);
  await waitFor(() => expect(card()).not.toBeNull());

  fireEvent.click(screen.getByText('通过'));
  expect(screen.getByRole('status').textContent).toBe('已通过 王大勇撤销');
  expect(card()).toBeNull();
  await act(async () => jest.advanceTimersByTime(UNDO_MS - 100));
  expect(api.sent('POST /staff/memberships/u-wang/review')).toHaveLength(0);

  await act(async () => jest.advanceTimersByTime(200));
  expect(api.sent('POST /staff/memberships/u-wang/review')).toEqual([{ decision: 'approve' }]);
  expect(screen.queryByRole('status')).toBeNull();
  await waitFor(() => expect(taroFake.toasts).toEqual([expect.objectContaining({ title: '已通过', icon: 'success' })]));
});

it('takes a decision back with 撤销: nothing is sent and the application is shown again', async () => {
  jest.useFakeTimers();
  const api = fakeApi(routes(() => [200, {}]));
  render(<MemberReview />);
  await waitFor(() => expect(card()).not.toBeNull());

  fireEvent.change(screen.getByPlaceholderText('退回原因（退回时必填）'), { target: { value: '手机号填错了' } });
  fireEvent.click(screen.getByText('退回'));
  fireEvent.click(screen.getByText('撤销'));
  await act(async () => jest.advanceTimersByTime(UNDO_MS * 2));

  expect(api.sent('POST /staff/memberships/u-wang/review')).toHaveLength(0);
  expect(card()!.textContent).toContain('王大勇');
  expect(taroFake.toasts).toEqual([expect.objectContaining({ title: '已撤销' })]);
});

it('asks for the reason beside its box before 退回, and shows a refusal beside the buttons of that application', async () => {
  jest.useFakeTimers();
  fakeApi(routes(() => [409, { code: 'conflict', message: '这份申请已被其他工作人员处理', requestId: 'r1' }]));
  render(<MemberReview />);
  await waitFor(() => expect(card()).not.toBeNull());

  fireEvent.click(screen.getByText('退回'));
  const missing = screen.getByText('请写明退回原因，职工会看到');
  expect((missing.previousElementSibling as HTMLInputElement).placeholder).toBe('退回原因（退回时必填）');
  expect(screen.queryByRole('status')).toBeNull();

  fireEvent.click(screen.getByText('通过'));
  await act(async () => jest.advanceTimersByTime(UNDO_MS));
  await waitFor(() => expect(card()?.textContent).toContain('这份申请已被其他工作人员处理'));
});

it('shows 20 at a time: 加载更多 brings the next page (with the cursor), then 没有更多了', async () => {
  const page = (n: number, from: number) =>
    Array.from({ length: n }, (_, i) => ({ ...member, memberId: `u-${from + i}`, memberNo: `FT-${from + i}`, name: `会员${from + i}` }));
  const api = fakeApi({
    'GET /staff/memberships': (_body, query) =>
      query.get('cursor') === 'c2' ? [200, { members: page(5, 20) }] : [200, { members: page(20, 0), nextCursor: 'c2' }],
    'GET /staff/transfers': [200, { transfers: [] }],
  });
  render(<MemberReview />);
  await waitFor(() => expect(document.querySelectorAll('[data-member]')).toHaveLength(20));
  expect(screen.queryByText('没有更多了')).toBeNull();
  fireEvent.click(screen.getByText('加载更多'));
  await waitFor(() => expect(document.querySelectorAll('[data-member]')).toHaveLength(25));
  expect(api.urls('GET /staff/memberships').at(-1)).toContain('cursor=c2');
  expect(screen.getByText('没有更多了')).toBeTruthy();
  expect(screen.queryByText('加载更多')).toBeNull();
});

it('a failed next page keeps what is shown and offers 重试 under it', async () => {
  let fail = true;
  fakeApi({
    'GET /staff/memberships': (_body, query) =>
      query.get('cursor')
        ? fail
          ? [503, { code: 'unavailable', message: '服务暂时不可用，请稍后重试' }]
          : [200, { members: [{ ...member, memberId: 'u-late', memberNo: 'FT-LATE' }] }]
        : [200, { members: [member], nextCursor: 'c2' }],
    'GET /staff/transfers': [200, { transfers: [] }],
  });
  render(<MemberReview />);
  await waitFor(() => expect(card()).not.toBeNull());
  fireEvent.click(screen.getByText('加载更多'));
  await waitFor(() => expect(screen.getByText('服务暂时不可用，请稍后重试')).toBeTruthy());
  expect(card()).not.toBeNull();
  fail = false;
  fireEvent.click(screen.getByText('重试'));
  await waitFor(() => expect(document.querySelector('[data-member="FT-LATE"]')).not.toBeNull());
});
