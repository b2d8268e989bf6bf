import { contract } from '../../shared/contract';
import { levelFitsUnder, MAX_ORG_DEPTH } from '../../shared/schemas/org-admin';
import { orgLevelLabel } from '../../shared/schemas/org';
import { conflict } from '../lib/errors';
import { recordAudit } from '../lib/audit';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { continueMove, getOrg, listChildren, movingFromOf, startMove } from '../tables/orgs';
import { rescopeItemsOfOrgs } from './rescope';

/** Orgs given their new path per request: a street's subtree (hundreds) takes a few requests. */
export const MOVE_PAGE = 100;

/**
 * Moves an org and its subtree under another parent, both in the caller's subtree. The org itself
 * moves in one transaction (and remembers its old pathKey); its descendants get their new paths
 * MOVE_PAGE at a time. `done: false`: the same request again continues (the app repeats it; a
 * request that fails halfway is continued the same way). Levels stay: a street moves to another
 * district, a grassroots union to another street (or under a community union, one level deeper).
 */
export const handler = defineHandler(contract.moveOrg, async ({ params, body }, { principal, log }) => {
  let org = await assertInScope(principal, params.orgId);
  if (org.path.length === 1) throw conflict('不能移动市总工会');
  if (org.id === principal.actingOrgId) throw conflict('不能移动您所代表的组织，请由上级工会操作');
  // the target is read in the caller's scope; one inside the moved subtree always is (the org is)
  const parent = await assertInScope(principal, body.parentId);
  if (parent.path.includes(org.id)) throw conflict('不能把组织移到它自己或它的下级组织之下');
  let oldPathKey = await movingFromOf(org.id);
  if (oldPathKey && org.parentId !== parent.id) throw conflict('上一次移动还没有完成，请先把它完成（再次提交上一次的移动）');
  if (!oldPathKey) {
    if (org.parentId === parent.id) return { org, done: true, moved: 0 };
    if (parent.status !== 'open') throw conflict('新的上级组织已关闭');
    if (!levelFitsUnder(org.level, parent)) {
      throw conflict(`层级不符：${orgLevelLabel[org.level]}不能放在“${parent.name}”（${orgLevelLabel[parent.level]}）之下`);
    }
    // levels fix depths except for grassroots unions, whose subtree is at most one level deep
    const hasChildren = (await listChildren(org.id, undefined, 1)).orgs.length > 0;
    if (parent.path.length + (hasChildren ? 1 : 0) > MAX_ORG_DEPTH) {
      throw conflict('移动后下级组织会超过 5 级，请先移走它的下级组织');
    }
    oldPathKey = `${org.path.join('/')}/`;
    const oldParent = org.parentId ? await getOrg(org.parentId) : null;
    org = await startMove(org, parent);
    await recordAudit({
      principal,
      org,
      kind: 'org.move',
      object: { type: 'org', id: org.id, label: org.name },
      summary: `把「${org.name}」（连同下级）从${oldParent?.name ?? '原上级'}移到${parent.name}之下`,
    });
    await rescopeItemsOfOrgs([org.id]);
  }
  const step = await continueMove(org, oldPathKey, MOVE_PAGE);
  // the orgs below got their new paths: their listed items follow in the rescope job
  // (and the org itself once more at the end, in case the request that moved it died before queuing it)
  await rescopeItemsOfOrgs(step.done ? [...step.rewritten, org.id] : step.rewritten);
  log.info('org moved', {
    orgId: org.id,
    parentId: parent.id,
    rewritten: step.rewritten.length,
    done: step.done,
  });
  return { org, done: step.done, moved: step.rewritten.length };
});
