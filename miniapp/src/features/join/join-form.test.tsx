import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { JoinFormScreen } from './join-form';

const token = 'AbCdEfGhIjK_lmnopqrstuvwxyz-012';
const target = {
  orgId: 'fengtai-lugouqiao',
  orgName: '卢沟桥街道总工会',
  orgPath: ['市总工会', '丰台区', '卢沟桥街道'],
  autoApprove: false,
};
const membership = {
  memberNo: 'FT-000123',
  name: '王大勇',
  mobile: '13912345678',
  employer: '美团',
  occupation: 'food-delivery',
  newEmploymentForm: true,
  orgId: 'fengtai-lugouqiao',
  orgName: '卢沟桥街道总工会',
  status: 'pending',
  joinedAt: '2026-11-20T02:00:00.000Z',
  cardRequest: 'none',
  history: [],
};

async function fillIn() {
  await screen.findByText('加入卢沟桥街道总工会');
  fireEvent.change(screen.getByPlaceholderText('请填写真实姓名'), { target: { value: '王大勇' } });
  fireEvent.change(screen.getByPlaceholderText('11 位手机号'), { target: { value: '13912345678' } });
  fireEvent.change(screen.getByPlaceholderText('如：美团、顺丰速运、某物业公司'), { target: { value: '美团' } });
  fireEvent.click(screen.getByText('外卖配送员'));
  fireEvent.click(screen.getByText('我已阅读并同意个人信息说明'));
}

it('sends 性别 when the worker picks one, and the card appears', async () => {
  const api = fakeApi({ [`GET /join/${token}`]: [200, { target }], [`POST /join/${token}`]: [201, { membership, created: true }] });
  render(<JoinFormScreen token={token} />);
  await fillIn();
  expect(screen.getByText('只用于女职工专属福利，可不填').previousElementSibling!.textContent).toContain('女');
  fireEvent.click(screen.getByText('女'));
  fireEvent.click(screen.getByText('提交，立即领取会员卡'));

  // what 待审核 means, who reviews and how long it takes, and a way into the app
  await waitFor(() => expect(document.querySelector('[data-joined="pending"]')).not.toBeNull());
  const joined = document.querySelector('[data-joined="pending"]')!;
  expect(joined.textContent).toContain('待审核：您的入会申请已交给卢沟桥街道总工会的工作人员核对，通常 3 个工作日内完成。');
  expect(api.sent(`POST /join/${token}`)[0]).toMatchObject({ name: '王大勇', gender: 'female' });
  fireEvent.click(screen.getByText('去首页，找附近驿站'));
  fireEvent.click(screen.getByText('去「我的」查看会员信息'));
  expect(taroFake.navigations).toEqual([
    { how: 'switchTab', url: '/pages/stations/index' },
    { how: 'switchTab', url: '/pages/me/index' },
  ]);
});

it('leaves 性别 out when the worker skips it or taps the choice again to clear it', async () => {
  const api = fakeApi({ [`GET /join/${token}`]: [200, { target }], [`POST /join/${token}`]: [201, { membership, created: true }] });
  render(<JoinFormScreen token={token} />);
  await fillIn();
  fireEvent.click(screen.getByText('男'));
  fireEvent.click(screen.getByText('男'));
  fireEvent.click(screen.getByText('提交，立即领取会员卡'));

  await screen.findByText('待审核');
  expect(api.sent(`POST /join/${token}`)[0]).not.toHaveProperty('gender');
});

it('checks the whole form before sending: every missing field said at once beside it, scrolled to 姓名, each cleared when changed', async () => {
  const scrolledTo: Element[] = [];
  Element.prototype.scrollIntoView = function (this: Element) {
    scrolledTo.push(this);
  };
  const api = fakeApi({ [`GET /join/${token}`]: [200, { target }], [`POST /join/${token}`]: [201, { membership, created: true }] });
  render(<JoinFormScreen token={token} />);
  await screen.findByText('加入卢沟桥街道总工会');
  fireEvent.click(screen.getByText('提交，立即领取会员卡'));

  // one submit, all five, in the form's order, each right under its own field
  await waitFor(() =>
    expect(Array.from(document.querySelectorAll('.field-error')).map((e) => e.textContent)).toEqual([
      '请填写真实姓名',
      '请填写 11 位手机号',
      '请填写工作单位或平台',
      '请选择您的职业',
      '请阅读并同意个人信息说明',
    ]),
  );
  const name = screen.getByText('请填写真实姓名');
  expect((name.previousElementSibling as HTMLInputElement).name).toBe('name');
  expect((screen.getByText('请填写 11 位手机号').previousElementSibling as HTMLInputElement).name).toBe('mobile');
  expect((screen.getByText('请填写工作单位或平台').previousElementSibling as HTMLInputElement).name).toBe('employer');
  expect(screen.getByText('请选择您的职业').previousElementSibling!.textContent).toContain('外卖配送员');
  await waitFor(() => expect(scrolledTo).toEqual([name]));
  expect(api.sent(`POST /join/${token}`)).toHaveLength(0);

  // a wrong value is said too, before sending, in words a rider understands
  fireEvent.change(screen.getByPlaceholderText('请填写真实姓名'), { target: { value: 'W@ng' } });
  expect(screen.queryByText('请填写真实姓名')).toBeNull();
  fireEvent.change(screen.getByPlaceholderText('11 位手机号'), { target: { value: '1391234' } });
  expect(screen.queryByText('请填写 11 位手机号')).toBeNull();
  fireEvent.click(screen.getByText('外卖配送员'));
  expect(screen.queryByText('请选择您的职业')).toBeNull();
  fireEvent.click(screen.getByText('提交，立即领取会员卡'));
  await screen.findByText('姓名只能包含汉字或字母');
  expect(Array.from(document.querySelectorAll('.field-error')).map((e) => e.textContent)).toEqual([
    '姓名只能包含汉字或字母',
    '请填写 11 位手机号',
    '请填写工作单位或平台',
    '请阅读并同意个人信息说明',
  ]);
  expect(api.sent(`POST /join/${token}`)).toHaveLength(0);

  fireEvent.change(screen.getByPlaceholderText('请填写真实姓名'), { target: { value: '王大勇' } });
  fireEvent.change(screen.getByPlaceholderText('11 位手机号'), { target: { value: '13912345678' } });
  fireEvent.change(screen.getByPlaceholderText('如：美团、顺丰速运、某物业公司'), { target: { value: '美团' } });
  fireEvent.click(screen.getByText('我已阅读并同意个人信息说明'));
  expect(document.querySelectorAll('.field-error')).toHaveLength(0);
  fireEvent.click(screen.getByText('提交，立即领取会员卡'));
  await screen.findByText('已提交，待审核');
  expect(api.sent(`POST /join/${token}`)).toHaveLength(1);
});

it("puts the server's answer for a field beside that field, and clears it when the field changes", async () => {
  fakeApi({
    [`GET /join/${token}`]: [200, { target }],
    [`POST /join/${token}`]: [
      400,
      { code: 'bad_request', message: '提交的内容有误，请检查后重试', fieldErrors: { name: ['姓名只能包含汉字或字母'] }, requestId: 'r1' },
    ],
  });
  render(<JoinFormScreen token={token} />);
  await fillIn();
  fireEvent.click(screen.getByText('提交，立即领取会员卡'));
  const name = await screen.findByText('姓名只能包含汉字或字母');
  expect((name.previousElementSibling as HTMLInputElement).name).toBe('name');
  expect(screen.getByText('提交，立即领取会员卡').nextElementSibling!.textContent).toBe('请按上面的提示修改后再提交');
  fireEvent.change(screen.getByPlaceholderText('请填写真实姓名'), { target: { value: '王小勇' } });
  expect(screen.queryByText('姓名只能包含汉字或字母')).toBeNull();
});

/** the element's position among all the page's elements, to say what comes first */
const order = (e: Element) => Array.from(document.querySelectorAll('*')).indexOf(e);

it('after joining, the ways on sit right under the message, before the card, with no full-screen block between', async () => {
  fakeApi({ [`GET /join/${token}`]: [200, { target }], [`POST /join/${token}`]: [201, { membership, created: true }] });
  render(<JoinFormScreen token={token} />);
  await fillIn();
  fireEvent.click(screen.getByText('提交，立即领取会员卡'));
  await screen.findByText('已提交，待审核');

  const message = screen.getByText(/^待审核：/);
  const home = screen.getByText('去首页，找附近驿站');
  const card = document.querySelector('.member-card')!;
  expect(order(message)).toBeLessThan(order(home));
  expect(order(home)).toBeLessThan(order(card));
  // the message and the ways on are one block: nothing between them
  expect(message.closest('.card')).toBe(home.closest('.card'));
  // a page inside the page is a screen-high block (min-height: 100vh) of blank space
  expect(document.querySelectorAll('.page .page')).toHaveLength(0);
});

it.each([
  ['active', '您已入会', '不用再次入会'],
  ['pending', '入会申请审核中', '通常 3 个工作日内完成'],
])('scanning again after joining (%s) says so in a header first, with the ways on near the top', async (status, title, says) => {
  fakeApi({ [`GET /join/${token}`]: [200, { target, existing: { ...membership, status } }] });
  render(<JoinFormScreen token={token} />);
  const header = await screen.findByText(title);
  expect(header.className).toContain('page-header__title');
  const text = screen.getByText(new RegExp(says));
  const home = screen.getByText('去首页，找附近驿站');
  const card = document.querySelector('.member-card')!;
  expect(order(header)).toBeLessThan(order(text));
  expect(order(text)).toBeLessThan(order(home));
  expect(order(home)).toBeLessThan(order(card));
  expect(document.querySelectorAll('.page .page')).toHaveLength(0);
  fireEvent.click(screen.getByText('去「我的」查看会员信息'));
  expect(taroFake.navigations).toEqual([{ how: 'switchTab', url: '/pages/me/index' }]);
});
