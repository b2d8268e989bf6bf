import { fireEvent, render, screen, within, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { StaffActivity } from './staff-activity';

const signups = { counts: { confirmed: 2, waitlisted: 1, offered: 0, cancelled: 0, expired: 0, checkedIn: 0 }, signups: [] };
const wang = { memberNo: 'FT-000123', name: '王*勇', phone: '*******1234', status: 'confirmed', places: 1 };
const li = {
  memberNo: 'FT-000456',
  name: '李*',
  phone: '*******1234',
  status: 'confirmed',
  places: 1,
  checkedInAt: '2026-11-26T01:05:00.000Z',
};
const row = (memberNo: string) => document.querySelector(`[data-member="${memberNo}"]`) as HTMLElement;

it('finds a member by the last four digits of their phone and checks them in with one tap', async () => {
  let checkedIn = false;
  const api = fakeApi({
    'GET /staff/activities/ac-1/signups': [200, signups],
    'GET /staff/activities/ac-1/signups/search': () => [
      200,
      { matches: [checkedIn ? { ...wang, checkedInAt: '2026-11-26T01:30:00.000Z' } : wang, li] },
    ],
    'POST /staff/activities/ac-1/check-in': () => (
      (checkedIn = true),
      [200, { result: 'checked-in', message: '签到成功', name: '王*勇', at: '2026-11-26T01:30:00.000Z' }]
    ),
  });
  render(<StaffActivity id="ac-1" />);
  await screen.findByText('报名成功 2', { exact: false });

  fireEvent.change(screen.getByPlaceholderText('姓名或手机号后四位'), { target: { value: '1234' } });
  fireEvent.click(screen.getByText('搜索'));

  await screen.findByText('王*勇');
  expect(row('FT-000123').textContent).toContain('*******1234');
  expect(row('FT-000123').textContent).toContain('报名成功');
  // already in: the time where the button would be, no second 签到
  expect(row('FT-000456').querySelector('.search__done')!.textContent).toBe('已签到（11月26日 周四 09:05）');
  expect(within(row('FT-000456')).queryByText('签到')).toBeNull();
  expect(row('FT-000456').textContent).not.toContain('报名成功');
  expect(api.urls('GET /staff/activities/ac-1/signups/search')[0]).toMatch(/\?q=1234$/);

  fireEvent.click(within(row('FT-000123')).getByText('签到'));

  const answer = await screen.findByText('签到成功 · 王*勇');
  expect(answer.className).toContain('checkin--ok');
  expect(api.sent('POST /staff/activities/ac-1/check-in')).toEqual([{ memberNo: 'FT-000123' }]);
  await waitFor(() => expect(row('FT-000123').textContent).toContain('已签到（11月26日 周四 09:30）'));
  expect(within(row('FT-000123')).queryByText('签到')).toBeNull();
});

it('shows the server’s answer when a found member cannot be checked in, and says when nobody matches', async () => {
  fakeApi({
    'GET /staff/activities/ac-1/signups': [200, signups],
    'GET /staff/activities/ac-1/signups/search': (_body, query) => [
      200,
      { matches: query.get('q') === '王' ? [{ ...wang, status: 'waitlisted' }] : [] },
    ],
    'POST /staff/activities/ac-1/check-in': [200, { result: 'not-signed-up', message: '这位职工还在候补中，没有名额', name: '王*勇' }],
  });
  render(<StaffActivity id="ac-1" />);
  await screen.findByText('报名成功 2', { exact: false });
  const search = screen.getByPlaceholderText('姓名或手机号后四位');

  fireEvent.change(search, { target: { value: '赵' } });
  fireEvent.click(screen.getByText('搜索'));
  await waitFor(() => expect(document.body.textContent).toContain('没有找到，请核对姓名或手机号后四位'));

  fireEvent.change(search, { target: { value: '王' } });
  fireEvent.click(screen.getByText('搜索'));
  await screen.findByText('候补中');
  fireEvent.click(within(row('FT-000123')).getByText('签到'));

  const answer = await screen.findByText('这位职工还在候补中，没有名额 · 王*勇');
  expect(answer.className).not.toContain('checkin--ok');
});

it('registers a member by phone number and says where they stand', async () => {
  const signup = { activityId: 'ac-1', activityTitle: '中医义诊', places: 1, children: [], createdAt: '2026-11-26T01:00:00.000Z' };
  const api = fakeApi({
    'GET /staff/activities/ac-1/signups': [200, signups],
    'POST /staff/activities/ac-1/register': (body: { mobile: string }) =>
      body.mobile === '13912345678'
        ? [201, { signup: { ...signup, status: 'waitlisted', position: 2 }, created: true }]
        : body.mobile === '13800000000'
          ? [201, { signup: { ...signup, status: 'confirmed' }, created: true }]
          : [404, { code: 'not_found', message: '没有找到用这个手机号入会的会员', requestId: 'r1' }],
  });
  render(<StaffActivity id="ac-1" />);
  await screen.findByText('报名成功 2', { exact: false });
  const phone = screen.getByPlaceholderText('职工入会时的 11 位手机号');

  fireEvent.change(phone, { target: { value: '13912345678' } });
  fireEvent.click(screen.getByText('登记报名'));
  await waitFor(() => expect(document.body.textContent).toContain('候补第 2 位'));
  expect(api.sent('POST /staff/activities/ac-1/register')).toEqual([{ mobile: '13912345678' }]);
  // cleared for the next person in line
  expect((phone as HTMLInputElement).value).toBe('');

  fireEvent.change(phone, { target: { value: '13800000000' } });
  fireEvent.click(screen.getByText('登记报名'));
  expect((await screen.findByText('报名成功', { selector: '.checkin' })).className).toContain('checkin--ok');

  fireEvent.change(phone, { target: { value: '13700000000' } });
  fireEvent.click(screen.getByText('登记报名'));
  await waitFor(() => expect(document.body.textContent).toContain('没有找到用这个手机号入会的会员'));
  expect(screen.queryByText('报名成功', { selector: '.checkin' })).toBeNull();
});

describe('a 托管班', () => {
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
    perMemberLimit: 3,
    eligibility: { activeMember: true, subtreeOnly: true, newEmploymentOnly: false, womenOnly: false, children: { minAge: 3, maxAge: 12 } },
    waitlist: true,
    holdMinutes: 120,
    confirmed: 10,
    placesLeft: 20,
  };
  const registered = {
    signup: {
      activityId: 'ac-care',
      activityTitle: '寒假托管班',
      status: 'confirmed',
      places: 2,
      children: [],
      createdAt: '2026-11-26T01:00:00.000Z',
    },
    created: true,
  };
  const cardTitled = (title: string) => screen.getByText(title).closest('.card') as HTMLElement;
  const child = (card: HTMLElement, index: number) => card.querySelector(`[data-child="${index}"]`) as HTMLElement;
  const fillChild = (card: HTMLElement, index: number, name: string, age: string) => {
    fireEvent.change(within(child(card, index)).getByPlaceholderText('孩子姓名'), { target: { value: name } });
    fireEvent.click(within(child(card, index)).getByText(age));
  };
  const prepare = () =>
    fakeApi({
      'GET /staff/activities/ac-care/signups': [200, { ...signups, activity: childcare }],
      'POST /staff/activities/ac-care/register': [201, registered],
    });

  it('registers by phone number with the children’s names and ages, checked before anything is sent', async () => {
    const api = prepare();
    render(<StaffActivity id="ac-care" />);
    await screen.findByText('报名成功 2', { exact: false });
    const byPhone = cardTitled('没带会员卡？按手机号报名');
    await within(byPhone).findByText('每个孩子占一个名额，兄弟姐妹一起候补');

    fireEvent.change(within(byPhone).getByPlaceholderText('职工入会时的 11 位手机号'), { target: { value: '13912345678' } });
    fireEvent.click(within(byPhone).getByText('登记报名'));
    expect(byPhone.textContent).toContain('请填写孩子姓名');
    expect(byPhone.textContent).toContain('请选择孩子的年龄');
    expect(api.sent('POST /staff/activities/ac-care/register')).toHaveLength(0);

    fillChild(byPhone, 0, '刘一', '4岁');
    fireEvent.click(within(byPhone).getByText('加一个孩子'));
    fillChild(byPhone, 1, '刘二', '12岁');
    fireEvent.click(within(byPhone).getByText('登记报名'));

    await waitFor(() => expect(byPhone.textContent).toContain('报名成功'));
    expect(api.sent('POST /staff/activities/ac-care/register')).toEqual([
      {
        mobile: '13912345678',
        children: [
          { name: '刘一', age: 4 },
          { name: '刘二', age: 12 },
        ],
      },
    ]);
    // cleared for the next family in line
    expect(
      within(byPhone)
        .getAllByPlaceholderText('孩子姓名')
        .map((i) => (i as HTMLInputElement).value),
    ).toEqual(['']);
  });

  it('asks for the children before registering by member card, then sends them with the card', async () => {
    const api = prepare();
    render(<StaffActivity id="ac-care" />);
    await screen.findByText('报名成功 2', { exact: false });
    const atTheDoor = cardTitled('签到 / 现场报名');
    // the activity's rules have arrived once the phone card asks for children
    await within(cardTitled('没带会员卡？按手机号报名')).findByPlaceholderText('孩子姓名');

    fireEvent.change(within(atTheDoor).getByPlaceholderText('粘贴入场票或会员卡二维码内容'), { target: { value: 'eyCard-0123456789' } });
    fireEvent.click(within(atTheDoor).getByText('代为报名'));
    expect(api.sent('POST /staff/activities/ac-care/register')).toHaveLength(0);

    fillChild(atTheDoor, 0, '陈小雨', '6岁');
    fireEvent.click(within(atTheDoor).getByText('代为报名'));

    await waitFor(() => expect(atTheDoor.textContent).toContain('报名成功'));
    expect(api.sent('POST /staff/activities/ac-care/register')).toEqual([
      { cardToken: 'eyCard-0123456789', children: [{ name: '陈小雨', age: 6 }] },
    ]);
    expect(within(atTheDoor).queryByPlaceholderText('孩子姓名')).toBeNull();
  });
});
