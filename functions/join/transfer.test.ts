import { randomUUID } from 'node:crypto';
import { handler as createJoinCode } from './create-join-code';
import { handler as joinUnion } from './join-union';
import { handler as resolveJoinCode } from './resolve-join-code';
import { handler as listJoinCodes } from './list-join-codes';
import { handler as requestTransfer } from './request-transfer';
import { handler as listTransfers } from './list-transfers';
import { handler as acceptTransfer } from './accept-transfer';
import { handler as listMemberships } from './list-memberships';
import { handler as getMyMembership } from './get-my-membership';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { signSession } from '../lib/auth/session-token';

const newWorker = async () => (await signSession({ userId: `w-${randomUUID()}`, role: 'worker', actingOrgId: null })).token;

async function activeMemberOfLugouqiao() {
  const code = await invoke(createJoinCode, {
    method: 'POST',
    body: { orgId: 'fengtai-lugouqiao', autoApprove: true },
    token: await tokenFor('staff'),
  });
  const worker = await newWorker();
  const mobile = `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const joined = await invoke(joinUnion, {
    method: 'POST',
    params: { token: code.body.token },
    body: { name: '孙转移', mobile, employer: '顺丰', occupation: 'courier', consent: true },
    token: worker,
  });
  return { worker, memberNo: joined.body.membership.memberNo as string, code: code.body };
}

const activeNos = async (login: 'staff' | 'shunyi-staff') =>
  (await invoke(listMemberships, { query: { status: 'active' }, token: await tokenFor(login) })).body.members.map(
    (m: { memberNo: string }) => m.memberNo,
  );

it('moves a member to the new org when its staff accept, keeping counts right in both orgs', async () => {
  const { worker, memberNo } = await activeMemberOfLugouqiao();
  const asked = await invoke(requestTransfer, { method: 'POST', body: { toOrgId: 'shunyi-houshayu' }, token: worker });
  expect(asked.status).toBe(201);
  const again = await invoke(requestTransfer, { method: 'POST', body: { toOrgId: 'shunyi-houshayu' }, token: worker });
  expect(again.body.id).toBe(asked.body.id);

  const seen = await invoke(listTransfers, { token: await tokenFor('shunyi-staff') });
  expect(seen.body.transfers.map((t: { id: string }) => t.id)).toContain(asked.body.id);
  expect(seen.body.transfers.find((t: { id: string }) => t.id === asked.body.id).name).toBe('孙*移'); // not yet their member
  const wrongOrg = await invoke(acceptTransfer, { method: 'POST', params: { transferId: asked.body.id }, token: await tokenFor('staff') });
  expect(wrongOrg.status).toBe(403);

  expect(await activeNos('staff')).toContain(memberNo);
  const accepted = await invoke(acceptTransfer, {
    method: 'POST',
    params: { transferId: asked.body.id },
    token: await tokenFor('shunyi-staff'),
  });
  expect(accepted.body.status).toBe('accepted');
  expect(await activeNos('staff')).not.toContain(memberNo);
  expect(await activeNos('shunyi-staff')).toContain(memberNo);

  const mine = await invoke(getMyMembership, { token: worker });
  expect(mine.body.membership).toMatchObject({ orgId: 'shunyi-houshayu', orgName: '后沙峪镇总工会' });
  expect(mine.body.membership.history.map((h: { what: string }) => h.what)).toContain('组织关系已转入新工会');
  const twice = await invoke(acceptTransfer, {
    method: 'POST',
    params: { transferId: asked.body.id },
    token: await tokenFor('shunyi-staff'),
  });
  expect(twice.status).toBe(409);
});

it('counts worker scans per code, not staff opening the poster', async () => {
  const { code } = await activeMemberOfLugouqiao();
  await invoke(resolveJoinCode, { params: { token: code.token }, token: await newWorker() });
  await invoke(resolveJoinCode, { params: { token: code.token }, token: await newWorker() });
  await invoke(resolveJoinCode, { params: { token: code.token }, token: await tokenFor('staff') });
  const listed = await invoke(listJoinCodes, { token: await tokenFor('staff') });
  expect(listed.body.codes.find((c: { id: string }) => c.id === code.id).figures).toMatchObject({ scans: 2, joins: 1, approved: 1 });
});
