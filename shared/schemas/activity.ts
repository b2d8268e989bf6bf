import { z } from 'zod';
import { Id, Instant } from './common';

export const ActivityCategory = z.enum(['service', 'class', 'activity', 'goods', 'plan'], { error: '请选择活动类别' });
export const activityCategoryLabel: Record<z.infer<typeof ActivityCategory>, string> = {
  service: '现场服务',
  class: '课程班',
  activity: '文体活动',
  goods: '福利物品',
  plan: '互助保障',
};

/** Who may sign up; each rule has a Chinese reason shown when it fails. */
export const Eligibility = z.strictObject({
  activeMember: z.boolean().default(true),
  /** member of the publishing org or an org below it */
  subtreeOnly: z.boolean().default(true),
  newEmploymentOnly: z.boolean().default(false),
  /** e.g. 女职工特殊疾病互助保障 */
  womenOnly: z.boolean().default(false),
  /** childcare: one place per child, with the child's name and age */
  children: z.strictObject({ minAge: z.number().int().min(0).max(18), maxAge: z.number().int().min(0).max(18) }).optional(),
});
export type Eligibility = z.infer<typeof Eligibility>;

const ActivityFields = z.strictObject({
  orgId: Id,
  title: z.string().trim().min(2, '请填写名称').max(60),
  description: z.string().trim().max(500).default(''),
  category: ActivityCategory,
  place: z.string().trim().min(2, '请填写地点').max(60),
  startsAt: Instant,
  endsAt: Instant,
  signupOpensAt: Instant,
  signupClosesAt: Instant,
  /** null = unlimited */
  capacity: z.number().int().min(1).max(100_000).nullable(),
  perMemberLimit: z.number().int().min(1).max(10).default(1),
  eligibility: Eligibility.default({ activeMember: true, subtreeOnly: true, newEmploymentOnly: false, womenOnly: false }),
  waitlist: z.boolean().default(true),
  holdMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(120),
});

type Times = { signupOpensAt: string; signupClosesAt: string; startsAt: string; endsAt: string };
/** The sign-up window and the activity's own times, each in order (publishing and editing alike). */
function timesInOrder<T extends z.ZodType<Times>>(schema: T): T {
  return schema
    .refine((a) => a.signupOpensAt < a.signupClosesAt, { message: '报名截止时间须晚于开始时间', path: ['signupClosesAt'] })
    .refine((a) => a.startsAt <= a.endsAt, { message: '结束时间须晚于开始时间', path: ['endsAt'] }) as T;
}

export const ActivityInput = timesInOrder(ActivityFields);
export type ActivityInput = z.infer<typeof ActivityInput>;

/**
 * Editing after publishing: everything but the org and the capacity (which has its own route, as
 * it must be checked against the places taken).
 */
export const ActivityEdit = timesInOrder(ActivityFields.omit({ orgId: true, capacity: true }));
export type ActivityEdit = z.infer<typeof ActivityEdit>;

export const Activity = z.object({
  id: Id,
  orgId: Id,
  orgName: z.string(),
  title: z.string(),
  description: z.string(),
  category: ActivityCategory,
  place: z.string(),
  startsAt: Instant,
  endsAt: Instant,
  signupOpensAt: Instant,
  signupClosesAt: Instant,
  capacity: z.number().int().nullable(),
  perMemberLimit: z.number().int(),
  eligibility: Eligibility,
  waitlist: z.boolean(),
  holdMinutes: z.number().int(),
  confirmed: z.number().int(),
  placesLeft: z.number().int().nullable(),
});
export type Activity = z.infer<typeof Activity>;

export const Child = z.strictObject({ name: z.string().trim().min(1, '请填写孩子姓名').max(20), age: z.number().int().min(0).max(18) });

export const SignupRequest = z.strictObject({
  /** childcare: the children this sign-up is for (they move through the list together) */
  children: z.array(Child).max(5).optional(),
  clientRequestId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
});

export const SignupStatus = z.enum(['confirmed', 'waitlisted', 'offered', 'cancelled', 'expired']);
export type SignupStatus = z.infer<typeof SignupStatus>;
export const signupStatusLabel: Record<SignupStatus, string> = {
  confirmed: '报名成功',
  waitlisted: '候补中',
  offered: '候补到位，请确认',
  cancelled: '已取消',
  expired: '未按时确认，已失效',
};

export const Signup = z.object({
  activityId: Id,
  activityTitle: z.string(),
  status: SignupStatus,
  places: z.number().int(),
  children: z.array(Child),
  /** waiting-list position (1 = next in line) while waitlisted */
  position: z.number().int().optional(),
  holdExpiresAt: Instant.optional(),
  createdAt: Instant,
  registeredBy: z.string().optional(),
  checkedInAt: Instant.optional(),
});
export type Signup = z.infer<typeof Signup>;
