import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { audiencePage } from '../tables/activities';
import { getMember } from '../tables/members';
import { getOrg, getOrgs } from '../tables/orgs';
import { noShowBars } from '../tables/draws';
import { getSignupsOfMember } from '../tables/signups';
import { whyNot } from './rules';
import { activityView, signupView } from './views';

export const ACTIVITIES_PAGE = 20;

/**
 * The worker's list, a page at a time, what has not ended, ending soonest first, each with why they
 * cannot sign up. A member (their membership's union, any status) sees the open activities and the
 * member-only ones of their union's chain: ≤ 3 Queries a page. A non-member sees what a non-member
 * can sign up for: one Query (docs/org-scale.md "The worker's activity list").
 */
export const handler = defineHandler(contract.listActivities, async ({ query }, { principal }) => {
  const member = await getMember(principal.userId);
  const memberOrg = member ? await getOrg(member.orgId) : null;
  const page = await audiencePage(memberOrg?.path ?? null, ACTIVITIES_PAGE, query.cursor, new Date());
  const [orgs, mySignups, barred] = await Promise.all([
    getOrgs([...new Set(page.activities.map((a) => a.orgId))]),
    getSignupsOfMember(
      principal.userId,
      page.activities.map((a) => a.id),
    ),
    // draws with a no-show rule: one BatchGetItem of the member's histories and pardons
    noShowBars(principal.userId, page.activities),
  ]);
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  return {
    activities: await Promise.all(
      page.activities.map(async (a) => {
        const mine = mySignups.get(a.id);
        const reason = whyNot(a, member, memberOrg) ?? barred.get(a.id) ?? null;
        return {
          ...activityView(a, names.get(a.orgId) ?? ''),
          eligible: !reason,
          whyNot: reason ?? undefined,
          mySignup: mine ? await signupView(mine) : undefined,
        };
      }),
    ),
    nextCursor: page.nextCursor,
    member: Boolean(memberOrg),
  };
});
