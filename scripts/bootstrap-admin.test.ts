import { randomUUID } from 'node:crypto';
import { bootstrapAdmin } from './bootstrap-admin';
import { handler as getStaffScope } from '../functions/orgs/get-staff-scope';
import { signSession } from '../functions/lib/auth/session-token';
import { getUser, putUserWithIdentity } from '../functions/tables/users';
import { invoke } from '../test/functions-support/invoke';

describe('scripts/bootstrap-admin against DynamoDB Local', () => {
  it('makes a signed-in user admin of the city union; their next sign-in carries it', async () => {
    const id = `boot-${randomUUID()}`;
    await putUserWithIdentity(
      { id, role: 'worker', displayName: '首位管理员', actingOrgId: null, createdAt: new Date().toISOString() },
      `hash-${id}`,
    );
    const user = await bootstrapAdmin({ userId: id, orgId: 'beijing' });
    expect(user).toMatchObject({ role: 'admin', actingOrgId: 'beijing', sessionVersion: 1 });
    const token = (await signSession({ userId: id, role: 'admin', actingOrgId: 'beijing', sessionVersion: user.sessionVersion })).token;
    expect((await invoke(getStaffScope, { path: '/staff/scope', token })).status).toBe(200);
    await expect(bootstrapAdmin({ userId: id, orgId: 'beijing' })).rejects.toThrow('already an admin');
  });

  it('refuses an unknown person, an unknown member number and an org that is not the city union', async () => {
    await expect(bootstrapAdmin({ userId: 'nobody-here', orgId: 'beijing' })).rejects.toThrow('sign in to the mini-program once');
    await expect(bootstrapAdmin({ memberNo: 'XX-999999', orgId: 'beijing' })).rejects.toThrow('no member');
    await expect(bootstrapAdmin({ userId: 'demo-worker', orgId: 'fengtai' })).rejects.toThrow('not the city union');
    expect((await getUser('demo-worker'))!.role).toBe('worker');
  });
});
