import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import type { Org } from '../../shared/schemas/org';
import { createTableInput } from '../../infra/tables.cjs';
import { demoOrgs } from '../../scripts/demo-data/orgs';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { db } from '../lib/db';
import { putActivity, getActivity } from '../tables/activities';
import { createMember, getMember } from '../tables/members';
import { getOrg, getOrgByCode, listSubtree, putOrg } from '../tables/orgs';
import { handler as closeOrg } from './close-org';
import { handler as createOrg } from './create-org';
import { handler as moveOrg } from './move-org';
import { handler as renameOrg } from './rename-org';

// An orgs table of this file's own (the other files share the seeded one): these tests change the tree.
const input = createTableInput('orgadmin', 'orgs');
const previousTable = process.env.TABLE_ORGS;
beforeAll(async () => {
  await db().send(new CreateTableCommand(input as ConstructorParameters<typeof CreateTableCommand>[0]));
  process.env.TABLE_ORGS = input.TableName;
  for (const org of demoOrgs) await putOrg(org);
}, 60_000);
afterAll(async () => {
  process.env.TABLE_ORGS = previousTable;
  await db().send(new DeleteTableCommand({ TableName: input.TableName }));
});

let n = 0;
const code = () => `T${Date.now() % 1_000_000}-${n++}`;
const create = async (token: string, body: Record<string, unknown>) =>
  invoke(createOrg, { method: 'POST', path: '/staff/orgs', body, token });
const street = async (name: string, parentId = 'fengtai') => {
  const reply = await create(await tokenFor('admin'), { parentId, code: code(), name, shortName: name.slice(0, 6) });
  expect(reply.status).toBe(201);
  return reply.body as Org;
};

describe('POST /staff/orgs', () => {
  it('an admin of 丰台 creates a street union: level and path from the parent, pickable as a child', async () => {
    const admin = await tokenFor('admin');
    const body = { parentId: 'fengtai', code: code(), name: '新村街道总工会', shortName: '新村街道' };
    const reply = await create(admin, body);
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ name: '新村街道总工会', level: 'street', status: 'open', parentId: 'fengtai', code: body.code });
    expect(reply.body.path).toEqual(['beijing', 'fengtai', reply.body.id]);
    expect((await getOrgByCode(body.code))?.id).toBe(reply.body.id);
    // a retry with the same code, parent and name is the same org
    const again = await create(admin, body);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(reply.body.id);
    // the same code on another name is refused
    const taken = await create(admin, { ...body, name: '别的街道总工会' });
    expect(taken.status).toBe(409);
    expect(taken.body.message).toContain(body.code);
  });

  it('simultaneous creates with one code make one org', async () => {
    const admin = await tokenFor('admin');
    const body = { parentId: 'fengtai-wangzuo', code: code(), name: '王佐镇某某企业工会', shortName: '某某企业' };
    const replies = await Promise.all(Array.from({ length: 6 }, () => create(admin, body)));
    expect(replies.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    expect((await getOrg(replies[0]!.body.id))?.level).toBe('grassroots');
  });

  it('staff act within their subtree only (403), an unknown parent is 404, a bad code 400 beside the field', async () => {
    const staff = await tokenFor('staff'); // 卢沟桥
    const outside = await create(staff, { parentId: 'fengtai', code: code(), name: '越权街道总工会', shortName: '越权' });
    expect(outside.status).toBe(403);
    const inside = await create(staff, { parentId: 'fengtai-lugouqiao', code: code(), name: '卢沟桥某社区联合工会', shortName: '某社区' });
    expect(inside.status).toBe(201);
    expect(inside.body.level).toBe('grassroots');
    expect((await create(staff, { parentId: 'nowhere', code: code(), name: '某某工会', shortName: '某某' })).status).toBe(404);
    const bad = await create(staff, { parentId: 'fengtai-lugouqiao', code: '中文', name: '某', shortName: '' });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fieldErrors).sort()).toEqual(['code', 'name', 'shortName']);
  });

  it('no org below depth 4', async () => {
    const community = await street('深度社区联合工会', 'fengtai-lugouqiao');
    const unit = await street('深度企业工会', community.id);
    expect(unit.path).toHaveLength(5);
    const deeper = await create(await tokenFor('admin'), { parentId: unit.id, code: code(), name: '太深的工会', shortName: '太深' });
    expect(deeper.status).toBe(409);
  });
});

describe('PUT /staff/orgs/{orgId}', () => {
  it('renames (the code stays); outside the subtree is 403; a code in the body is refused', async () => {
    const org = await street('改名前街道总工会');
    const admin = await tokenFor('admin');
    const reply = await invoke(renameOrg, {
      method: 'PUT',
      params: { orgId: org.id },
      body: { name: '改名后街道总工会', shortName: '改名后' },
      token: admin,
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ name: '改名后街道总工会', shortName: '改名后', code: org.code });
    const withCode = await invoke(renameOrg, {
      method: 'PUT',
      params: { orgId: org.id },
      body: { name: '某某', shortName: '某', code: 'X1' },
      token: admin,
    });
    expect(withCode.status).toBe(400);
    const shunyi = await invoke(renameOrg, {
      method: 'PUT',
      params: { orgId: org.id },
      body: { name: '越权改名工会', shortName: '越权' },
      token: await tokenFor('shunyi-staff'),
    });
    expect(shunyi.status).toBe(403);
  });
});

describe('POST /staff/orgs/{orgId}/move', () => {
  const move = async (orgId: string, parentId: string, login: 'admin' | 'staff' = 'admin') =>
    invoke(moveOrg, { method: 'POST', params: { orgId }, body: { parentId }, token: await tokenFor(login) });

  it('moves a community union with its units to another street: every path below is rewritten', async () => {
    const from = await street('搬出街道总工会');
    const to = await street('搬入街道总工会');
    const community = await street('搬家社区联合工会', from.id);
    const unit = await street('搬家企业工会', community.id);
    const reply = await move(community.id, to.id);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ done: true, moved: 1 });
    expect((await getOrg(community.id))?.path).toEqual(['beijing', 'fengtai', to.id, community.id]);
    expect((await getOrg(unit.id))?.path).toEqual(['beijing', 'fengtai', to.id, community.id, unit.id]);
    expect((await listSubtree((await getOrg(from.id))!)).map((o) => o.id)).toEqual([from.id]);
    expect((await getOrg(to.id))?.hasChildren).toBe(true);
    // sent again: nothing left to do
    expect((await move(community.id, to.id)).body).toMatchObject({ done: true, moved: 0 });
  });

  it('under itself or its own descendant: 409; outside the subtree: 403; a level that does not fit: 409', async () => {
    const a = await street('环路街道总工会');
    const child = await street('环路社区联合工会', a.id);
    const self = await move(a.id, a.id);
    expect(self.status).toBe(409);
    const below = await move(a.id, child.id);
    expect(below.status).toBe(409);
    expect(below.body.message).toBe('不能把组织移到它自己或它的下级组织之下');
    expect((await move(a.id, 'shunyi')).status).toBe(403);
    expect((await move(child.id, 'fengtai-taipingqiao', 'staff')).status).toBe(403);
    const level = await move(child.id, 'fengtai');
    expect(level.status).toBe(409);
    expect(level.body.message).toContain('层级不符');
    expect((await getOrg(a.id))?.path).toEqual(['beijing', 'fengtai', a.id]);
  });

  it('a subtree of more than 100 orgs moves over several requests, each one page', async () => {
    const from = await street('大街道总工会');
    const to = await street('另一大街道总工会');
    const community = await street('大社区联合工会', from.id);
    const units: Org[] = Array.from({ length: 130 }, (_, i) => {
      const id = `bigmove-${community.id}-${i}`.slice(0, 60);
      return {
        id,
        code: code(),
        status: 'open',
        name: `大社区第${i}企业工会`,
        shortName: `第${i}`,
        level: 'grassroots',
        parentId: community.id,
        path: [...community.path, id],
      };
    });
    for (let i = 0; i < units.length; i += 25) await Promise.all(units.slice(i, i + 25).map(putOrg));
    const first = await move(community.id, to.id);
    expect(first.body).toMatchObject({ done: false, moved: 100 });
    // another move of the same org is refused until this one is finished
    expect((await move(community.id, from.id)).status).toBe(409);
    const second = await move(community.id, to.id);
    expect(second.body).toMatchObject({ done: true, moved: 30 });
    const moved = await listSubtree((await getOrg(community.id))!);
    expect(moved).toHaveLength(131);
    expect(moved.every((o) => o.path[2] === to.id)).toBe(true);
  });
});

describe('POST /staff/orgs/{orgId}/close', () => {
  const close = async (orgId: string, body: Record<string, unknown> = {}) =>
    invoke(closeOrg, { method: 'POST', params: { orgId }, body, token: await tokenFor('admin') });
  const activity = (id: string, org: Org, endsInHours: number) => {
    const at = (h: number) => new Date(Date.now() + h * 3600_000).toISOString();
    return putActivity(
      {
        id,
        orgId: org.id,
        title: '关闭测试活动',
        description: '说明',
        category: 'service',
        place: '某地',
        startsAt: at(endsInHours - 2),
        endsAt: at(endsInHours),
        signupOpensAt: at(-48),
        signupClosesAt: at(endsInHours - 3),
        capacity: 10,
        perMemberLimit: 1,
        eligibility: { activeMember: false, subtreeOnly: false, newEmploymentOnly: false, womenOnly: false },
        waitlist: false,
        holdMinutes: 30,
        confirmed: 0,
        createdAt: at(-48),
        createdBy: 'demo-admin',
      },
      org.path,
    );
  };

  it('an empty org closes; closing it again answers the same', async () => {
    const org = await street('空街道总工会');
    const reply = await close(org.id);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ closed: true, org: { status: 'closed' } });
    expect((await getOrg(org.id))?.status).toBe('closed');
    expect((await close(org.id)).body.closed).toBe(true);
  });

  it('with members, unfinished activities or children it is refused with the reasons; moveTo parent moves members and activities', async () => {
    const org = await street('有人街道总工会');
    const community = await street('有人社区联合工会', org.id);
    const userId = `close-${community.id}`.slice(0, 60);
    const mobile = `139${String(Date.now()).slice(-8)}`;
    const base = { userId, name: '张小会', mobile, employer: '顺丰', occupation: 'courier' as const, newEmploymentForm: true };
    await createMember(
      { ...base, orgId: community.id, status: 'active', joinedAt: new Date().toISOString(), cardRequest: 'none', history: [] },
      community.path,
    );
    await activity(`close-${community.id}`.slice(0, 60), community, 24);
    await activity(`ended-${community.id}`.slice(0, 60), community, -24);

    const parentRefused = await close(org.id, { moveTo: 'parent' });
    expect(parentRefused.status).toBe(409);
    expect(parentRefused.body.fieldErrors.children).toEqual(['还有 1 个下级组织，请先移动或关闭它们']);

    const refused = await close(community.id);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe('不能关闭“有人社区联合工会”：还有 1 名会员、还有 1 个未结束的活动');
    expect(Object.keys(refused.body.fieldErrors).sort()).toEqual(['activities', 'members']);
    expect((await getOrg(community.id))?.status).toBe('open');

    const moved = await close(community.id, { moveTo: 'parent' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ closed: true, moved: { members: 1, activities: 1 } });
    expect((await getMember(userId))?.orgId).toBe(org.id);
    expect((await getActivity(`close-${community.id}`.slice(0, 60)))?.orgId).toBe(org.id);
    expect((await getActivity(`ended-${community.id}`.slice(0, 60)))?.orgId).toBe(community.id);
    // now the street's only child is closed, so it may close too once its members move up
    expect((await close(org.id, { moveTo: 'parent' })).body.closed).toBe(true);
  });

  it('outside the subtree: 403; the acting org itself: 409; a bad moveTo: 400', async () => {
    const staff = await tokenFor('staff');
    expect((await invoke(closeOrg, { method: 'POST', params: { orgId: 'fengtai-taipingqiao' }, body: {}, token: staff })).status).toBe(403);
    expect((await invoke(closeOrg, { method: 'POST', params: { orgId: 'fengtai-lugouqiao' }, body: {}, token: staff })).status).toBe(409);
    expect((await close('fengtai-wangzuo', { moveTo: 'city' })).status).toBe(400);
  });
});
