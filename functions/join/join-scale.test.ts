import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import type { Org } from '../../shared/schemas/org';
import { createTableInput } from '../../infra/tables.cjs';
import { demoOrgs } from '../../scripts/demo-data/orgs';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { signSession } from '../lib/auth/session-token';
import { db } from '../lib/db';
import { putOrg } from '../tables/orgs';
import { putUserWithIdentity } from '../tables/users';
import {
  acceptTransfer,
  createMember,
  getTransfer,
  requestTransfer,
  rescopeMembersOfOrg,
  rescopeTransfersOfOrg,
  setStatus,
} from '../tables/members';
import { putJoinCode, rescopeJoinCodesOfOrg } from '../tables/join-codes';
import { handler as listMemberships } from './list-memberships';
import { handler as listTransfers } from './list-transfers';
import { handler as listJoinCodes } from './list-join-codes';

// The join area's staff lists at Beijing scale: 卢沟桥 gets 300 workplace unions (own orgs, members and
// joinCodes tables; the other test files share the seeded ones). Every page is one Query on the
// scope index of the staff member's depth, whatever the size of the subtree.
const STAGE = 'joinscale';
const TABLES = { orgs: 'TABLE_ORGS', members: 'TABLE_MEMBERS', joinCodes: 'TABLE_JOIN_CODES' } as const;
const previous = Object.fromEntries(Object.values(TABLES).map((v) => [v, process.env[v]]));
const inputs = Object.keys(TABLES).map((t) => createTableInput(STAGE, t as keyof typeof TABLES));
const LUGOUQIAO = 'fengtai-lugouqiao';
const TAIPINGQIAO = 'fengtai-taipingqiao';

const units: Org[] = Array.from({ length: 300 }, (_, i) => {
  const id = `js-unit-${String(i).padStart(3, '0')}`;
  return {
    id,
    code: `110106001-8${String(i).padStart(3, '0')}`,
    status: 'open',
    name: `卢沟桥街道第${String(i).padStart(3, '0')}企业工会`,
    shortName: `第${i}企业工会`,
    level: 'grassroots',
    parentId: LUGOUQIAO,
    path: ['beijing', 'fengtai', LUGOUQIAO, id],
  };
});
const orgById = new Map([...demoOrgs, ...units].map((o) => [o.id, o]));
const pathOf = (id: string) => orgById.get(id)!.path;

type Sent = { command: string; table?: string; index?: string };
let sent: Sent[] = [];
let siblingToken = '';
const start = Date.parse('2026-11-01T02:00:00Z');
const at = (minutes: number) => new Date(start + minutes * 60_000).toISOString();
let phone = Math.floor(Math.random() * 1e7) * 10;

async function member(orgId: string, minutes: number, overrides: { status?: 'pending' | 'active'; codeId?: string } = {}) {
  const userId = `js-m-${randomUUID()}`;
  const result = await createMember(
    {
      userId,
      name: '李入会',
      mobile: `135${String(phone++).padStart(8, '0').slice(-8)}`,
      employer: '美团',
      occupation: 'food-delivery',
      newEmploymentForm: true,
      orgId,
      status: overrides.status ?? 'pending',
      joinedAt: at(minutes),
      ...(overrides.codeId ? { codeId: overrides.codeId } : {}),
      cardRequest: 'requested',
      history: [],
    },
    pathOf(orgId),
  );
  if (!('created' in result)) throw new Error('member not created');
  return result.created;
}

async function code(orgId: string, minutes: number) {
  const record = {
    id: `jc-${randomUUID().slice(0, 12)}`,
    orgId,
    autoApprove: false,
    revoked: false,
    createdAt: at(minutes),
    createdBy: 'test',
    scans: 0,
  };
  await putJoinCode(record, pathOf(orgId));
  return record;
}

beforeAll(async () => {
  for (const input of inputs) await db().send(new CreateTableCommand(input as ConstructorParameters<typeof CreateTableCommand>[0]));
  Object.entries(TABLES).forEach(([t, v]) => (process.env[v] = inputs.find((i) => i.TableName.endsWith(`-${t}`))!.TableName));
  for (const org of demoOrgs) await putOrg(org);
  for (let i = 0; i < units.length; i += 25) await Promise.all(units.slice(i, i + 25).map(putOrg));
  // a staff member of the sibling street 太平桥 (the users table is the shared one)
  const siblingId = `js-staff-${randomUUID()}`;
  await putUserWithIdentity(
    { id: siblingId, role: 'staff', displayName: '太平桥 小刘', actingOrgId: TAIPINGQIAO, createdAt: new Date().toISOString() },
    randomUUID().replace(/-/g, '').padEnd(64, '0'),
  );
  siblingToken = (await signSession({ userId: siblingId, role: 'staff', actingOrgId: TAIPINGQIAO })).token;
  db().middlewareStack.add(
    (next, context) => async (args) => {
      const command = args.input as { TableName?: string; IndexName?: string; RequestItems?: Record<string, unknown> };
      sent.push({
        command: context.commandName ?? '?',
        table: command.TableName ?? Object.keys(command.RequestItems ?? {})[0],
        index: command.IndexName,
      });
      return next(args);
    },
    { step: 'initialize', name: 'countJoinRequests' },
  );
}, 120_000);

afterAll(async () => {
  db().middlewareStack.remove('countJoinRequests');
  Object.entries(previous).forEach(([v, value]) => (process.env[v] = value));
  for (const input of inputs) await db().send(new DeleteTableCommand({ TableName: input.TableName }));
});

/** Every request one call sent, and the reply. */
async function measured<T>(call: () => Promise<T>): Promise<{ reply: T; requests: Sent[] }> {
  sent = [];
  const reply = await call();
  return { reply, requests: [...sent] };
}

type Reply = Awaited<ReturnType<typeof invoke>>;
/** Pages through a list, checking each page's requests; returns the ids in order. */
async function allPages(
  call: (cursor?: string) => Promise<Reply>,
  key: 'members' | 'transfers' | 'codes',
  id: (x: never) => string,
  index: string,
) {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const { reply, requests } = await measured(() => call(cursor));
    expect(reply.status).toBe(200);
    expect(reply.body[key].length).toBeLessThanOrEqual(20);
    const queries = requests.filter((r) => r.command === 'QueryCommand');
    expect(queries).toEqual([{ command: 'QueryCommand', table: expect.stringContaining(STAGE), index }]);
    // the session's user, the acting org, the Query (and one BatchGet of the page's org names)
    expect(
      requests
        .filter((r) => r.command !== 'QueryCommand')
        .map((r) => r.command)
        .sort(),
    ).toEqual(
      key === 'members'
        ? ['GetItemCommand', 'GetItemCommand']
        : reply.body[key].length
          ? ['BatchGetItemCommand', 'GetItemCommand', 'GetItemCommand']
          : ['GetItemCommand', 'GetItemCommand'],
    );
    ids.push(...reply.body[key].map(id));
    cursor = reply.body.nextCursor;
    pages += 1;
  } while (cursor && pages < 20);
  expect(new Set(ids).size).toBe(ids.length);
  return { ids, pages };
}

describe('memberships to review', () => {
  const inStreet: string[] = []; // newest first
  const inSibling: string[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 30; i++) inStreet.unshift((await member(units[(i * 37) % units.length]!.id, i * 2)).userId);
    for (let i = 0; i < 5; i++) inSibling.unshift((await member('fengtai-taipingqiao-shouke', i * 2 + 1)).userId);
    await member('shunyi-houshayu-qihang', 100);
  });
  const list =
    (token: string, status = 'pending') =>
    (cursor?: string) =>
      invoke(listMemberships, { query: { status, ...(cursor ? { cursor } : {}) }, token });

  it('district staff page through their streets newest first, one Query on byScope1 a page', async () => {
    const { ids, pages } = await allPages(list(await tokenFor('admin')), 'members', (m: { memberId: string }) => m.memberId, 'byScope1');
    expect(pages).toBe(2);
    const merged = [...inStreet.map((id, i) => ({ id, t: (29 - i) * 2 })), ...inSibling.map((id, i) => ({ id, t: (4 - i) * 2 + 1 }))];
    expect(ids).toEqual(merged.sort((a, b) => b.t - a.t).map((x) => x.id));
  });

  it('street staff see only their street (300 unions: still one Query a page), a sibling street nothing of it', async () => {
    const street = await allPages(list(await tokenFor('staff')), 'members', (m: { memberId: string }) => m.memberId, 'byScope2');
    expect(street.ids).toEqual(inStreet);
    const sibling = await allPages(list(siblingToken), 'members', (m: { memberId: string }) => m.memberId, 'byScope2');
    expect(sibling.ids).toEqual(inSibling);
  });

  it('refuses a garbled cursor, or one from another list or org, with 400 and a Chinese field error', async () => {
    const staff = await tokenFor('staff');
    const first = await list(staff)();
    const cursor = first.body.nextCursor as string;
    for (const reply of [
      await list(await tokenFor('admin'))(cursor), // another org's
      await list(staff, 'active')(cursor), // another list's
      await list(staff)('bm90LWpzb24'), // not JSON
      await list(staff)(Buffer.from(JSON.stringify({ scope2: `${LUGOUQIAO}#member#pending` })).toString('base64url')), // no listKey
    ]) {
      expect(reply.status).toBe(400);
      expect(reply.body.fieldErrors.cursor).toEqual(['翻页标记无效，请从第一页重新加载']);
    }
  });

  it('a decision moves the member from one status list to the other, for every level above it', async () => {
    const userId = inStreet[0]!;
    const m = await setStatus(userId, 'pending', 'active', units[(29 * 37) % units.length]!.path, { at: at(200), what: '审核通过' });
    expect(m?.status).toBe('active');
    for (const login of ['staff', 'admin'] as const) {
      const token = await tokenFor(login);
      expect((await list(token)()).body.members.map((x: { memberId: string }) => x.memberId)).not.toContain(userId);
      expect((await list(token, 'active')()).body.members.map((x: { memberId: string }) => x.memberId)).toContain(userId);
    }
    inStreet.shift();
  });
});

describe('transfers', () => {
  const into: string[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 22; i++) {
      const m = await member('shunyi-houshayu-qihang', 300 + i, { status: 'active' });
      const to = units[(i * 11) % units.length]!;
      await requestTransfer(
        {
          id: `tr-${m.memberNo}`,
          userId: m.userId,
          memberNo: m.memberNo,
          name: m.name,
          fromOrgId: m.orgId,
          toOrgId: to.id,
          status: 'pending',
          requestedAt: at(300 + i),
        },
        to.path,
      );
      into.unshift(`tr-${m.memberNo}`);
    }
  });
  const list = (token: string) => (cursor?: string) => invoke(listTransfers, { query: cursor ? { cursor } : {}, token });

  it('the receiving street and district see them newest first a page at a time; the sibling and the sender do not', async () => {
    expect((await allPages(list(await tokenFor('staff')), 'transfers', (t: { id: string }) => t.id, 'byScope2')).ids).toEqual(into);
    expect((await allPages(list(await tokenFor('admin')), 'transfers', (t: { id: string }) => t.id, 'byScope1')).ids).toEqual(into);
    expect((await allPages(list(siblingToken), 'transfers', (t: { id: string }) => t.id, 'byScope2')).ids).toEqual([]);
    expect((await allPages(list(await tokenFor('shunyi-staff')), 'transfers', (t: { id: string }) => t.id, 'byScope2')).ids).toEqual([]);
  });

  it('accepting one takes it off the list and lists the member under the new org', async () => {
    const transfer = (await getTransfer(into[0]!))!;
    const to = orgById.get(transfer.toOrgId)!;
    expect(await acceptTransfer(transfer, '工作人员', to.path)).toMatchObject({ status: 'accepted' });
    const staff = await tokenFor('staff');
    expect((await list(staff)()).body.transfers.map((t: { id: string }) => t.id)).not.toContain(transfer.id);
    const active = await invoke(listMemberships, { query: { status: 'active' }, token: staff });
    expect(active.body.members.map((m: { memberId: string }) => m.memberId)).toContain(transfer.userId);
    const before = await invoke(listMemberships, { query: { status: 'active' }, token: await tokenFor('shunyi-staff') });
    expect(before.body.members.map((m: { memberId: string }) => m.memberId)).not.toContain(transfer.userId);
  });
});

describe('join codes', () => {
  const inStreet: string[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 25; i++) inStreet.unshift((await code(units[(i * 13) % units.length]!.id, 400 + i)).id);
    await code('fengtai-taipingqiao-shouke', 390);
  });
  const list = (token: string) => (cursor?: string) => invoke(listJoinCodes, { query: cursor ? { cursor } : {}, token });

  it('street staff page through their street’s codes newest first; the district sees the sibling’s too', async () => {
    expect((await allPages(list(await tokenFor('staff')), 'codes', (c: { id: string }) => c.id, 'byScope2')).ids).toEqual(inStreet);
    const district = await allPages(list(await tokenFor('admin')), 'codes', (c: { id: string }) => c.id, 'byScope1');
    expect(district.ids).toHaveLength(26);
    expect(district.ids.slice(0, 25)).toEqual(inStreet);
    const sibling = await allPages(list(siblingToken), 'codes', (c: { id: string }) => c.id, 'byScope2');
    expect(sibling.ids).toHaveLength(1);
    expect(sibling.ids).not.toContain(inStreet[0]);
  });

  it('figures come with the code (counters kept with the memberships), no Query per code', async () => {
    const c = await code(units[5]!.id, 500);
    const a = await member(units[5]!.id, 501, { codeId: c.id });
    await member(units[5]!.id, 502, { codeId: c.id, status: 'active' });
    await setStatus(a.userId, 'pending', 'rejected', units[5]!.path, { at: at(503), what: '已退回' }, '信息不全');
    const staff = await tokenFor('staff');
    const { reply, requests } = await measured(() => list(staff)());
    expect(requests.filter((r) => r.command === 'QueryCommand')).toHaveLength(1);
    const figures = reply.body.codes.find((x: { id: string }) => x.id === c.id).figures;
    expect(figures).toMatchObject({ joins: 2, pending: 0, approved: 1, rejected: 1, cardRequests: 2 });
    expect(figures.byHour).toEqual([{ hour: '2026-11-01 18:00', joins: 2 }]);
  });
});

describe('an org that moved (rescope)', () => {
  it('its memberships, transfers and codes are listed under the new parent after the rewrite, not the old', async () => {
    const unit = units[298]!; // no other test's items are in it
    const m = await member(unit.id, 600);
    const c = await code(unit.id, 600);
    const mover = await member('shunyi-houshayu-qihang', 600, { status: 'active' });
    await requestTransfer(
      {
        id: `tr-${mover.memberNo}`,
        userId: mover.userId,
        memberNo: mover.memberNo,
        name: mover.name,
        fromOrgId: mover.orgId,
        toOrgId: unit.id,
        status: 'pending',
        requestedAt: at(600),
      },
      unit.path,
    );
    const newPath = ['beijing', 'fengtai', TAIPINGQIAO, unit.id];
    let total = 0;
    for (const rescope of [rescopeMembersOfOrg, rescopeTransfersOfOrg, rescopeJoinCodesOfOrg]) {
      let cursor: string | undefined;
      let calls = 0;
      do {
        const page = await rescope(unit.id, newPath, cursor);
        total += page.done;
        cursor = page.nextCursor;
        calls += 1;
      } while (cursor && calls < 10);
      expect(cursor).toBeUndefined();
    }
    expect(total).toBe(3);
    const [sibling, street] = [siblingToken, await tokenFor('staff')];
    const pendingOf = async (token: string) =>
      (await invoke(listMemberships, { query: {}, token })).body.members.map((x: { memberId: string }) => x.memberId);
    expect(await pendingOf(sibling)).toContain(m.userId);
    expect(await pendingOf(street)).not.toContain(m.userId);
    const transfersOf = async (token: string) => (await invoke(listTransfers, { token })).body.transfers.map((x: { id: string }) => x.id);
    expect(await transfersOf(sibling)).toContain(`tr-${mover.memberNo}`);
    expect(await transfersOf(street)).not.toContain(`tr-${mover.memberNo}`);
    const codesOf = async (token: string) => (await invoke(listJoinCodes, { token })).body.codes.map((x: { id: string }) => x.id);
    expect(await codesOf(sibling)).toContain(c.id);
    expect(await codesOf(street)).not.toContain(c.id);
    // moved up a level (directly under the district): the street-level attribute goes away
    await rescopeMembersOfOrg(unit.id, ['beijing', 'fengtai', unit.id]);
    expect(await pendingOf(sibling)).not.toContain(m.userId);
    expect(
      (await invoke(listMemberships, { query: {}, token: await tokenFor('admin') })).body.members.map(
        (x: { memberId: string }) => x.memberId,
      ),
    ).toContain(m.userId);
  });
});
