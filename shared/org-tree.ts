import type { Org, OrgNode, OrgTree } from './schemas/org';

/** Nests a flat list of orgs (any order) into trees; orgs whose parent is absent become roots. */
export function buildOrgTree(orgs: Org[]): OrgTree {
  const nodes = new Map<string, OrgNode>(orgs.map((o) => [o.id, { ...o, children: [] }]));
  const roots: OrgNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const byName = (a: OrgNode, b: OrgNode) => a.path.join('/').localeCompare(b.path.join('/'));
  const sort = (list: OrgNode[]) => {
    list.sort(byName);
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return { roots, count: orgs.length };
}
