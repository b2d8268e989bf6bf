import { randomUUID } from 'node:crypto';
import { handler as createInvitation } from './create-invitation';
import { handler as acceptInvitation } from './accept-invitation';
import { handler as previewInvitation } from './preview-invitation';
import { handler as revokeInvitation } from './revoke-invitation';
import { signSession } from '../lib/auth/session-token';
import { makeAdmin, putUserWithIdentity } from '../tables/users';
import { invitationFromLaunch } from '../../shared/schemas/invitation';
import { invoke } from '../../test/functions-support/invoke';

// Before accepting, the invited person sees which union invites them, as what, by whom and until when,
// or why the invitation can no longer be used.
async function newWorker(name: string) {
  const id = `pv-${randomUUID()}`;
  await putUserWithIdentity(
    { id, role: 'worker', displayName: name, actingOrgId: null, createdAt: new Date().toISOString() },
    `hash-${id}`,
  );
  return { id, token: (await signSession({ userId: id, role: 'worker', actingOrgId: null })).token };
}

let admin: { token: string };
beforeAll(async () => {
  const worker = await newWorker('张卫国');
  const user = await makeAdmin(worker.id, 'fengtai', 'fengtai');
  admin = {
    token: (await signSession({ userId: user.id, role: 'admin', actingOrgId: 'fengtai', sessionVersion: user.sessionVersion })).token,
  };
});

async function newInvitation() {
  const created = await invoke(createInvitation, {
    method: 'POST',
    path: '/staff/invitations',
    token: admin.token,
    body: { role: 'staff', orgId: 'fengtai-lugouqiao', days: 3 },
  });
  expect(created.status).toBe(201);
  return { ...invitationFromLaunch({ q: encodeURIComponent(created.body.url) })!, expiresAt: created.body.invitation.expiresAt };
}

const preview = (token: string, id: string, secret: string) =>
  invoke(previewInvitation, {
    method: 'POST',
    path: `/invitations/${id}/preview`,
    params: { invitationId: id },
    token,
    body: { token: secret },
  });

it('names the union, the role, the inviter (masked) and the expiry; then says it was used, or accepted to the one who did', async () => {
  const { id, secret, expiresAt } = await newInvitation();
  const worker = await newWorker('赵小兰');
  const seen = await preview(worker.token, id, secret);
  expect(seen.status).toBe(200);
  expect(seen.body).toEqual({ role: 'staff', orgName: '卢沟桥街道总工会', inviterName: '张*国', expiresAt, state: 'valid' });
  const accepted = await invoke(acceptInvitation, {
    method: 'POST',
    path: `/invitations/${id}/accept`,
    params: { invitationId: id },
    token: worker.token,
    body: { token: secret, name: '赵小兰' },
  });
  expect(accepted.status).toBe(200);
  expect((await preview((await newWorker('钱二')).token, id, secret)).body.state).toBe('used');
  // the person who used it, opening their link again (with their new session or the old one)
  expect((await preview(accepted.body.token, id, secret)).body.state).toBe('accepted');
  expect((await preview(worker.token, id, secret)).body.state).toBe('accepted');
});

it('says a withdrawn invitation was withdrawn, and a wrong secret finds nothing', async () => {
  const { id, secret } = await newInvitation();
  const worker = await newWorker('孙三');
  const wrong = await preview(worker.token, id, 'A'.repeat(22));
  expect(wrong.status).toBe(404);
  expect(wrong.body.message).toContain('邀请不存在');
  await invoke(revokeInvitation, {
    method: 'POST',
    path: `/staff/invitations/${id}/revoke`,
    params: { invitationId: id },
    token: admin.token,
  });
  expect((await preview(worker.token, id, secret)).body.state).toBe('revoked');
});
