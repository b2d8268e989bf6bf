import { handler as listOrgTree } from './list-org-tree';
import { handler as getOrg } from './get-org';
import { handler as getStaffScope } from './get-staff-scope';
import { handler as listOrgChildren } from './list-org-children';
import { handler as searchOrgs } from './search-orgs';
import { handler as getOrgByCode } from './get-org-by-code';
import { getOrg as readOrg, putOrg } from '../tables/orgs';
import { demoOrgs } from '../../scripts/demo-data/orgs';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import type { Org, OrgNode } from '../../shared/schemas/org';

const names = (nodes: OrgNode[]) => nodes.map((n) => n.name);
// other test files add orgs to the shared demo tree (org admin, moves): these tests look at the demo's
const demoIds = new Set(demoOrgs.map((o) => o.id));
const demoNames = (orgs: { id: string; name: string }[]) => orgs.filter((o) => demoIds.has(o.id)).map((o) => o.name);

describe('the org tree, a level at a time', () => {
  it('GET /orgs: the city union and its districts, not the levels below', async () => {
    const reply = await invoke(listOrgTree, { path: '/orgs', token: await tokenFor('worker') });
    expect(reply.status).toBe(200);
    const [city] = reply.body.roots as OrgNode[];
    expect(city!.name).toBe('北京市总工会');
    expect(city!.code).toBe('110000');
    expect(names(city!.children)).toEqual(['丰台区总工会', '顺义区总工会']);
    expect(city!.children.every((d) => d.children.length === 0 && d.hasChildren === true)).toBe(true);
    expect(reply.body.count).toBe(3);
    expect(reply.body.childrenCursor).toBeUndefined();
  });

  it('GET /orgs?under=: that org and its children only', async () => {
    const reply = await invoke(listOrgTree, { path: '/orgs', query: { under: 'shunyi' }, token: await tokenFor('worker') });
    expect(reply.body.roots).toHaveLength(1);
    expect(reply.body.roots[0].name).toBe('顺义区总工会');
    expect(names(reply.body.roots[0].children)).toEqual(expect.arrayContaining(['空港街道总工会', '后沙峪镇总工会']));
    expect(JSON.stringify(reply.body)).not.toContain('中粮社区联合工会');
    expect(JSON.stringify(reply.body)).not.toContain('丰台');
  });

  it('does not mix up orgs whose ids share a prefix', async () => {
    const reply = await invoke(listOrgTree, { path: '/orgs', query: { under: 'fengtai-lugouqiao' }, token: await tokenFor('worker') });
    const all = JSON.stringify(reply.body);
    expect(all).toContain('卢沟桥街道快递物流行业联合工会');
    expect(all).not.toContain('太平桥');
  });

  it('GET /orgs/{orgId}/children: one page of children, leaves without the hint', async () => {
    const token = await tokenFor('worker');
    const reply = await invoke(listOrgChildren, { params: { orgId: 'fengtai-lugouqiao' }, token });
    expect(reply.status).toBe(200);
    expect(demoNames(reply.body.orgs).sort()).toEqual(['卢沟桥街道产业园区联合工会', '卢沟桥街道快递物流行业联合工会'].sort());
    expect(reply.body.orgs.every((o: Org) => !o.hasChildren && o.status === 'open')).toBe(true);
    expect(reply.body.nextCursor).toBeUndefined();
    expect((await invoke(listOrgChildren, { params: { orgId: 'nowhere' }, token })).status).toBe(404);
    const badCursor = await invoke(listOrgChildren, { params: { orgId: 'fengtai' }, query: { cursor: 'bm90LWpzb24' }, token });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.fieldErrors.cursor).toEqual(['翻页标记无效，请从第一页重新加载']);
  });

  it('GET /orgs/by-code/{code}: one org by its stable code', async () => {
    const token = await tokenFor('worker');
    const reply = await invoke(getOrgByCode, { params: { code: '110106001' }, token });
    expect(reply.status).toBe(200);
    expect(reply.body.id).toBe('fengtai-lugouqiao');
    const missing = await invoke(getOrgByCode, { params: { code: '999999' }, token });
    expect(missing.status).toBe(404);
    expect((await invoke(getOrgByCode, { params: { code: '<x>' }, token })).status).toBe(400);
  });

  it('GET /orgs/search: by name prefix, districts for a worker, the own district for staff', async () => {
    const worker = await tokenFor('worker');
    const districts = await invoke(searchOrgs, { query: { q: '顺义' }, token: worker });
    expect(districts.status).toBe(200);
    expect(districts.body.orgs.map((o: Org) => o.name)).toEqual(['顺义区总工会']);
    const inShunyi = await invoke(searchOrgs, { query: { q: '空港', district: 'shunyi' }, token: worker });
    expect(inShunyi.body.orgs.map((o: Org) => o.name)).toEqual(['空港街道总工会']);
    // street staff of 卢沟桥 (丰台) search 丰台, whatever they ask for
    const staff = await tokenFor('staff');
    const own = await invoke(searchOrgs, { query: { q: '卢沟桥街道' }, token: staff });
    expect(own.body.orgs.map((o: Org) => o.name).sort()).toEqual(
      ['卢沟桥街道产业园区联合工会', '卢沟桥街道快递物流行业联合工会', '卢沟桥街道总工会'].sort(),
    );
    expect((await invoke(searchOrgs, { query: { q: '空港' }, token: staff })).body.orgs).toEqual([]);
    expect((await invoke(searchOrgs, { query: { q: '空港', district: 'shunyi' }, token: staff })).status).toBe(403);
  });

  it('the code is unique and stable, enforced by the table', async () => {
    const lugouqiao = demoOrgs.find((o) => o.id === 'fengtai-lugouqiao')!;
    await expect(putOrg(lugouqiao)).resolves.toBeUndefined(); // the seed runs again
    await expect(putOrg({ ...lugouqiao, id: 'fengtai-copy', path: ['beijing', 'fengtai', 'fengtai-copy'] })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(putOrg({ ...lugouqiao, code: '110106999' })).rejects.toMatchObject({ code: 'conflict' });
    expect(await readOrg('fengtai-copy')).toBeNull();
  });

  it('shows one org with its chain of parents and its children', async () => {
    const reply = await invoke(getOrg, {
      path: '/orgs/fengtai-lugouqiao',
      params: { orgId: 'fengtai-lugouqiao' },
      token: await tokenFor('worker'),
    });
    expect(reply.status).toBe(200);
    expect(reply.body.ancestors.map((o: { name: string }) => o.name)).toEqual(['北京市总工会', '丰台区总工会']);
    expect(demoNames(reply.body.children).sort()).toEqual(['卢沟桥街道产业园区联合工会', '卢沟桥街道快递物流行业联合工会'].sort());
  });

  it('answers 404 in Chinese for an unknown org and 400 for a malformed id', async () => {
    const token = await tokenFor('worker');
    const missing = await invoke(getOrg, { params: { orgId: 'nowhere' }, token });
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('找不到这个组织');
    const malformed = await invoke(getOrg, { params: { orgId: '<script>' }, token });
    expect(malformed.status).toBe(400);
    expect(malformed.body.fieldErrors.orgId).toBeDefined();
  });

  it('rejects unknown query parameters', async () => {
    const reply = await invoke(listOrgTree, { query: { root: 'x' }, token: await tokenFor('worker') });
    expect(reply.status).toBe(400);
  });
});

describe('staff scope', () => {
  it('a street staff member acts for their street union: it and its children (one level)', async () => {
    const reply = await invoke(getStaffScope, { path: '/staff/scope', token: await tokenFor('staff') });
    expect(reply.status).toBe(200);
    expect(reply.body.actingOrg.name).toBe('卢沟桥街道总工会');
    const [street] = reply.body.tree.roots as OrgNode[];
    expect(demoNames([street!, ...street!.children])).toEqual([
      '卢沟桥街道总工会',
      '卢沟桥街道产业园区联合工会',
      '卢沟桥街道快递物流行业联合工会',
    ]);
    expect(reply.body.tree.count).toBe(1 + street!.children.length);
  });

  it('a district admin acts for the whole district: the district and its streets', async () => {
    const reply = await invoke(getStaffScope, { path: '/staff/scope', token: await tokenFor('admin') });
    expect(reply.body.actingOrg.name).toBe('丰台区总工会');
    expect(demoNames(reply.body.tree.roots[0].children)).toHaveLength(4);
    expect(reply.body.tree.count).toBe(1 + reply.body.tree.roots[0].children.length);
    expect(reply.body.tree.roots[0].children.every((s: OrgNode) => s.level === 'street' && s.children.length === 0)).toBe(true);
  });
});
