import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { listActivitiesOfOrg } from '../tables/activities';
import { getMember } from '../tables/members';
import { getOrg, getOrgs, listSubtree } from '../tables/orgs';
import { getSignup } from '../tables/signups';
import { whyNot } from './rules';
import { activityView, signupView } from './views';

/** Members see their own union's chain; everyone else sees all, each with why they cannot sign up. */
export const handler = defineHandler(contract.listActivities, async (_input, { principal }) => {
  const member = await getMember(principal.userId);
  const memberOrg = member ? await getOrg(member.orgId) : null;
  const orgs = memberOrg ? await getOrgs(memberOrg.path) : await listSubtree();
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const now = new Date().toISOString();
  const activities = (await Promise.all(orgs.map((o) => listActivitiesOfOrg(o.id)))).flat().filter((a) => a.endsAt >= now);
  return {
    activities: await Promise.all(
      activities
        .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
        .map(async (a) => {
          const mine = await getSignup(a.id, principal.userId);
          const reason = whyNot(a, member, memberOrg);
          return {
            ...activityView(a, names.get(a.orgId) ?? ''),
            eligible: !reason,
            whyNot: reason ?? undefined,
            mySignup: mine ? await signupView(mine) : undefined,
          };
        }),
    ),
  };
});
