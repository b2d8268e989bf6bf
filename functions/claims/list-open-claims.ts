import { contract } from '../../shared/contract';
import { maskName } from '../../shared/schemas/common';
import type { ClaimSummary } from '../../shared/schemas/claim';
import { defineHandler } from '../lib/http/handler';
import { withoutScope } from '../lib/scope-keys';
import { actingOrgOf } from '../orgs/scope';
import { memberNames, openClaimsPage } from '../tables/claim-review';
import { ClaimRecord, summaryOf } from '../tables/claims';
import { getOrgs } from '../tables/orgs';

/**
 * 理赔审核: the open claims of the members of the staff member's subtree, the longest waiting first,
 * 20 a page (optionally one plan's): one Query, then one BatchGet of the members' names (masked
 * here: the list is not a view of the claim) and one of their orgs.
 */
export const handler = defineHandler(contract.listOpenClaims, async ({ query }, { principal }) => {
  const org = await actingOrgOf(principal);
  const page = await openClaimsPage(org, query.activityId, query.cursor);
  const claims = page.items.map((item) => ClaimRecord.parse(withoutScope(item)));
  const [names, orgs] = await Promise.all([
    memberNames(claims.map((c) => c.memberId)),
    getOrgs([...new Set(claims.map((c) => c.memberOrgId))]),
  ]);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  return {
    claims: claims.map((c): ClaimSummary => ({
      ...summaryOf(c),
      memberName: names.has(c.memberId) ? maskName(names.get(c.memberId)!) : '已注销用户',
      orgName: orgName.get(c.memberOrgId) ?? '',
    })),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
});
