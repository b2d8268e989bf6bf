import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { PublishActivity } from '../activities/publish-activity';
import { ActivityForm } from '../activities/activity-form';

const typeInto = (placeholder: string, value: string) => fireEvent.change(screen.getByPlaceholderText(placeholder), { target: { value } });
const input = (name: string) => document.querySelector(`input[name="${name}"]`) as HTMLInputElement;
const published = {
  id: 'ac-new',
  orgId: 'fengtai-lugouqiao',
  orgName: '卢沟桥街道总工会',
  title: '春节返乡车票',
  description: '',
  category: 'goods',
  place: '卢沟桥职工之家',
  startsAt: '2027-01-20T01:00:00.000Z',
  endsAt: '2027-01-20T09:00:00.000Z',
  signupOpensAt: '2026-11-20T01:00:00.000Z',
  signupClosesAt: '2027-01-10T10:00:00.000Z',
  capacity: 30,
  perMemberLimit: 1,
  eligibility: { activeMember: true, subtreeOnly: true, newEmploymentOnly: false, womenOnly: false },
  waitlist: true,
  holdMinutes: 120,
  allocation: 'draw',
  noShow: { missed: 2, of: 3 },
  draw: { commitment: 'ab'.repeat(32) },
  confirmed: 0,
  placesLeft: 30,
};

it('a first-come activity sends no allocation, as before', async () => {
  const api = fakeApi({ 'POST /staff/activities': [201, published] });
  render(<PublishActivity actingOrgId="fengtai-lugouqiao" />);
  expect(screen.getByText('先到先得').parentElement!.className).toContain('choice--on');
  expect(screen.queryByText('未签到限制')).toBeNull();
  typeInto('如：中医义诊', '中医义诊');
  typeInto('如：卢沟桥文化广场', '职工之家');
  fireEvent.click(screen.getByText('发布'));
  await waitFor(() => expect(api.sent('POST /staff/activities')).toHaveLength(1));
  const [body] = api.sent('POST /staff/activities') as Record<string, unknown>[];
  expect(body).not.toHaveProperty('allocation');
  expect(body).not.toHaveProperty('noShow');
});

it('摇号 with the no-show rule: the numbers are checked beside the rule, a draw needs a capacity, then it publishes', async () => {
  const api = fakeApi({ 'POST /staff/activities': [201, published] });
  render(<PublishActivity actingOrgId="fengtai-lugouqiao" />);
  typeInto('如：中医义诊', '春节返乡车票');
  typeInto('如：卢沟桥文化广场', '卢沟桥职工之家');
  fireEvent.click(screen.getByText('摇号'));
  expect(document.body.textContent).toContain('报名截止后公开摇号，须设定名额');
  fireEvent.click(screen.getByText('限制常中签不到场的会员'));
  // 最近 [3] 次中签有 [2] 次未签到: missed more than counted is not a rule
  fireEvent.change(input('activity-no-show-of'), { target: { value: '2' } });
  fireEvent.change(input('activity-no-show-missed'), { target: { value: '3' } });
  fireEvent.click(screen.getByText('不限名额'));
  fireEvent.click(screen.getByText('发布'));

  const rule = await screen.findByText('未签到次数不能多于统计的次数');
  expect(rule.parentElement!.querySelector('[data-no-show]')).not.toBeNull();
  expect(document.body.textContent).toContain('摇号须设定名额');
  expect(api.sent('POST /staff/activities')).toHaveLength(0);

  // changing a field clears its own message only
  fireEvent.change(input('activity-no-show-missed'), { target: { value: '' } });
  expect(screen.queryByText('未签到次数不能多于统计的次数')).toBeNull();
  expect(document.body.textContent).toContain('摇号须设定名额');
  fireEvent.click(screen.getByText('发布'));
  await screen.findByText('请填写未签到次数');

  fireEvent.change(input('activity-no-show-missed'), { target: { value: '1' } });
  fireEvent.click(screen.getByText('不限名额'));
  expect(document.body.textContent).not.toContain('摇号须设定名额');
  fireEvent.click(screen.getByText('发布'));

  await waitFor(() => expect(api.sent('POST /staff/activities')).toHaveLength(1));
  expect(api.sent('POST /staff/activities')[0]).toMatchObject({ allocation: 'draw', noShow: { missed: 1, of: 2 }, capacity: 30 });
  await waitFor(() => expect(taroFake.toasts).toEqual([expect.objectContaining({ title: '已发布' })]));
});

it('shows the server’s field errors for a draw beside 名额 and the rule', async () => {
  fakeApi({
    'POST /staff/activities': [
      400,
      { code: 'bad_request', message: '提交的内容有误', fieldErrors: { capacity: ['摇号须设定名额'], 'noShow.of': ['最多 20 次'] } },
    ],
  });
  render(<PublishActivity actingOrgId="fengtai-lugouqiao" />);
  typeInto('如：中医义诊', '春节返乡车票');
  typeInto('如：卢沟桥文化广场', '卢沟桥职工之家');
  fireEvent.click(screen.getByText('摇号'));
  fireEvent.click(screen.getByText('限制常中签不到场的会员'));
  fireEvent.click(screen.getByText('发布'));
  const capacity = await screen.findByText('摇号须设定名额');
  expect(capacity.parentElement!.querySelector('input[name="activity-capacity"]')).not.toBeNull();
  expect(screen.getByText('最多 20 次').parentElement!.querySelector('[data-no-show]')).not.toBeNull();
  expect(document.body.textContent).toContain('请按上面的提示修改后再提交');
});

it('editing a draw: the allocation is fixed, the rule can change and is sent', async () => {
  const api = fakeApi({ 'PUT /staff/activities/ac-new': [200, { ...published, noShow: { missed: 1, of: 3 } }] });
  const saved = jest.fn();
  render(<ActivityForm activity={published as never} onSaved={saved} onCancel={() => undefined} />);
  expect(document.body.textContent).toContain('发布后不能更改名额分配方式');
  expect(screen.queryByText('先到先得')).toBeNull();
  expect(input('activity-no-show-of').value).toBe('3');
  fireEvent.change(input('activity-no-show-missed'), { target: { value: '1' } });
  fireEvent.click(screen.getByText('保存修改'));
  await waitFor(() => expect(saved).toHaveBeenCalled());
  const [body] = api.sent('PUT /staff/activities/ac-new') as Record<string, unknown>[];
  expect(body).toMatchObject({ noShow: { missed: 1, of: 3 } });
  expect(body).not.toHaveProperty('allocation');
});

it('editing a draw: the rule switched off is sent as noShow: null (removed), not left out (kept)', async () => {
  const api = fakeApi({ 'PUT /staff/activities/ac-new': [200, { ...published, noShow: undefined }] });
  const saved = jest.fn();
  render(<ActivityForm activity={published as never} onSaved={saved} onCancel={() => undefined} />);
  fireEvent.click(screen.getByText('限制常中签不到场的会员'));
  expect(document.querySelector('[data-no-show]')).toBeNull();
  fireEvent.click(screen.getByText('保存修改'));
  await waitFor(() => expect(saved).toHaveBeenCalled());
  const [body] = api.sent('PUT /staff/activities/ac-new') as Record<string, unknown>[];
  expect(body).toMatchObject({ noShow: null });
});
