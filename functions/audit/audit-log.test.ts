import { randomUUID } from 'node:crypto';
import { handler as listAudit } from './list-audit-entries';
import { handler as createInvitation } from '../invitations/create-invitation';
import { handler as acceptInvitation } from '../invitations/accept-invitation';
import { handler as revokeStaff } from '../invitations/revoke-staff';
import { handler as reviewMembership } from '../join/review-membership';
import { handler as checkIn } from '../activities/check-in';
import { handler as exportSignups } from '../activities/export-activity-signups';
import { handler as createStation } from '../stations/create-station';
import { handler as updateStation } from '../stations/update-station';
import { signSession } from '../lib/auth/session-token';
import { tableName } from '../lib/db';
import { makeAdmin, putUserWithIdentity } from '../tables/users';
import { invitationFromLaunch } from '../../shared/schemas/invitation';
import type { AuditEntryView } from '../../shared/schemas/audit';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { recordRequests } from '../../test/functions-support/requests';
import { activity, member, sign } from '../../test/functions-support/activities';

// Every staff write leaves one entry, masked, in the log of its org's admins (and their ancestors'),
// newest first, by kind or person; staff cannot read it and a sibling district's admin sees none.

async function newWorker(name: string) {
  const id = `au-${randomUUID()}`;
  await putUserWithIdentity(
    { id, role: 'worker', displayName: name, actingOrgId: null, createdAt: new Date().toISOString() },
    `hash-${id}`,
  );
  return { id, token: (await signSession({ userId: id, role: 'worker', actingOrgId: null })).token };
}

async function newAdmin(name: string, orgId: string) {
  const worker = await newWorker(name);
  // counted under a district of its own: invitations.test.ts counts 顺义's admins to test the last one
  const user = await makeAdmin(worker.id, orgId, `${orgId}-audit-test`);
  return {
    id: user.id,
    token: (await signSession({ userId: user.id, role: 'admin', actingOrgId: orgId, sessionVersion: user.sessionVersion })).token,
  };
}

const log = (token: string, query: Record<string, string> = {}) => invoke(listAudit, { path: '/staff/audit', query, token });
const entriesOf = async (token: string, query: Record<string, string> = {}): Promise<AuditEntryView[]> => {
  const reply = await log(token, query);
  expect(reply.status).toBe(200);
  return reply.body.entries;
};

let fengtaiAdmin: { id: string; token: string };
let shunyiAdmin: { id: string; token: string };
/** staff of 卢沟桥, made through an invitation so that the invitation and its acceptance are logged */
let staff: { id: string; token: string };
let invitationId: string;

beforeAll(async () => {
  fengtaiAdmin = await newAdmin('丰台管理员', 'fengtai');
  shunyiAdmin = await newAdmin('顺义管理员', 'shunyi');
  const created = await invoke(createInvitation, {
    method: 'POST',
    body: { role: 'staff', orgId: 'fengtai-lugouqiao', days: 3 },
    token: fengtaiAdmin.token,
  });
  expect(created.status).toBe(201);
  const { id, secret } = invitationFromLaunch({ q: encodeURIComponent(created.body.url) })!;
  invitationId = id;
  const worker = await newWorker('欧阳小芳');
  const accepted = await invoke(acceptInvitation, {
    method: 'POST',
    params: { invitationId: id },
    body: { token: secret, name: '欧阳小芳' },
    token: worker.token,
  });
  expect(accepted.status).toBe(200);
  staff = { id: worker.id, token: accepted.body.token };
});

describe('the audit log', () => {
  it('records the invitation and its acceptance, the acceptance as the new staff member', async () => {
    const entries = await entriesOf(fengtaiAdmin.token, { actorId: fengtaiAdmin.id });
    // beside the district admin: their own org (丰台), not the street the invitation is for
    expect(entries.find((e) => e.objectId === invitationId && e.kind === 'invitation.create')).toMatchObject({
      actorName: '丰***员',
      actingOrgId: 'fengtai',
      actingOrgName: '丰台区总工会',
      orgId: 'fengtai-lugouqiao',
      orgName: '卢沟桥街道总工会',
      summary: expect.stringContaining('工会工作人员'),
    });
    const mine = await entriesOf(fengtaiAdmin.token, { actorId: staff.id });
    expect(mine.map((e) => [e.kind, e.actorRole, e.actingOrgId, e.actorName, e.objectLabel])).toEqual([
      ['invitation.accept', 'staff', 'fengtai-lugouqiao', '欧**芳', '欧**芳'],
    ]);
  });

  it('records a review, a check-in (once), a station edit and an export with names masked', async () => {
    const pending = await member({ status: 'pending', name: '王小明' });
    const reviewed = await invoke(reviewMembership, {
      method: 'POST',
      params: { memberId: pending.userId },
      body: { decision: 'approve' },
      token: staff.token,
    });
    expect(reviewed.status).toBe(200);

    const activityId = await activity({ title: '审计测试活动' });
    const attendee = await member({ name: '李大伟' });
    expect((await sign(activityId, attendee.token)).status).toBe(201);
    for (let i = 0; i < 2; i++) {
      const reply = await invoke(checkIn, {
        method: 'POST',
        params: { activityId },
        body: { memberNo: attendee.memberNo },
        token: staff.token,
      });
      expect(reply.body.result).toBe(i === 0 ? 'checked-in' : 'already');
    }

    const station = {
      name: '审计测试驿站',
      address: '测试路 2 号',
      orgId: 'fengtai-lugouqiao-logistics',
      kind: 'union-station',
      location: { lat: 29.66, lng: 91.12 },
      amenities: ['hot-water'],
      hours: { allDay: true, weekly: [[], [], [], [], [], [], []] },
      photos: [],
      honours: [],
      status: 'open',
    };
    const created = await invoke(createStation, { method: 'POST', body: station, token: staff.token });
    expect(created.status).toBe(201);
    const edited = await invoke(updateStation, {
      method: 'PUT',
      params: { stationId: created.body.id },
      body: { ...station, status: 'temporarily-closed' },
      token: staff.token,
    });
    expect(edited.status).toBe(200);

    const exported = await invoke(exportSignups, { params: { activityId }, token: staff.token });
    expect(exported.status).toBe(200);

    const entries = await entriesOf(fengtaiAdmin.token, { actorId: staff.id });
    expect(entries.map((e) => e.kind)).toEqual([
      'export',
      'station.update',
      'station.create',
      'signup.checkin',
      'member.review',
      'invitation.accept',
    ]);
    const byKind = Object.fromEntries(entries.map((e) => [e.kind, e]));
    expect(byKind['member.review']).toMatchObject({
      objectLabel: '王*明',
      summary: '审核通过 王*明 的入会申请',
      orgName: '卢沟桥街道总工会',
    });
    expect(byKind['signup.checkin']).toMatchObject({ objectLabel: '李*伟', summary: '李*伟 签到「审计测试活动」' });
    expect(byKind['station.update']).toMatchObject({
      objectId: created.body.id,
      objectLabel: '审计测试驿站',
      actingOrgName: '卢沟桥街道总工会',
      orgId: 'fengtai-lugouqiao-logistics',
      orgName: '卢沟桥街道快递物流行业联合工会',
    });
    expect(byKind['export']).toMatchObject({ objectId: activityId, summary: expect.stringContaining('报名名单（1 条，含完整姓名）') });
    for (const e of entries) expect(e.actorName).toBe('欧**芳');
    const text = JSON.stringify(entries);
    for (const secret of ['王小明', '李大伟', '欧阳小芳', pending.mobile, attendee.mobile]) expect(text).not.toContain(secret);
    // newest first, times as ISO instants
    const times = entries.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(times[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('names the orgs acted on and acted for with one BatchGet per table for the page', async () => {
    const { result: entries, sent } = await recordRequests(() => entriesOf(fengtaiAdmin.token));
    expect(new Set(entries.map((e) => e.actingOrgId)).size).toBeGreaterThan(1);
    const batches = sent.filter((s) => /^BatchGet/.test(s.command));
    expect(batches.map((b) => b.table).sort()).toEqual([tableName('orgs'), tableName('users')].sort());
  });

  it('filters by kind, by person and by both; by an org below the admin', async () => {
    const checkins = await entriesOf(fengtaiAdmin.token, { kind: 'signup.checkin' });
    expect(checkins.length).toBeGreaterThan(0);
    expect(new Set(checkins.map((e) => e.kind))).toEqual(new Set(['signup.checkin']));
    const both = await entriesOf(fengtaiAdmin.token, { kind: 'station.create', actorId: staff.id });
    expect(both.map((e) => e.objectLabel)).toEqual(['审计测试驿站']);
    const below = await entriesOf(fengtaiAdmin.token, { orgId: 'fengtai-lugouqiao-logistics', actorId: staff.id });
    expect(below.map((e) => e.kind)).toEqual(['station.update', 'station.create']);
  });

  it("records a revoke; the revoked person's entries stay in the log", async () => {
    const revoked = await invoke(revokeStaff, {
      method: 'POST',
      params: { userId: staff.id },
      token: fengtaiAdmin.token,
    });
    expect(revoked.status).toBe(200);
    const [entry] = await entriesOf(fengtaiAdmin.token, { kind: 'staff.revoke', actorId: fengtaiAdmin.id });
    expect(entry).toMatchObject({ objectId: staff.id, objectLabel: '欧**芳', actorRole: 'admin', actingOrgId: 'fengtai' });
    expect((await entriesOf(fengtaiAdmin.token, { actorId: staff.id })).length).toBe(6);
  });

  it('is for admins only, of the subtree: staff get 403, a sibling district sees none of it', async () => {
    const asStaff = await log(await tokenFor('staff'));
    expect([asStaff.status, asStaff.body.message]).toEqual([403, '操作记录仅限管理员查看']);
    const sibling = await entriesOf(shunyiAdmin.token, { actorId: staff.id });
    expect(sibling).toEqual([]);
    const outside = await log(shunyiAdmin.token, { orgId: 'fengtai-lugouqiao' });
    expect(outside.status).toBe(403);
    const own = await entriesOf(shunyiAdmin.token);
    expect(own.every((e) => !e.orgId.startsWith('fengtai'))).toBe(true);
  });

  it('refuses bad input with field errors', async () => {
    const bad = await log(fengtaiAdmin.token, { kind: 'nonsense', cursor: 'x'.repeat(2000) });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fieldErrors).sort()).toEqual(['cursor', 'kind']);
    const foreign = await log(fengtaiAdmin.token, { cursor: Buffer.from('{"a":"b"}').toString('base64url') });
    expect(foreign.status).toBe(400);
  });
});
