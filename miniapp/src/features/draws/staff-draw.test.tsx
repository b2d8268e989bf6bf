import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { StaffActivity } from '../activities/staff-activity';

const COMMITMENT = 'ab12'.repeat(16);
const activity = {
  id: 'ac-draw',
  orgId: 'fengtai-lugouqiao',
  orgName: '卢沟桥街道总工会',
  title: '春节返乡车票',
  description: '',
  category: 'goods',
  place: '卢沟桥职工之家',
  startsAt: '2027-01-20T01:00:00.000Z',
  endsAt: '2027-01-20T09:00:00.000Z',
  signupOpensAt: '2026-11-01T01:00:00.000Z',
  // closed already (the tests run after it)
  signupClosesAt: '2026-11-25T10:00:00.000Z',
  capacity: 30,
  perMemberLimit: 1,
  eligibility: { activeMember: true, subtreeOnly: true, newEmploymentOnly: false, womenOnly: false },
  waitlist: true,
  holdMinutes: 120,
  allocation: 'draw',
  noShow: { missed: 2, of: 3 },
  draw: { commitment: COMMITMENT },
  confirmed: 0,
  placesLeft: 30,
};
const counts = { confirmed: 0, waitlisted: 0, offered: 0, cancelled: 0, expired: 0, checkedIn: 0 };
const applicant = (name: string, memberNo: string, status: string) => ({ name, memberNo, status, places: 1 });
const drawCard = () => document.querySelector('[data-card="draw"]') as HTMLElement;

it('shows the commitment and applicants; 开始摇号 asks first (red), then shows the summary and 摇号公示', async () => {
  let drawn = false;
  const api = fakeApi({
    'GET /staff/activities/ac-draw/signups': () => [
      200,
      {
        activity: drawn ? { ...activity, draw: { ...activity.draw, drawnAt: '2026-11-25T10:05:00.000Z', applicants: 41 } } : activity,
        counts: drawn ? { ...counts, confirmed: 30, waitlisted: 8 } : counts,
        signups: drawn
          ? [applicant('王*明', 'FT-1', 'confirmed'), applicant('李*', 'FT-2', 'not-drawn')]
          : [applicant('王*明', 'FT-1', 'applied'), applicant('李*', 'FT-2', 'applied')],
      },
    ],
    'POST /staff/activities/ac-draw/draw': () => (
      (drawn = true),
      [200, { activityId: 'ac-draw', applicants: 41, won: 28, placesWon: 30, waitlisted: 8, drawnNow: true }]
    ),
  });
  render(<StaffActivity id="ac-draw" />);
  // before the draw the applications are counted from the list
  await screen.findByText('摇号报名 2 个 · 名额 30');
  expect(drawCard().textContent).toContain('报名已截止，可以开始摇号');
  expect(drawCard().textContent).toContain('已有 2 个报名 · 30 个名额');
  expect(drawCard().querySelector('[data-copy="commitment"] .copy-text__value')!.textContent).toBe(COMMITMENT);
  // the list says where each application stands, in short
  expect(screen.getAllByText('已报名摇号')).toHaveLength(2);

  taroFake.modalAnswer = false;
  fireEvent.click(within(drawCard()).getByText('开始摇号'));
  await waitFor(() => expect(taroFake.modals).toHaveLength(1));
  expect(taroFake.modals[0]).toEqual(expect.objectContaining({ confirmColor: '#c8102e' }));
  expect(taroFake.modals[0]!.content).toContain('摇号结果确定后不能更改');
  expect(api.sent('POST /staff/activities/ac-draw/draw')).toHaveLength(0);

  taroFake.modalAnswer = true;
  fireEvent.click(within(drawCard()).getByText('开始摇号'));
  await waitFor(() => expect(drawCard().textContent).toContain('摇号完成：中签 28 个报名 / 30 个名额，候补 8'));
  expect(api.sent('POST /staff/activities/ac-draw/draw')).toHaveLength(1);
  expect(taroFake.toasts).toEqual([expect.objectContaining({ title: '摇号完成' })]);
  await waitFor(() => expect(drawCard().textContent).toContain('已于 11月25日 周三 18:05 摇号'));
  expect(within(drawCard()).queryByText('开始摇号')).toBeNull();
  expect(drawCard().textContent).toContain('共 41 个报名 · 30 个名额');
  expect(screen.getByText('未中签')).toBeTruthy();
  expect(document.querySelector('[data-pardon]')).toBeNull();
  fireEvent.click(within(drawCard()).getByText('摇号公示'));
  expect(taroFake.navigations).toEqual([{ how: 'navigateTo', url: '/care/pages/draw/index?id=ac-draw' }]);
});

it('before the close there is no 开始摇号, only when it can start', async () => {
  fakeApi({
    'GET /staff/activities/ac-draw/signups': [
      200,
      { activity: { ...activity, signupClosesAt: '2099-01-10T10:00:00.000Z' }, counts, signups: [] },
    ],
  });
  render(<StaffActivity id="ac-draw" />);
  await screen.findByText('报名中，1月10日 周六 18:00 截止后可开始摇号');
  expect(within(drawCard()).queryByText('开始摇号')).toBeNull();
});

it('准许参加: 会员号 and 原因 checked beside their fields, then a toast with the name', async () => {
  const api = fakeApi({
    'GET /staff/activities/ac-draw/signups': [
      200,
      { activity: { ...activity, signupClosesAt: '2099-01-10T10:00:00.000Z' }, counts, signups: [] },
    ],
    'POST /staff/activities/ac-draw/pardons': (body: { memberNo: string }) =>
      body.memberNo === 'FT-404'
        ? [400, { code: 'invalid', message: '输入有误', fieldErrors: { memberNo: ['找不到这个会员号'] }, requestId: 'r1' }]
        : [200, { memberNo: 'FT-000123', name: '王*明', message: '已准许王*明参加本期摇号' }],
  });
  render(<StaffActivity id="ac-draw" />);
  const pardon = (await waitFor(() => {
    const found = document.querySelector('[data-pardon]');
    expect(found).not.toBeNull();
    return found;
  })) as HTMLElement;

  fireEvent.click(within(pardon).getByText('准许参加', { selector: 'button' }));
  expect(pardon.textContent).toContain('请填写会员号');
  expect(pardon.textContent).toContain('请写明原因');
  expect(api.sent('POST /staff/activities/ac-draw/pardons')).toHaveLength(0);

  fireEvent.change(within(pardon).getByPlaceholderText('会员号'), { target: { value: 'FT-404' } });
  expect(pardon.textContent).not.toContain('请填写会员号');
  fireEvent.change(within(pardon).getByPlaceholderText('原因，如：住院未能到场，有证明'), { target: { value: '住院未能到场' } });
  fireEvent.click(within(pardon).getByText('准许参加', { selector: 'button' }));
  await waitFor(() => expect(pardon.textContent).toContain('找不到这个会员号'));

  fireEvent.change(within(pardon).getByPlaceholderText('会员号'), { target: { value: ' FT-000123 ' } });
  expect(pardon.textContent).not.toContain('找不到这个会员号');
  fireEvent.click(within(pardon).getByText('准许参加', { selector: 'button' }));
  await waitFor(() => expect(taroFake.toasts).toEqual([expect.objectContaining({ title: '已准许王*明参加' })]));
  expect(pardon.textContent).toContain('已准许王*明参加本期摇号');
  expect(api.sent('POST /staff/activities/ac-draw/pardons').at(-1)).toEqual({ memberNo: 'FT-000123', reason: '住院未能到场' });
  expect((within(pardon).getByPlaceholderText('会员号') as HTMLInputElement).value).toBe('');
});

describe('the page open across the close', () => {
  afterEach(() => jest.useRealTimers());

  it('turns to 开始摇号 at the close without a reload, then shows the sweeper’s result and 摇号公示', async () => {
    jest.useFakeTimers({ now: new Date('2026-11-25T09:59:55.000Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    let drawn = false;
    const drawnActivity = {
      ...activity,
      draw: { commitment: COMMITMENT, drawnAt: '2026-11-25T10:00:12.000Z', applicants: 4, won: 2, placesWon: 3, waitlisted: 2 },
    };
    const api = fakeApi({
      'GET /staff/activities/ac-draw/signups': () => [
        200,
        {
          activity: drawn ? drawnActivity : activity,
          counts: drawn ? { ...counts, confirmed: 3, waitlisted: 2 } : counts,
          signups: drawn
            ? [
                applicant('赵*华', 'FT-4', 'waitlisted'),
                applicant('王*明', 'FT-1', 'confirmed'),
                applicant('孙*', 'FT-3', 'waitlisted'),
                applicant('李*', 'FT-2', 'confirmed'),
              ]
            : [applicant('王*明', 'FT-1', 'applied'), applicant('李*', 'FT-2', 'applied')],
        },
      ],
    });
    render(<StaffActivity id="ac-draw" />);
    await screen.findByText('报名中，11月25日 周三 18:00 截止后可开始摇号');
    expect(within(drawCard()).queryByText('开始摇号')).toBeNull();

    // the window closes while the page is open
    await act(async () => void jest.advanceTimersByTime(5_200));
    expect(drawCard().textContent).toContain('报名已截止，可以开始摇号');
    expect(within(drawCard()).getByText('开始摇号')).toBeTruthy();
    const reads = api.urls('GET /staff/activities/ac-draw/signups').length;

    // the sweeper draws; the page reads the activity again and shows the result
    drawn = true;
    await act(async () => void jest.advanceTimersByTime(15_000));
    expect(api.urls('GET /staff/activities/ac-draw/signups').length).toBe(reads + 1);
    await waitFor(() => expect(drawCard().textContent).toContain('已于 11月25日 周三 18:00 摇号'));
    expect(drawCard().querySelector('.draw-summary')!.textContent).toBe('摇号完成：中签 2 个报名 / 3 个名额，候补 2');
    expect(within(drawCard()).queryByText('开始摇号')).toBeNull();
    expect(within(drawCard()).getByText('摇号公示')).toBeTruthy();
    // no more reading once drawn
    await act(async () => void jest.advanceTimersByTime(60_000));
    expect(api.urls('GET /staff/activities/ac-draw/signups').length).toBe(reads + 1);

    // the list: the waiting list in its order (as each member sees it), 候补中（第 N 位）
    const rows = Array.from(document.querySelectorAll('[data-signup-row]')).map((r) => r.textContent);
    expect(rows).toEqual(['赵*华候补中（第 1 位）', '王*明报名成功', '孙*候补中（第 2 位）', '李*报名成功']);
  });
});
