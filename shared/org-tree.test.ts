import { buildOrgTree } from './org-tree';
import type { Org } from './schemas/org';

const org = (id: string, parentId: string | null, path: string[]): Org => ({
  id,
  code: `c-${id}`,
  status: 'open',
  name: `${id}工会`,
  shortName: id,
  level: 'street',
  parentId,
  path,
});

it('nests orgs under their parents whatever the input order', () => {
  const tree = buildOrgTree([org('ab', 'a', ['a', 'ab']), org('a', null, ['a']), org('aa', 'a', ['a', 'aa'])]);
  expect(tree.count).toBe(3);
  expect(tree.roots.map((r) => r.id)).toEqual(['a']);
  expect(tree.roots[0]!.children.map((c) => c.id)).toEqual(['aa', 'ab']);
});

it('makes an org whose parent is outside the list a root', () => {
  const tree = buildOrgTree([org('ab', 'a', ['a', 'ab'])]);
  expect(tree.roots.map((r) => r.id)).toEqual(['ab']);
});
