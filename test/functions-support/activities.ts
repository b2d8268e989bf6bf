/** Test helpers for sign-ups: members, activities and sign-ups through the real handlers. */
import { randomInt, randomUUID } from 'node:crypto';
import { handler as createActivity } from '../../functions/activities/create-activity';
import { handler as signUp } from '../../functions/activities/sign-up';
import { handler as listActivitySignups } from '../../functions/activities/list-activity-signups';
import { invoke, tokenFor } from './invoke';
import { signSession } from '../../functions/lib/auth/session-token';
import { createMember } from '../../functions/tables/members';
import { demoOrgs } from '../../scripts/demo-data/orgs';

// each test file gets its own block of 10,000 numbers, so members of files running in parallel never share a
// phone: one of 700,000 blocks over 13x–19x (10,000 blocks only made two of ~30 files meet in ~4 % of runs)
const phoneBlock = randomInt(0, 700_000) * 10_000;
let phone = 0;
/** A mainland mobile number, 1[3-9] and nine digits, from a number below 7,000,000,000. */
const mobileOf = (n: number) => `1${3 + Math.floor(n / 1e9)}${String(n % 1e9).padStart(9, '0')}`;
/** An active member of 卢沟桥 (or the given org), and their session. */
export async function member(
  overrides: {
    orgId?: string;
    occupation?: 'courier' | 'cleaner';
    status?: 'active' | 'pending';
    gender?: 'female' | 'male';
    name?: string;
  } = {},
) {
  const userId = `m-${randomUUID()}`;
  const result = await createMember(
    {
      userId,
      name: overrides.name ?? '张小会',
      mobile: mobileOf(phoneBlock + phone++),
      employer: '顺丰',
      occupation: overrides.occupation ?? 'cleaner',
      newEmploymentForm: overrides.occupation === 'courier',
      orgId: overrides.orgId ?? 'fengtai-lugouqiao',
      status: overrides.status ?? 'active',
      joinedAt: new Date().toISOString(),
      cardRequest: 'none',
      history: [],
      ...(overrides.gender ? { gender: overrides.gender } : {}),
    },
    demoOrgs.find((o) => o.id === (overrides.orgId ?? 'fengtai-lugouqiao'))!.path,
  );
  const record = 'created' in result ? result.created : (result as { existing: { memberNo: string; mobile: string } }).existing;
  return {
    userId,
    memberNo: record.memberNo,
    mobile: record.mobile,
    token: (await signSession({ userId, role: 'worker', actingOrgId: null })).token,
  };
}

export const hour = 3600_000;
export async function activity(overrides: Record<string, unknown> = {}) {
  const now = Date.now();
  const reply = await invoke(createActivity, {
    method: 'POST',
    body: {
      orgId: 'fengtai-lugouqiao',
      title: '中医义诊',
      category: 'service',
      place: '卢沟桥文化广场',
      startsAt: new Date(now + 24 * hour).toISOString(),
      endsAt: new Date(now + 26 * hour).toISOString(),
      signupOpensAt: new Date(now - hour).toISOString(),
      signupClosesAt: new Date(now + 20 * hour).toISOString(),
      capacity: 2,
      holdMinutes: 1,
      ...overrides,
    },
    token: await tokenFor('staff'),
  });
  expect(reply.status).toBe(201);
  return reply.body.id as string;
}

export const request = () => ({ clientRequestId: randomUUID() });
export const sign = (activityId: string, token: string, body: Record<string, unknown> = request()) =>
  invoke(signUp, { method: 'POST', params: { activityId }, body, token });
export const counts = async (activityId: string) =>
  (await invoke(listActivitySignups, { params: { activityId }, token: await tokenFor('staff') })).body.counts;
