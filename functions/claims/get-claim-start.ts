import { contract } from '../../shared/contract';
import { CLAIM_CONSENT_TEXT, CLAIM_CONSENT_VERSION } from '../../shared/schemas/claim';
import { defineHandler } from '../lib/http/handler';
import { getActivityItem } from '../tables/activities';
import { coverOf, planRules, planStartsOn } from './member-claim';

/**
 * Before a claim (申请理赔): the plan's events and their checklists, whether this member is covered
 * (and if not, why; if so, since when), the day the plan starts, and the health-data consent they will
 * be asked to agree to.
 */
export const handler = defineHandler(contract.getClaimStart, async ({ params }, { principal }) => {
  const { activity, rules } = planRules(await getActivityItem(params.activityId));
  const cover = await coverOf(activity.id, principal.userId);
  return {
    activityId: activity.id,
    planTitle: activity.title,
    rules: {
      deadlineDays: rules.deadlineDays,
      events: rules.events.map((e) => ({
        code: e.code,
        label: e.label,
        items: e.items.map((i) => ({
          code: i.code,
          label: i.label,
          ...(i.hint ? { hint: i.hint } : {}),
          required: i.required,
          maxPages: i.maxPages,
        })),
      })),
    },
    eligible: cover.covered,
    ...(cover.covered ? { enrolledOn: cover.enrolledOn } : { whyNot: cover.whyNot }),
    // the earliest event day a claim may name: the date picker starts there
    planStartsOn: planStartsOn(activity),
    consentVersion: CLAIM_CONSENT_VERSION,
    consentText: CLAIM_CONSENT_TEXT,
  };
});
