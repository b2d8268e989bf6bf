import { handler as listOrgTree } from './list-org-tree';
import { handler as getOrg } from './get-org';
import { handler as getStaffScope } from './get-staff-scope';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import type { OrgNode } from '../../shared/schemas/org';

const names = (nodes: OrgNode[]) => nodes.map((n) => n.name);

describe('the org tree', () => {
  it('lists the whole tree: 市总工会 → 区 → 街道/镇 → 基层', async () => {
    const reply = await invoke(listOrgTree, { path: '/orgs', token: await tokenFor('worker') });
    expect(reply.status).toBe(200);
    const [city] = reply.body.roots as OrgNode[];
    expect(city!.name).toBe('北京市总工会');
    expect(names(city!.children)).toEqual(['丰台区总工会', '顺义区总工会']);
    const fengtai = city!.children[0]!;
    expect(names(fengtai.children)).toEqual(
      expect.arrayContaining(['卢沟桥街道总工会', '太平桥街道总工会', '东高地街道总工会', '王佐镇总工会']),
    );
  });

  it('lists one subtree with ?under=', async () => {
    const reply = await invoke(listOrgTree, { path: '/orgs', query: { under: 'shunyi' }, token: await tokenFor('worker') });
    expect(reply.body.roots).toHaveLength(1);
    expect(reply.body.roots[0].name).toBe('顺义区总工会');
    expect(names(reply.body.roots[0].children)).toEqual(expect.arrayContaining(['空港街道总工会', '后沙峪镇总工会']));
    expect(JSON.stringify(reply.body)).not.toContain('丰台');
  });

  it('does not mix up orgs whose ids share a prefix', async () => {
    const reply = await invoke(listOrgTree, { path: '/orgs', query: { under: 'fengtai-lugouqiao' }, token: await tokenFor('worker') });
    const all = JSON.stringify(reply.body);
    expect(all).toContain('卢沟桥街道快递物流行业联合工会');
    expect(all).not.toContain('太平桥');
  });

  it('shows one org with its chain of parents and its children', async () => {
    const reply = await invoke(getOrg, {
      path: '/orgs/fengtai-lugouqiao',
      params: { orgId: 'fengtai-lugouqiao' },
      token: await tokenFor('worker'),
    });
    expect(reply.status).toBe(200);
    expect(reply.body.ancestors.map((o: { name: string }) => o.name)).toEqual(['北京市总工会', '丰台区总工会']);
    expect(reply.body.children.map((o: { name: string }) => o.name).sort()).toEqual(
      ['卢沟桥街道产业园区联合工会', '卢沟桥街道快递物流行业联合工会'].sort(),
    );
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
  it('a street staff member acts for their street union and everything below it', async () => {
    const reply = await invoke(getStaffScope, { path: '/staff/scope', token: await tokenFor('staff') });
    expect(reply.status).toBe(200);
    expect(reply.body.actingOrg.name).toBe('卢沟桥街道总工会');
    expect(reply.body.tree.count).toBe(3);
  });

  it('a district admin acts for the whole district', async () => {
    const reply = await invoke(getStaffScope, { path: '/staff/scope', token: await tokenFor('admin') });
    expect(reply.body.actingOrg.name).toBe('丰台区总工会');
    expect(reply.body.tree.count).toBe(10);
  });
});
