import { randomUUID } from 'node:crypto';
import { handler as createInvitation } from './create-invitation';
import { handler as acceptInvitation } from './accept-invitation';
import { handler as listOrgStaff } from './list-org-staff';
import { handler as revokeStaff } from './revoke-staff';
import { handler as revokeInvitation } from './revoke-invitation';
import { handler as getStaffScope } from '../orgs/get-staff-scope';
import { handler as getMe } from '../auth/get-me';
import { signSession } from '../lib/auth/session-token';
import { getUser, makeAdmin, putInvitation, putUserWithIdentity } from '../tables/users';
import { hashSecret } from './invitation-access';
import { invitationFromLaunch } from '../../shared/schemas/invitation';
import { invoke, tokenFor } from '../../test/functions-support/invoke';

/** A fresh signed-in worker: their user record and a session token. */
async function newWorker(name = '新同事') {
  const id = `inv-${randomUUID()}`;
  await putUserWithIdentity(
    { id, role: 'worker', displayName: name, actingOrgId: null, createdAt: new Date().toISOString() },
    `hash-${id}`,
  );
  return { id, token: (await signSession({ userId: id, role: 'worker', actingOrgId: null })).token };
}

/** A fresh admin of an org, as the bootstrap script makes one. */
async function newAdmin(orgId: string, districtId: string) {
  const worker = await newWorker('管理员甲');
  const user = await makeAdmin(worker.id, orgId, districtId);
  const token = (await signSession({ userId: user.id, role: 'admin', actingOrgId: orgId, sessionVersion: user.sessionVersion })).token;
  return { id: user.id, token };
}

const invite = (token: string, body: Record<string, unknown>) =>
  invoke(createInvitation, { method: 'POST', path: '/staff/invitations', token, body });

/** What the app does with a scanned invitation QR: read the id and secret from the link. */
function linkOf(url: string): { id: string; secret: string } {
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:10086\/#\/staff\/pages\/accept-invite\/index\?id=/);
  return invitationFromLaunch({ q: encodeURIComponent(url) })!;
}

/** Accepting, with the name the person types (WeChat gives none). */
const accept = (token: string, id: string, secret: string, name: unknown = '新同事') =>
  invoke(acceptInvitation, {
    method: 'POST',
    path: `/invitations/${id}/accept`,
    params: { invitationId: id },
    token,
    body: { token: secret, name },
  });

let cityAdmin: { id: string; token: string };
beforeAll(async () => {
  cityAdmin = await newAdmin('beijing', 'beijing');
});

describe('invitations', () => {
  it('an admin invites, the invited worker accepts once and becomes staff of that org with a new session', async () => {
    const created = await invite(cityAdmin.token, { role: 'staff', orgId: 'fengtai-wangzuo' });
    expect(created.status).toBe(201);
    expect(created.body.invitation).toMatchObject({ role: 'staff', orgId: 'fengtai-wangzuo', orgName: '王佐镇总工会' });
    const days = (new Date(created.body.invitation.expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2.9);
    expect(days).toBeLessThanOrEqual(3);
    expect(created.body.dataUrl).toMatch(/^data:image\/png;base64,/);
    const { id, secret } = linkOf(created.body.url);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{22}$/);

    // WeChat gives no name: the person types theirs, stored in the same transaction as the role
    const worker = await newWorker('微信用户');
    const accepted = await accept(worker.token, id, secret, ' 李四海 ');
    expect(accepted.status).toBe(200);
    expect(accepted.body.me).toMatchObject({ id: worker.id, role: 'staff', actingOrgId: 'fengtai-wangzuo', displayName: '李四海' });
    const scope = await invoke(getStaffScope, { path: '/staff/scope', token: accepted.body.token });
    expect(scope.status).toBe(200);

    const again = await newWorker();
    const twice = await accept(again.token, id, secret);
    expect(twice.status).toBe(409);
    expect(twice.body.message).toContain('已经被使用');
    expect((await getUser(again.id))!.role).toBe('worker');

    const staff = await invoke(listOrgStaff, {
      path: '/staff/orgs/fengtai-wangzuo/staff',
      params: { orgId: 'fengtai-wangzuo' },
      token: cityAdmin.token,
    });
    expect(staff.status).toBe(200);
    expect(staff.body.staff).toContainEqual({ id: worker.id, role: 'staff', displayName: '李*海', actingOrgId: 'fengtai-wangzuo' });
    expect(JSON.stringify(staff.body)).not.toContain(secret);
  });

  it('a name that is missing, too short or not a name is refused beside 姓名, and grants nothing', async () => {
    const created = await invite(cityAdmin.token, { role: 'staff', orgId: 'fengtai-wangzuo' });
    const { id, secret } = linkOf(created.body.url);
    const worker = await newWorker('微信用户');
    const unnamed = await invoke(acceptInvitation, {
      method: 'POST',
      params: { invitationId: id },
      token: worker.token,
      body: { token: secret },
    });
    expect([unnamed.status, unnamed.body.fieldErrors]).toEqual([400, { name: ['请填写文字'] }]);
    for (const name of [null, ' 李 ', '<b>李四</b>', '李'.repeat(21)]) {
      const reply = await accept(worker.token, id, secret, name);
      expect(reply.status).toBe(400);
      expect(Object.keys(reply.body.fieldErrors)).toEqual(['name']);
    }
    expect((await accept(worker.token, id, secret, '李')).body.fieldErrors.name).toEqual(['请填写姓名（至少 2 个字）']);
    expect((await getUser(worker.id))!).toMatchObject({ role: 'worker', displayName: '微信用户', sessionVersion: 0 });
    expect((await accept(worker.token, id, secret, '王五')).status).toBe(200);
  });

  it('the person who accepted, asking again (a lost answer), gets a session again; nothing else changes', async () => {
    const created = await invite(cityAdmin.token, { role: 'staff', orgId: 'fengtai-wangzuo' });
    const { id, secret } = linkOf(created.body.url);
    const worker = await newWorker('微信用户');
    const first = await accept(worker.token, id, secret, '赵六一');
    expect(first.status).toBe(200);
    const again = await accept(worker.token, id, secret, '别的名字');
    expect(again.status).toBe(200);
    expect(again.body.me).toEqual(first.body.me);
    expect((await getUser(worker.id))!).toMatchObject({ role: 'staff', displayName: '赵六一', sessionVersion: 1 });
  });

  it('ten people accepting the same invitation at once: exactly one becomes staff', async () => {
    const created = await invite(cityAdmin.token, { role: 'staff', orgId: 'fengtai-wangzuo', days: 1 });
    const { id, secret } = linkOf(created.body.url);
    const workers = await Promise.all(Array.from({ length: 10 }, () => newWorker()));
    const replies = await Promise.all(workers.map((w) => accept(w.token, id, secret)));
    expect(replies.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(409)]);
    const roles = await Promise.all(workers.map(async (w) => (await getUser(w.id))!.role));
    expect(roles.filter((r) => r === 'staff')).toHaveLength(1);
  });

  it('expired, revoked or wrong-secret invitations grant nothing, with a Chinese answer', async () => {
    const base = {
      role: 'staff' as const,
      orgId: 'fengtai-wangzuo',
      districtId: 'fengtai',
      invitedBy: cityAdmin.id,
      createdAt: new Date(Date.now() - 4 * 86_400_000).toISOString(),
      secretHash: hashSecret('A'.repeat(22)),
    };
    const expired = randomUUID();
    await putInvitation({ ...base, id: expired, validUntil: new Date(Date.now() - 1000).toISOString(), status: 'active' });
    const revoked = randomUUID();
    await putInvitation({ ...base, id: revoked, validUntil: new Date(Date.now() + 86_400_000).toISOString(), status: 'revoked' });
    const worker = await newWorker();
    const late = await accept(worker.token, expired, 'A'.repeat(22));
    expect([late.status, late.body.message]).toEqual([410, '邀请已过期，请向邀请人重新索取']);
    const withdrawn = await accept(worker.token, revoked, 'A'.repeat(22));
    expect([withdrawn.status, withdrawn.body.message]).toEqual([410, '邀请已被撤回，请向邀请人重新索取']);
    const created = await invite(cityAdmin.token, { role: 'staff', orgId: 'fengtai-wangzuo' });
    const wrong = await accept(worker.token, linkOf(created.body.url).id, 'B'.repeat(22));
    expect(wrong.status).toBe(404);
    expect((await getUser(worker.id))!).toMatchObject({ role: 'worker', actingOrgId: null, sessionVersion: 0 });
  });

  it('a withdrawn invitation answers 410 and grants nothing; only staff of its subtree withdraw it, once', async () => {
    const created = await invite(cityAdmin.token, { role: 'staff', orgId: 'fengtai-wangzuo' });
    const { id, secret } = linkOf(created.body.url);
    const withdraw = (token: string) =>
      invoke(revokeInvitation, { method: 'POST', path: `/staff/invitations/${id}/revoke`, params: { invitationId: id }, token });
    expect((await withdraw(await tokenFor('shunyi-staff'))).status).toBe(403);
    expect((await withdraw(cityAdmin.token)).status).toBe(200);
    expect((await withdraw(cityAdmin.token)).status).toBe(409);
    const worker = await newWorker();
    const reply = await accept(worker.token, id, secret);
    expect([reply.status, reply.body.message]).toEqual([410, '邀请已被撤回，请向邀请人重新索取']);
    expect((await getUser(worker.id))!.role).toBe('worker');
  });

  it('nobody grants more than they hold or outside their subtree', async () => {
    const staff = await tokenFor('staff'); // 卢沟桥街道
    expect((await invite(staff, { role: 'admin', orgId: 'fengtai-lugouqiao' })).status).toBe(403);
    expect((await invite(staff, { role: 'staff', orgId: 'shunyi-konggang' })).status).toBe(403);
    expect((await invite(staff, { role: 'staff', orgId: 'fengtai-lugouqiao', days: 8 })).status).toBe(400);
    expect((await invite(staff, { role: 'staff', orgId: 'fengtai-lugouqiao-parks' })).status).toBe(201);
  });
});

describe('revoke', () => {
  async function staffOf(orgId: string, by = cityAdmin.token) {
    const created = await invite(by, { role: 'staff', orgId });
    const { id, secret } = linkOf(created.body.url);
    const worker = await newWorker();
    const accepted = await accept(worker.token, id, secret);
    return { id: worker.id, token: accepted.body.token as string };
  }
  const revoke = (token: string, userId: string) =>
    invoke(revokeStaff, { method: 'POST', path: `/staff/users/${userId}/revoke`, params: { userId }, token });

  it("a revoked staff member's very next request is refused, and they are a worker again", async () => {
    const person = await staffOf('fengtai-donggaodi');
    expect((await invoke(getStaffScope, { path: '/staff/scope', token: person.token })).status).toBe(200);
    const reply = await revoke(cityAdmin.token, person.id);
    expect(reply.status).toBe(200);
    const next = await invoke(getStaffScope, { path: '/staff/scope', token: person.token });
    expect(next.status).toBe(401);
    expect(next.body.code).toBe('token_expired');
    expect((await invoke(getMe, { path: '/me', token: person.token })).status).toBe(401);
    expect((await getUser(person.id))!).toMatchObject({ role: 'worker', actingOrgId: null });
  });

  it('not oneself, not outside the subtree, an admin only by an admin', async () => {
    const person = await staffOf('fengtai-donggaodi');
    expect((await revoke(person.token, person.id)).status).toBe(403);
    expect((await revoke(await tokenFor('shunyi-staff'), person.id)).status).toBe(403);
    expect((await revoke(await tokenFor('staff'), cityAdmin.id)).status).toBe(403);
  });

  it('the last admin of a district cannot be removed', async () => {
    const inviteAdmin = async () => {
      const created = await invite(cityAdmin.token, { role: 'admin', orgId: 'shunyi' });
      const { id, secret } = linkOf(created.body.url);
      const worker = await newWorker();
      expect((await accept(worker.token, id, secret)).status).toBe(200);
      return worker.id;
    };
    const first = await inviteAdmin();
    const second = await inviteAdmin();
    expect((await revoke(cityAdmin.token, first)).status).toBe(200);
    const last = await revoke(cityAdmin.token, second);
    expect([last.status, last.body.message]).toEqual([409, '这是本区最后一位管理员，不能撤销']);
    expect((await getUser(second))!.role).toBe('admin');
  });
});
