import type { Org, OrgTree } from '../../shared/schemas/org';
import { listChildren } from '../tables/orgs';

/**
 * An org and the first page of its children as an OrgTree (the children's `children` are empty:
 * the app opens them with GET /orgs/{orgId}/children). One Query whatever the size of the tree.
 */
export async function oneLevel(root: Org): Promise<OrgTree> {
  const page = await listChildren(root.id);
  const children = page.orgs.map((o) => ({ ...o, children: [] }));
  return { roots: [{ ...root, children }], count: 1 + children.length, childrenCursor: page.nextCursor };
}
