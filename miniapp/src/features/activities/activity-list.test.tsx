import { fireEvent, render, screen, within } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
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
  expect(within(card()).getByText('每个孩子占一个名额，兄弟姐妹一起候补')).toBeTruthy();
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

  expect(await within(card()).findByText('孩子：王小明（7岁）、王小红（10岁）')).toBeTruthy();
  expect(within(card()).getByText('报名成功')).toBeTruthy();
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
  expect(within(child(0)).getByText('请填写孩子姓名')).toBeTruthy();

  nameInto(0, '李想');
  fireEvent.click(within(card()).getByText('加一个孩子'));
  nameInto(1, '李念');
  fireEvent.click(within(card()).getByText('提交报名'));
  expect(within(child(1)).getByText('请选择孩子的年龄')).toBeTruthy();

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
  expect(within(card()).getByText('每人最多报 2 个孩子')).toBeTruthy();

  nameInto(1, '赵二');
  fireEvent.click(within(child(1)).getByText('9岁'));
  fireEvent.click(within(child(0)).getByText('删除'));
  expect(within(card()).getAllByPlaceholderText('孩子姓名')).toHaveLength(1);
  expect(within(card()).getByText('加一个孩子')).toBeTruthy();
  fireEvent.click(within(card()).getByText('提交报名'));

  // the server's reason is shown on the card
  expect(await within(card()).findByText('孩子年龄须在 6 到 12 岁之间')).toBeTruthy();
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

  expect(await within(child(0)).findByText('姓名最多 20 个字')).toBeTruthy();
  expect(within(card()).getByText('提交的内容有误，请检查后重试')).toBeTruthy();
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

  expect(await screen.findByText('仅限本工会及下级工会的会员')).toBeTruthy();
  expect(screen.queryByPlaceholderText('孩子姓名')).toBeNull();
  const [body] = api.sent('POST /activities/ac-care/signups') as Record<string, unknown>[];
  expect(body!.clientRequestId).toEqual(expect.any(String));
  expect(body!.children).toBeUndefined();
});
