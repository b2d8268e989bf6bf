import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { ActivityList } from '../activities/activity-list';
import { MySignups } from '../activities/my-signups';

const COMMITMENT = 'a3f1'.repeat(16);
const lottery = {
  id: 'ac-draw',
  orgId: 'fengtai-lugouqiao',
  orgName: '卢沟桥街道总工会',
  title: '春节返乡车票',
  description: '',
  category: 'goods',
  place: '卢沟桥职工之家',
  startsAt: '2027-01-20T01:00:00.000Z',
  endsAt: '2027-01-20T09:00:00.000Z',
  signupOpensAt: '2026-11-20T01:00:00.000Z',
  // 18:00 in Beijing
  signupClosesAt: '2027-01-10T10:00:00.000Z',
  capacity: 30,
  perMemberLimit: 1,
  eligibility: { activeMember: true, subtreeOnly: true, newEmploymentOnly: false, womenOnly: false },
  waitlist: true,
  holdMinutes: 120,
  allocation: 'draw',
  noShow: { missed: 2, of: 3 },
  draw: { commitment: COMMITMENT, applicants: 12 },
  confirmed: 0,
  placesLeft: 30,
  eligible: true,
};
const entry = (extra: Record<string, unknown>) => ({
  activityId: 'ac-draw',
  activityTitle: '春节返乡车票',
  places: 1,
  children: [],
  createdAt: '2026-11-22T02:00:00.000Z',
  ...extra,
});
const card = () => document.querySelector('[data-activity="ac-draw"]') as HTMLElement;

it('says a draw on the card; 参加摇号 applies, and the card then waits for the draw with the close time', async () => {
  let mine: Record<string, unknown> | undefined;
  const api = fakeApi({
    'GET /activities': () => [200, { activities: [{ ...lottery, ...(mine ? { mySignup: mine } : {}) }] }],
    'GET /me/signups': [200, { signups: [] }],
    'POST /activities/ac-draw/signups': () => ((mine = entry({ status: 'applied' })), [201, { signup: mine, created: true }]),
  });
  render(<ActivityList />);
  await screen.findByText('春节返乡车票');
  expect(card().querySelector('.activity__places')!.textContent).toBe('摇号 · 30 个名额 · 截止 1月10日 周日 18:00');
  expect(within(card()).queryByText('报名')).toBeNull();

  fireEvent.click(within(card()).getByText('参加摇号'));

  await waitFor(() =>
    expect(card().querySelector('.activity__status')!.textContent).toBe('已报名摇号，等待开奖（1月10日 周日 18:00 截止后开奖）'),
  );
  expect(api.sent('POST /activities/ac-draw/signups')).toHaveLength(1);
  expect(taroFake.toasts).toEqual([expect.objectContaining({ title: '已报名摇号', icon: 'success' })]);
  expect(within(card()).getByText('撤回报名')).toBeTruthy();
  expect(within(card()).queryByText('参加摇号')).toBeNull();
});

it('撤回报名 asks first with a red confirm, then withdraws; answering no sends nothing', async () => {
  let mine: Record<string, unknown> | undefined = entry({ status: 'applied' });
  const api = fakeApi({
    'GET /activities': () => [200, { activities: [{ ...lottery, ...(mine ? { mySignup: mine } : {}) }] }],
    'GET /me/signups': [200, { signups: [] }],
    'POST /activities/ac-draw/signups/cancel': () => {
      const cancelled = entry({ status: 'cancelled' });
      mine = cancelled;
      return [200, cancelled];
    },
  });
  render(<ActivityList />);
  await screen.findByText('撤回报名');

  taroFake.modalAnswer = false;
  fireEvent.click(screen.getByText('撤回报名'));
  await waitFor(() => expect(taroFake.modals).toHaveLength(1));
  expect(taroFake.modals[0]).toEqual(expect.objectContaining({ title: '撤回报名', confirmText: '撤回', confirmColor: '#c8102e' }));
  expect(taroFake.modals[0]!.content).toContain('1月10日 周日 18:00 截止前还可以再报名');
  expect(api.sent('POST /activities/ac-draw/signups/cancel')).toHaveLength(0);

  taroFake.modalAnswer = true;
  fireEvent.click(screen.getByText('撤回报名'));
  await waitFor(() => expect(taroFake.toasts).toEqual([expect.objectContaining({ title: '已撤回报名' })]));
  expect(api.sent('POST /activities/ac-draw/signups/cancel')).toHaveLength(1);
  // withdrawn before the close: the member may apply again
  await within(card()).findByText('参加摇号');
});

it.each([
  [{ status: 'confirmed' }, '中签，报名成功'],
  [{ status: 'waitlisted', position: 3 }, '未中签，候补第 3 位'],
  [{ status: 'not-drawn' }, '未中签'],
])('after the draw the card says the outcome %j and the place in the order', async (outcome, text) => {
  const drawn = { ...lottery, draw: { commitment: COMMITMENT, applicants: 40, drawnAt: '2027-01-10T10:05:00.000Z' } };
  fakeApi({
    'GET /activities': [200, { activities: [{ ...drawn, mySignup: entry({ ...outcome, drawPosition: 17 }) }] }],
    'GET /me/signups': [200, { signups: [] }],
  });
  render(<ActivityList />);
  await screen.findByText('春节返乡车票');
  expect(card().querySelector('.activity__places')!.textContent).toBe('摇号已开奖 · 30 个名额');
  expect(card().querySelector('.activity__status')!.textContent).toBe(text);
  expect(card().textContent).toContain('摇号顺序第 17 位');
  fireEvent.click(within(card()).getByText('查看摇号公示'));
  expect(taroFake.navigations.at(-1)).toEqual({ how: 'navigateTo', url: '/care/pages/draw/index?id=ac-draw&mine=17' });
});

it('the details show the rule and the commitment (copied with 复制), and lead to 摇号公示', async () => {
  fakeApi({ 'GET /activities': [200, { activities: [lottery] }], 'GET /me/signups': [200, { signups: [] }] });
  render(<ActivityList />);
  await screen.findByText('春节返乡车票');
  fireEvent.click(within(card()).getByText('查看详情 ▾'));
  const facts = card().querySelector('[data-facts]') as HTMLElement;
  expect(facts.textContent).toContain('未签到限制最近 3 次中签有 2 次未签到的，不能参加');
  expect(facts.textContent).toContain('未中签的按摇号顺序候补');
  const commitment = facts.querySelector('[data-copy="commitment"]') as HTMLElement;
  expect(commitment.querySelector('.copy-text__value')!.textContent).toBe(COMMITMENT);

  fireEvent.click(within(commitment).getByText('复制'));
  await waitFor(() => expect(taroFake.clipboard).toEqual([COMMITMENT]));
  expect(taroFake.toasts).toEqual([expect.objectContaining({ title: '已复制' })]);

  fireEvent.click(within(facts).getByText('摇号公示'));
  expect(taroFake.navigations).toEqual([{ how: 'navigateTo', url: '/care/pages/draw/index?id=ac-draw' }]);
});

it('a member barred by the no-show rule reads why, and whom to ask', async () => {
  const whyNot = '您最近 3 次中签有 2 次未签到，本期不能参加摇号';
  fakeApi({
    'GET /activities': [200, { activities: [{ ...lottery, eligible: false, whyNot }] }],
    'GET /me/signups': [200, { signups: [] }],
  });
  render(<ActivityList />);
  await screen.findByText('春节返乡车票');
  expect(card().querySelector('.activity__why')!.textContent).toBe(`暂不能报名：${whyNot}`);
  expect(card().textContent).toContain('确有特殊原因的，可向卢沟桥街道总工会说明，核实后可准许参加本期摇号');
  expect(within(card()).queryByText('参加摇号')).toBeNull();
});

it('我的报名 lists an application among the live ones, with 撤回报名', async () => {
  fakeApi({
    'GET /me/signups': [
      200,
      {
        signups: [
          entry({ activityId: 'ac-old', activityTitle: '中秋慰问', status: 'not-drawn', drawPosition: 80 }),
          entry({ status: 'applied' }),
        ],
      },
    ],
  });
  render(<MySignups userId="u-1" />);
  const cards = await waitFor(() => {
    const found = Array.from(document.querySelectorAll('[data-signup]'));
    expect(found).toHaveLength(2);
    return found as HTMLElement[];
  });
  expect(cards[0]!.getAttribute('data-signup')).toBe('ac-draw');
  expect(cards[0]!.textContent).toContain('已报名摇号，等待开奖');
  expect(within(cards[0]!).getByText('撤回报名')).toBeTruthy();
  expect(cards[1]!.textContent).toContain('未中签');
  expect(cards[1]!.textContent).toContain('摇号顺序第 80 位');
  expect(within(cards[1]!).queryByText('取消报名')).toBeNull();
});

it('a childcare draw: 参加摇号 opens the children form, and the family is sent as one application', async () => {
  const childcare = {
    ...lottery,
    title: '暑期托管班',
    category: 'class',
    perMemberLimit: 2,
    eligibility: { ...lottery.eligibility, children: { minAge: 6, maxAge: 12 } },
  };
  const api = fakeApi({
    'GET /activities': [200, { activities: [childcare] }],
    'GET /me/signups': [200, { signups: [] }],
    'POST /activities/ac-draw/signups': [201, { signup: entry({ status: 'applied', places: 2 }), created: true }],
  });
  render(<ActivityList />);
  await screen.findByText('暑期托管班');
  fireEvent.click(within(card()).getByText('参加摇号'));
  const child = (i: number) => card().querySelector(`[data-child="${i}"]`) as HTMLElement;
  fireEvent.change(within(child(0)).getByPlaceholderText('孩子姓名'), { target: { value: '王小明' } });
  fireEvent.click(within(child(0)).getByText('7岁'));
  fireEvent.click(within(card()).getByText('加一个孩子'));
  fireEvent.change(within(child(1)).getByPlaceholderText('孩子姓名'), { target: { value: '王小红' } });
  fireEvent.click(within(child(1)).getByText('10岁'));
  fireEvent.click(within(card()).getByText('提交报名'));
  await waitFor(() => expect(taroFake.toasts).toEqual([expect.objectContaining({ title: '已报名摇号' })]));
  expect(api.sent('POST /activities/ac-draw/signups')).toEqual([
    expect.objectContaining({
      children: [
        { name: '王小明', age: 7 },
        { name: '王小红', age: 10 },
      ],
    }),
  ]);
});

it('after the close an application waits for the draw and can no longer be withdrawn', async () => {
  fakeApi({
    'GET /activities': [
      200,
      { activities: [{ ...lottery, signupClosesAt: '2026-01-10T10:00:00.000Z', mySignup: entry({ status: 'applied' }) }] },
    ],
    'GET /me/signups': [200, { signups: [] }],
  });
  render(<ActivityList />);
  await screen.findByText('春节返乡车票');
  expect(card().querySelector('.activity__status')!.textContent).toBe('已报名摇号，报名已截止，等待开奖');
  expect(within(card()).queryByText('撤回报名')).toBeNull();
});
