import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { JoinFormScreen, ReapplyScreen } from './join-form';
import { MyMembership } from './my-membership';
import { MemberCardScreen } from './member-card-screen';
import { REAPPLY_URL } from './reapply-url';

const returned = {
  memberNo: '261120004321',
  name: '王大勇',
  mobile: '13912345678',
  employer: '美团',
  occupation: 'food-delivery',
  newEmploymentForm: true,
  gender: 'male',
  orgId: 'fengtai-lugouqiao',
  orgName: '卢沟桥街道总工会',
  status: 'rejected',
  rejectReason: '工作单位请写到站点',
  joinedAt: '2026-11-20T02:00:00.000Z',
  cardRequest: 'requested',
  history: [],
};
const pendingAgain = {
  ...returned,
  status: 'pending',
  rejectReason: undefined,
  employer: '美团 卢沟桥站',
  joinedAt: '2026-11-30T04:00:00.000Z',
};
const input = (placeholder: string) => screen.getByPlaceholderText(placeholder) as HTMLInputElement;
const checked = (label: string) => (screen.getByText(label).previousElementSibling as HTMLInputElement).checked;

it('我的 shows a returned application’s reason and 修改后重新提交, which opens the form to correct it', async () => {
  fakeApi({ 'GET /me/membership': [200, { membership: returned }] });
  render(<MyMembership />);
  await waitFor(() => expect(document.querySelector('[data-returned]')).not.toBeNull());
  expect(document.querySelector('[data-returned]')!.textContent).toContain('退回原因：工作单位请写到站点');
  fireEvent.click(screen.getByText('修改后重新提交'));
  expect(taroFake.navigations).toEqual([{ how: 'navigateTo', url: REAPPLY_URL }]);
  expect(REAPPLY_URL).toBe('/pages/join-form/index?reapply=1');
});

it('the member card page of a returned application (where its 消息 opens): 已退回, the reason, when, 修改后重新提交, no QR', async () => {
  fakeApi({
    'GET /me/member-card': [
      200,
      {
        name: '王大勇',
        orgName: '卢沟桥街道总工会',
        memberNo: returned.memberNo,
        joinedAt: returned.joinedAt,
        status: 'rejected',
        rejectReason: '工作单位请写到站点',
        // 12:30 on Saturday 21 November in Beijing
        returnedAt: '2026-11-21T04:30:00.000Z',
      },
    ],
  });
  render(<MemberCardScreen userId="u-returned" />);
  await screen.findByText('入会申请已退回');
  const notice = document.querySelector('[data-returned]')!;
  expect(notice.textContent).toContain('退回原因：工作单位请写到站点');
  expect(notice.textContent).toContain('退回时间 11月21日 周六 12:30');
  // no member card: no QR, no 入会时间, nothing a door would take for one
  expect(document.querySelector('.member-card__qr')).toBeNull();
  expect(document.querySelector('.member-card')).toBeNull();
  expect(document.body.textContent).not.toContain('入会时间');
  expect(document.body.textContent).not.toContain('二维码');
  fireEvent.click(screen.getByText('修改后重新提交'));
  expect(taroFake.navigations).toEqual([{ how: 'navigateTo', url: REAPPLY_URL }]);
});

it('修改后重新提交: the form opens filled in with what was sent and the reason; the corrected form goes back to review', async () => {
  const api = fakeApi({
    'GET /me/membership': [200, { membership: returned }],
    'POST /me/membership/reapply': [200, { membership: pendingAgain, resubmitted: true }],
  });
  render(<ReapplyScreen />);
  await screen.findByText('修改后重新提交', { selector: '.page-header__title' });
  expect(document.body.textContent).toContain('退回原因：工作单位请写到站点');
  expect(document.body.textContent).toContain('卢沟桥街道总工会的工作人员会重新审核');
  // every field as the member filled it in
  expect(input('请填写真实姓名').value).toBe('王大勇');
  expect(input('11 位手机号').value).toBe('13912345678');
  expect(input('如：美团、顺丰速运、某物业公司').value).toBe('美团');
  expect(screen.getByText('外卖配送员').parentElement!.className).toContain('join__option--on');
  expect(screen.getByText('男').closest('.choice')!.className).toContain('choice--on');
  expect(screen.getByText('女').closest('.choice')!.className).not.toContain('choice--on');
  expect(checked('同时申请互助服务卡')).toBe(true);
  expect(checked('我已阅读并同意个人信息说明')).toBe(true);

  fireEvent.change(input('如：美团、顺丰速运、某物业公司'), { target: { value: '美团 卢沟桥站' } });
  fireEvent.click(screen.getByText('修改好了，重新提交'));
  await waitFor(() => expect(document.querySelector('[data-joined="pending"]')).not.toBeNull());
  expect(document.body.textContent).toContain('已提交，待审核');
  expect(api.sent('POST /me/membership/reapply')).toEqual([
    {
      name: '王大勇',
      mobile: '13912345678',
      employer: '美团 卢沟桥站',
      occupation: 'food-delivery',
      gender: 'male',
      wantsMutualAidCard: true,
      consent: true,
    },
  ]);
});

it('a phone another member uses is said beside 手机号, and the form keeps what was typed', async () => {
  fakeApi({
    'GET /me/membership': [200, { membership: returned }],
    'POST /me/membership/reapply': [
      409,
      { code: 'conflict', message: '这个手机号已被其他会员使用', fieldErrors: { mobile: ['这个手机号已被其他会员使用'] } },
    ],
  });
  render(<ReapplyScreen />);
  await screen.findByText('修改好了，重新提交');
  fireEvent.change(input('11 位手机号'), { target: { value: '13800000000' } });
  fireEvent.click(screen.getByText('修改好了，重新提交'));
  await waitFor(() => expect(document.body.textContent).toContain('这个手机号已被其他会员使用'));
  expect(input('11 位手机号').value).toBe('13800000000');
  expect(document.querySelector('[data-joined]')).toBeNull();
});

it('sent again already (another tap, another phone): says it is being reviewed, no form', async () => {
  fakeApi({ 'GET /me/membership': [200, { membership: pendingAgain }] });
  render(<ReapplyScreen />);
  await waitFor(() => expect(document.querySelector('[data-already-joined="pending"]')).not.toBeNull());
  expect(screen.queryByText('修改好了，重新提交')).toBeNull();
});

it('scanning a code with a returned application: the form filled in, sent through that code', async () => {
  const token = 'AbCdEfGhIjK_lmnopqrstuvwxyz-012';
  const target = { orgId: 'shunyi-houshayu', orgName: '后沙峪镇总工会', orgPath: ['市总工会', '顺义区', '后沙峪镇'], autoApprove: false };
  const api = fakeApi({
    [`GET /join/${token}`]: [200, { target, existing: returned }],
    [`POST /join/${token}`]: [201, { membership: { ...pendingAgain, orgId: target.orgId, orgName: target.orgName }, created: true }],
  });
  render(<JoinFormScreen token={token} />);
  await screen.findByText('加入后沙峪镇总工会');
  // the other union reviews it now; no transfer is offered for an application that was returned
  expect(document.body.textContent).toContain('这次提交给后沙峪镇总工会审核');
  expect(screen.queryByText(/申请转到/)).toBeNull();
  expect(input('请填写真实姓名').value).toBe('王大勇');
  fireEvent.click(screen.getByText('修改好了，重新提交'));
  await waitFor(() => expect(document.querySelector('[data-joined="pending"]')).not.toBeNull());
  expect(api.sent(`POST /join/${token}`)[0]).toMatchObject({ name: '王大勇', mobile: '13912345678', employer: '美团', consent: true });
});
