import type { Activity, Signup } from '../../shared/schemas/activity';
import type { ActivityRecord } from '../tables/activities';
import { waitlistPosition, type SignupRecord } from '../tables/signups';

export function activityView(a: ActivityRecord, orgName: string): Activity {
  const confirmed = a.confirmed ?? 0;
  return {
    id: a.id,
    orgId: a.orgId,
    orgName,
    title: a.title,
    description: a.description,
    category: a.category,
    place: a.place,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    signupOpensAt: a.signupOpensAt,
    signupClosesAt: a.signupClosesAt,
    capacity: a.capacity,
    perMemberLimit: a.perMemberLimit,
    eligibility: a.eligibility,
    waitlist: a.waitlist,
    holdMinutes: a.holdMinutes,
    ...(a.eventId ? { eventId: a.eventId } : {}),
    // draws: the commitment from the start (never the seed), when and among how many once drawn
    ...(a.allocation ? { allocation: a.allocation } : {}),
    ...(a.noShow ? { noShow: a.noShow } : {}),
    ...(a.draw ? { draw: a.draw } : {}),
    // a plan whose org set claim rules: its members may file a claim (申请理赔)
    ...(a.category === 'plan' ? { claimable: Boolean(a.claimRules) } : {}),
    confirmed,
    placesLeft: a.capacity === null ? null : Math.max(0, a.capacity - confirmed),
  };
}

export async function signupView(s: SignupRecord): Promise<Signup> {
  return {
    activityId: s.activityId,
    activityTitle: s.activityTitle,
    status: s.status,
    places: s.places,
    children: s.children,
    position: s.status === 'waitlisted' ? await waitlistPosition(s) : undefined,
    holdExpiresAt: s.status === 'offered' ? s.holdExpiresAt : undefined,
    createdAt: s.createdAt,
    registeredBy: s.registeredBy,
    checkedInAt: s.checkedInAt,
    ...(s.drawPosition ? { drawPosition: s.drawPosition } : {}),
  };
}
