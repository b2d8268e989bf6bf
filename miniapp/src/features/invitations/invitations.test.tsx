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
  expect(api.sent('POST /staff/invitations')).toEqual([{ role: 'staff', orgId: 'fengtai-lugouqiao', days: 7 }]);
});

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
  fireEvent.click(screen.getByText('接受邀请'));
  await waitFor(() => expect(screen.getByText('已接受')).toBeTruthy());
  expect(api.sent('POST /invitations/inv-1/accept')).toEqual([{ token: secret }]);
  expect(currentSession()?.token).toBe('new-token');
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
  fireEvent.click(await screen.findByText('接受邀请'));
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
