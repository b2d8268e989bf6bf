import { fireEvent, render, screen } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
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
  expect(screen.getByText('只用于女职工专属福利，可不填')).toBeTruthy();
  fireEvent.click(screen.getByText('女'));
  fireEvent.click(screen.getByText('提交，立即领取会员卡'));

  expect(await screen.findByText('待审核')).toBeTruthy();
  expect(api.sent(`POST /join/${token}`)[0]).toMatchObject({ name: '王大勇', gender: 'female' });
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
