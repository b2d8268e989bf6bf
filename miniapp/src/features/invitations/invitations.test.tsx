import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { currentSession } from '../../lib/session-store';
import { AcceptInvite } from './accept-invite';
import { InviteStaff } from './invite-staff';
import { OrgStaff } from './org-staff';

const secret = 'A'.repeat(22);
const me = { id: 'demo-staff', role: 'staff' as const, displayName: '李老师', actingOrgId: 'fengtai-lugouqiao' };
const staffSession = { token: 'staff-token', expiresAt: '2099-01-01T00:00:00.000Z', me };

it('staff invite staff (no admin choice), and see the QR and the link', async () => {
  const url = `http://127.0.0.1:10086/#/staff/pages/accept-invite/index?id=inv-1&t=${secret}`;
  const api = fakeApi({
    'POST /staff/invitations': [
      201,
      {
        invitation: {
          id: 'inv-1',
          role: 'staff',
          orgId: me.actingOrgId,
          orgName: '卢沟桥街道总工会',
          expiresAt: '2026-12-03T00:00:00.000Z',
          createdAt: '2026-11-30T00:00:00.000Z',
        },
        url,
        dataUrl: 'data:image/png;base64,AAAA',
      },
    ],
  });
  render(<InviteStaff session={staffSession} />);
  expect(screen.queryByText('管理员')).toBeNull();
  fireEvent.click(screen.getByText('7 天'));
  fireEvent.click(screen.getByText('生成邀请二维码'));
  await waitFor(() => expect(document.body.textContent).toContain(url));
  expect(document.querySelector('.invite__qr')?.getAttribute('src')).toBe('data:image/png;base64,AAAA');
  // the expiry as the accept page says it: Beijing day and time (08:00 on 3 December)
  expect(document.body.textContent).toContain('单次有效，有效期至 12月3日 周四 08:00。');
  expect(api.sent('POST /staff/invitations')).toEqual([{ role: 'staff', orgId: 'fengtai-lugouqiao', days: 7 }]);
});

/** The 姓名 box of the accept page, once the preview has come. */
const nameInput = async () => {
  await screen.findByText('接受邀请');
  return document.querySelector('input[name="name"]')!;
};

const preview = (state: string): [number, unknown] => [
  200,
  { role: 'staff', orgName: '卢沟桥街道总工会', inviterName: '张*任', expiresAt: '2026-12-03T04:30:00.000Z', state },
];

it('the invited person sees who invites them to which union, accepts with one tap and keeps the new session', async () => {
  const session = { ...staffSession, token: 'new-token', me: { ...me, id: 'u-1' } };
  const api = fakeApi({ 'POST /invitations/inv-1/preview': preview('valid'), 'POST /invitations/inv-1/accept': [200, session] });
  render(<AcceptInvite params={{ id: 'inv-1', t: secret }} />);
  await waitFor(() => expect(document.body.textContent).toContain('卢沟桥街道总工会 邀请您成为工作人员'));
  expect(document.body.textContent).toContain('邀请人：张*任');
  expect(document.body.textContent).toContain('有效期至 12月3日 周四 12:30');
  expect(api.sent('POST /invitations/inv-1/preview')).toEqual([{ token: secret }]);
  // a name first (WeChat gives none): its problem beside 姓名, gone once the person types
  fireEvent.click(screen.getByText('接受邀请'));
  const problem = await screen.findByText('请填写姓名（至少 2 个字）');
  expect(problem.previousElementSibling).toBe(document.querySelector('input[name="name"]'));
  expect(api.sent('POST /invitations/inv-1/accept')).toEqual([]);
  fireEvent.change(document.querySelector('input[name="name"]')!, { target: { value: '李' } });
  expect(screen.queryByText('请填写姓名（至少 2 个字）')).toBeNull();
  fireEvent.change(document.querySelector('input[name="name"]')!, { target: { value: ' 李小华 ' } });
  fireEvent.click(screen.getByText('接受邀请'));
  await waitFor(() => expect(screen.getByText('已接受')).toBeTruthy());
  expect(api.sent('POST /invitations/inv-1/accept')).toEqual([{ token: secret, name: '李小华' }]);
  expect(currentSession()?.token).toBe('new-token');
});

it('the name the server refuses is shown beside 姓名', async () => {
  fakeApi({
    'POST /invitations/inv-5/preview': preview('valid'),
    'POST /invitations/inv-5/accept': [
      400,
      { code: 'validation_failed', message: '请求内容有误', fieldErrors: { name: ['姓名只能包含汉字或字母'] }, requestId: 'r' },
    ],
  });
  render(<AcceptInvite params={{ id: 'inv-5', t: secret }} />);
  fireEvent.change(await nameInput(), { target: { value: '李小华' } });
  fireEvent.click(screen.getByText('接受邀请'));
  const problem = await screen.findByText('姓名只能包含汉字或字母');
  expect(problem.previousElementSibling).toBe(document.querySelector('input[name="name"]'));
});

it('the person who accepted, opening the link again, is told so and goes to the workbench', async () => {
  fakeApi({ 'POST /invitations/inv-6/preview': preview('accepted') });
  render(<AcceptInvite params={{ id: 'inv-6', t: secret }} />);
  await screen.findByText('您已接受这个邀请');
  expect(document.body.textContent).not.toContain('已经被使用过了');
  expect(screen.queryByText('接受邀请')).toBeNull();
  fireEvent.click(screen.getByText('进入工作台'));
  expect(taroFake.navigations.at(-1)).toMatchObject({ url: '/staff/pages/scope/index' });
});

it('a withdrawn invitation says 撤回, as the inviter’s button, without the offer above it', async () => {
  fakeApi({ 'POST /invitations/inv-7/preview': preview('revoked') });
  render(<AcceptInvite params={{ id: 'inv-7', t: secret }} />);
  await screen.findByText('邀请已被撤回，请向邀请人重新索取');
  expect(document.body.textContent).not.toContain('撤销');
  expect(document.body.textContent).not.toContain('有效期至');
  expect(document.body.textContent).not.toContain('接受后');
});

it('an invitation already used says so before anyone taps, with no accept button', async () => {
  fakeApi({ 'POST /invitations/inv-4/preview': preview('used') });
  render(<AcceptInvite params={{ id: 'inv-4', t: secret }} />);
  await waitFor(() => expect(document.body.textContent).toContain('已经被使用过了'));
  expect(screen.queryByText('接受邀请')).toBeNull();
});

it('an invitation used meanwhile is refused in Chinese and grants nothing', async () => {
  fakeApi({
    'POST /invitations/inv-2/preview': preview('valid'),
    'POST /invitations/inv-2/accept': [409, { code: 'conflict', message: '这个邀请已经被使用过了，请向邀请人重新索取', requestId: 'r' }],
  });
  render(<AcceptInvite params={{ q: encodeURIComponent(`http://x/#/staff/pages/accept-invite/index?id=inv-2&t=${secret}`) }} />);
  fireEvent.change(await nameInput(), { target: { value: '李小华' } });
  fireEvent.click(screen.getByText('接受邀请'));
  await waitFor(() => expect(document.body.textContent).toContain('已经被使用过了'));
});

it('a broken link asks for the QR again', () => {
  render(<AcceptInvite params={{ id: 'inv-3' }} />);
  expect(document.body.textContent).toContain('邀请链接不完整');
});

it('lists the org staff (masked) and revokes someone after confirming; not oneself', async () => {
  const page = {
    staff: [
      { id: 'demo-staff', role: 'staff', displayName: '李**', actingOrgId: 'fengtai-lugouqiao' },
      { id: 'u-2', role: 'staff', displayName: '王*明', actingOrgId: 'fengtai-lugouqiao' },
    ],
  };
  const api = fakeApi({
    'GET /staff/orgs/fengtai-lugouqiao/staff': [200, page],
    'POST /staff/users/u-2/revoke': [200, { revoked: page.staff[1] }],
  });
  render(<OrgStaff orgId="fengtai-lugouqiao" myId="demo-staff" />);
  await waitFor(() => expect(document.body.textContent).toContain('王*明'));
  expect(screen.getAllByText('撤销')).toHaveLength(1);
  fireEvent.click(screen.getByText('撤销'));
  await waitFor(() => expect(document.body.textContent).not.toContain('王*明'));
  // destructive: a red 撤销, as 关闭组织 and 删除照片
  expect(taroFake.modals).toEqual([expect.objectContaining({ title: '撤销工作人员身份', confirmText: '撤销', confirmColor: '#c8102e' })]);
  expect(api.sent('POST /staff/users/u-2/revoke')).toHaveLength(1);
});
