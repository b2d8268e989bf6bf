import { act, fireEvent, render, screen, within, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { ActivityList } from './activity-list';

const childcare = {
  id: 'ac-care',
  orgId: 'fengtai-lugouqiao',
  orgName: '卢沟桥街道总工会',
  title: '寒假托管班',
  description: '',
  category: 'class',
  place: '卢沟桥职工之家',
  startsAt: '2027-01-20T01:00:00.000Z',
  endsAt: '2027-02-10T09:00:00.000Z',
  signupOpensAt: '2026-11-20T01:00:00.000Z',
  signupClosesAt: '2027-01-10T10:00:00.000Z',
  capacity: 30,
  perMemberLimit: 2,
  eligibility: { activeMember: true, subtreeOnly: true, newEmploymentOnly: false, womenOnly: false, children: { minAge: 6, maxAge: 12 } },
  waitlist: true,
  holdMinutes: 120,
  confirmed: 10,
  placesLeft: 20,
  eligible: true,
};
const card = () => document.querySelector('[data-activity="ac-care"]') as HTMLElement;
const child = (index: number) => card().querySelector(`[data-child="${index}"]`) as HTMLElement;
const nameInto = (index: number, value: string) =>
  fireEvent.change(within(child(index)).getByPlaceholderText('孩子姓名'), { target: { value } });

async function openChildcareForm(routes: Parameters<typeof fakeApi>[0] = {}) {
  const api = fakeApi({ 'GET /activities': [200, { activities: [childcare] }], 'GET /me/signups': [200, { signups: [] }], ...routes });
  render(<ActivityList />);
  await screen.findByText('寒假托管班');
  fireEvent.click(within(card()).getByText('报名'));
  return api;
}

it('signs up two children on a 托管班 card in one request, even when 提交报名 is tapped twice, then names them', async () => {
  let signedUp = false;
  const signup = {
    activityId: 'ac-care',
    activityTitle: '寒假托管班',
    status: 'confirmed',
    places: 2,
    children: [
      { name: '王小明', age: 7 },
      { name: '王小红', age: 10 },
    ],
    createdAt: '2026-11-22T02:00:00.000Z',
  };
  const api = await openChildcareForm({
    'GET /activities': () => [200, { activities: [signedUp ? { ...childcare, mySignup: signup } : childcare] }],
    'POST /activities/ac-care/signups': () => ((signedUp = true), [201, { signup, created: true }]),
  });
  expect(card().textContent).toContain('每个孩子占一个名额，兄弟姐妹一起候补');
  // ages offered are the activity's own range, nothing outside it
  expect(within(child(0)).queryByText('5岁')).toBeNull();
  expect(within(child(0)).queryByText('13岁')).toBeNull();

  nameInto(0, '王小明');
  fireEvent.click(within(child(0)).getByText('7岁'));
  fireEvent.click(within(card()).getByText('加一个孩子'));
  nameInto(1, ' 王小红 ');
  fireEvent.click(within(child(1)).getByText('10岁'));
  fireEvent.click(within(card()).getByText('提交报名'));
  fireEvent.click(within(card()).getByText('正在报名…'));

  await waitFor(() => expect(card().textContent).toContain('孩子：王小明（7岁）、王小红（10岁）'));
  expect(card().textContent).toContain('报名成功');
  const sent = api.sent('POST /activities/ac-care/signups') as { clientRequestId: string; children: unknown }[];
  expect(sent).toHaveLength(1);
  expect(sent[0]!.children).toEqual([
    { name: '王小明', age: 7 },
    { name: '王小红', age: 10 },
  ]);
});

it('says in Chinese what is missing and sends nothing until every child has a name and an age', async () => {
  const api = await openChildcareForm();

  fireEvent.click(within(child(0)).getByText('8岁'));
  fireEvent.click(within(card()).getByText('提交报名'));
  expect(child(0).textContent).toContain('请填写孩子姓名');

  nameInto(0, '李想');
  fireEvent.click(within(card()).getByText('加一个孩子'));
  nameInto(1, '李念');
  fireEvent.click(within(card()).getByText('提交报名'));
  expect(child(1).textContent).toContain('请选择孩子的年龄');

  expect(api.sent('POST /activities/ac-care/signups')).toHaveLength(0);
});

it('stops at perMemberLimit children, and a removed child is not sent', async () => {
  const api = await openChildcareForm({
    'POST /activities/ac-care/signups': [403, { code: 'forbidden', message: '孩子年龄须在 6 到 12 岁之间', requestId: 'r1' }],
  });
  // one child alone cannot be removed: closing the form is 先不报了
  expect(within(card()).queryByText('删除')).toBeNull();

  fireEvent.click(within(card()).getByText('加一个孩子'));

  expect(within(card()).getAllByPlaceholderText('孩子姓名')).toHaveLength(2);
  expect(within(card()).queryByText('加一个孩子')).toBeNull();
  expect(card().textContent).toContain('每人最多报 2 个孩子');

  nameInto(1, '赵二');
  fireEvent.click(within(child(1)).getByText('9岁'));
  fireEvent.click(within(child(0)).getByText('删除'));
  expect(within(card()).getAllByPlaceholderText('孩子姓名')).toHaveLength(1);
  expect(card().textContent).toContain('加一个孩子');
  fireEvent.click(within(card()).getByText('提交报名'));

  // the server's reason is shown on the card
  await waitFor(() => expect(card().textContent).toContain('孩子年龄须在 6 到 12 岁之间'));
  expect(api.sent('POST /activities/ac-care/signups')).toEqual([expect.objectContaining({ children: [{ name: '赵二', age: 9 }] })]);
});

it('puts the server’s problem with one child under that child', async () => {
  await openChildcareForm({
    'POST /activities/ac-care/signups': [
      400,
      {
        code: 'bad_request',
        message: '提交的内容有误，请检查后重试',
        fieldErrors: { 'children.0.name': ['姓名最多 20 个字'] },
        requestId: 'r2',
      },
    ],
  });
  nameInto(0, '张三');
  fireEvent.click(within(child(0)).getByText('6岁'));
  fireEvent.click(within(card()).getByText('提交报名'));

  await waitFor(() => expect(child(0).textContent).toContain('姓名最多 20 个字'));
  expect(card().textContent).toContain('提交的内容有误，请检查后重试');
});

it('signs up for an ordinary activity in one tap, with no children', async () => {
  const api = fakeApi({
    'GET /activities': [
      200,
      {
        activities: [
          { ...childcare, title: '中医义诊', perMemberLimit: 1, eligibility: { ...childcare.eligibility, children: undefined } },
        ],
      },
    ],
    'GET /me/signups': [200, { signups: [] }],
    'POST /activities/ac-care/signups': [403, { code: 'forbidden', message: '仅限本工会及下级工会的会员', requestId: 'r3' }],
  });
  render(<ActivityList />);
  fireEvent.click(await screen.findByText('报名'));

  await waitFor(() => expect(document.body.textContent).toContain('仅限本工会及下级工会的会员'));
  expect(screen.queryByPlaceholderText('孩子姓名')).toBeNull();
  const [body] = api.sent('POST /activities/ac-care/signups') as Record<string, unknown>[];
  expect(body!.clientRequestId).toEqual(expect.any(String));
  expect(body!.children).toBeUndefined();
});

it('shows when and where with the weekday in Beijing time, and the card opens its details', async () => {
  // 07:30 on Monday 30 November in Beijing is 23:30 UTC on Sunday
  const early = {
    ...childcare,
    description: '请带孩子的户口本复印件',
    startsAt: '2026-11-29T23:30:00.000Z',
    endsAt: '2026-11-30T03:00:00.000Z',
    signupClosesAt: '2026-11-29T12:00:00.000Z',
  };
  fakeApi({ 'GET /activities': [200, { activities: [early] }], 'GET /me/signups': [200, { signups: [] }] });
  render(<ActivityList />);
  await screen.findByText('寒假托管班');
  expect(card().querySelector('.activity__line')!.textContent).toBe('11月30日 周一 07:30 · 卢沟桥职工之家 · 卢沟桥街道总工会');
  expect(card().textContent).not.toContain('请带孩子的户口本复印件');

  fireEvent.click(within(card()).getByText('查看详情 ▾'));
  const facts = card().querySelector('[data-facts]') as HTMLElement;
  const row = (label: string) => within(facts).getByText(label).parentElement!.textContent;
  expect(row('时间')).toBe('时间11月30日 周一 07:30 至 11月30日 周一 11:00');
  expect(row('报名截止')).toBe('报名截止11月29日 周日 20:00');
  expect(row('说明')).toBe('说明请带孩子的户口本复印件');
  fireEvent.click(within(card()).getByText('收起详情 ▴'));
  expect(card().querySelector('[data-facts]')).toBeNull();
});

const ordinary = {
  ...childcare,
  id: 'ac-care',
  title: '中医义诊',
  perMemberLimit: 1,
  eligibility: { ...childcare.eligibility, children: undefined },
};
const signupOf = (extra: Record<string, unknown>) => ({
  activityId: 'ac-care',
  activityTitle: '中医义诊',
  places: 1,
  children: [],
  createdAt: '2026-11-22T02:00:00.000Z',
  ...extra,
});

it.each([
  ['报名', { status: 'confirmed' }, '报名成功'],
  ['候补报名', { status: 'waitlisted', position: 2 }, '已加入候补，第 2 位'],
])('after %s, says so with a toast as well as on the card', async (button, result, toast) => {
  let mine: Record<string, unknown> | undefined;
  const full = button === '候补报名' ? { placesLeft: 0 } : {};
  fakeApi({
    'GET /activities': () => [200, { activities: [{ ...ordinary, ...full, ...(mine ? { mySignup: mine } : {}) }] }],
    'GET /me/signups': [200, { signups: [] }],
    'POST /activities/ac-care/signups': () => ((mine = signupOf(result)), [201, { signup: mine, created: true }]),
  });
  render(<ActivityList />);
  fireEvent.click(await screen.findByText(button));
  await waitFor(() => expect(card().querySelector('.activity__status')).not.toBeNull());
  expect(taroFake.toasts).toEqual([expect.objectContaining({ title: toast })]);
});

it('shows a checked-in sign-up as 已签到 with the time, without the ticket or 取消报名', async () => {
  const ticket = { token: 'eyTicket', svg: 'data:image/svg+xml;base64,PHN2Zy8+' };
  const checkedIn = signupOf({ status: 'confirmed', checkedInAt: '2026-11-29T23:42:00.000Z' });
  fakeApi({
    'GET /activities': [200, { activities: [{ ...ordinary, mySignup: checkedIn }] }],
    'GET /me/signups': [200, { signups: [{ ...checkedIn, ticket }] }],
  });
  render(<ActivityList />);
  await screen.findByText('中医义诊');
  await waitFor(() => expect(card().querySelector('.activity__status')!.textContent).toBe('已签到（11月30日 周一 07:42）'));
  // the sign-ups (and their tickets) come in a second request
  await waitFor(() => expect(taroFake.requests.some((r) => r.url.includes('/me/signups'))).toBe(true));
  await act(() => new Promise((r) => setTimeout(r, 20)));
  expect(card().textContent).not.toContain('报名成功');
  expect(within(card()).queryByRole('img')).toBeNull();
  expect(within(card()).queryByText('取消报名')).toBeNull();
});

it('a non-member reads the list a page at a time; it ends with the invitation to join', async () => {
  const open = { ...childcare, eligibility: { ...childcare.eligibility, activeMember: false, subtreeOnly: false, children: undefined } };
  const api = fakeApi({
    'GET /activities': (_body: unknown, query: URLSearchParams) =>
      query.get('cursor') === 'next'
        ? [200, { activities: [{ ...open, id: 'ac-2', title: '免费理发' }], member: false }]
        : [200, { activities: [{ ...open, id: 'ac-1', title: '中医义诊' }], nextCursor: 'next', member: false }],
    'GET /me/signups': [200, { signups: [] }],
  });
  render(<ActivityList />);
  await screen.findByText('中医义诊');
  // the invitation waits for the end of the list
  expect(screen.queryByText('入会后可报名本工会的专属活动')).toBeNull();
  fireEvent.click(screen.getByText('加载更多'));
  await screen.findByText('免费理发');
  expect(api.urls('GET /activities')[1]).toMatch(/cursor=next/);
  expect(screen.getByText('没有更多了')).toBeTruthy();
  fireEvent.click(screen.getByText('扫码入会'));
  expect(taroFake.navigations.at(-1)).toEqual({ how: 'switchTab', url: '/pages/join/index' });
});

it('a member’s list has no invitation', async () => {
  fakeApi({ 'GET /activities': [200, { activities: [childcare], member: true }], 'GET /me/signups': [200, { signups: [] }] });
  render(<ActivityList />);
  await screen.findByText('寒假托管班');
  expect(screen.queryByText('入会后可报名本工会的专属活动')).toBeNull();
});
