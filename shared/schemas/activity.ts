import { z } from 'zod';
import { ClientRequestId, Id, Instant, MultilineText, Text } from './common';
import { Allocation, NoShowRule } from './draw';

export const ActivityCategory = z.enum(['service', 'class', 'activity', 'goods', 'plan'], { error: '请选择活动类别' });
export const activityCategoryLabel: Record<z.infer<typeof ActivityCategory>, string> = {
  service: '现场服务',
  class: '课程班',
  activity: '文体活动',
  goods: '福利物品',
  plan: '互助保障',
};

const Age = z.number('请填写年龄').int('年龄须为整数').min(0, '年龄应在 0 到 18 岁之间').max(18, '年龄应在 0 到 18 岁之间');

const eligibilityRules = {
  activeMember: z.boolean().default(true),
  /** member of the publishing org or an org below it */
  subtreeOnly: z.boolean().default(true),
  newEmploymentOnly: z.boolean().default(false),
  /** e.g. 女职工特殊疾病互助保障 */
  womenOnly: z.boolean().default(false),
};

/** Who may sign up; each rule has a Chinese reason shown when it fails. */
export const Eligibility = z.strictObject({
  ...eligibilityRules,
  /** childcare: one place per child, with the child's name and age */
  children: z
    .strictObject({ minAge: Age, maxAge: Age })
    .refine((a) => a.minAge <= a.maxAge, { message: '最大年龄不能小于最小年龄', path: ['maxAge'] })
    .optional(),
});
export type Eligibility = z.infer<typeof Eligibility>;
/** The rules as stored and sent back: no input checks, unknown attributes stripped. */
const EligibilityView = z.object({ ...eligibilityRules, children: z.object({ minAge: z.number(), maxAge: z.number() }).optional() });

/** Places of an activity (null = unlimited elsewhere); also the capacity route's body. */
export const MAX_CAPACITY = 100_000;
export const Capacity = z.number('请填写名额').int('名额须为整数').min(1, '名额至少 1 个').max(MAX_CAPACITY, `名额最多 ${MAX_CAPACITY} 个`);

const ActivityFields = z.strictObject({
  orgId: Id,
  title: Text({ min: 2, minMessage: '请填写名称', max: 60 }),
  description: MultilineText({ max: 500 }).default(''),
  category: ActivityCategory,
  place: Text({ min: 2, minMessage: '请填写地点', max: 60 }),
  startsAt: Instant,
  endsAt: Instant,
  signupOpensAt: Instant,
  signupClosesAt: Instant,
  /** null = unlimited */
  capacity: Capacity.nullable(),
  perMemberLimit: z.number().int('须为整数').min(1, '每人至少 1 个名额').max(10, '每人最多 10 个名额').default(1),
  eligibility: Eligibility.default({ activeMember: true, subtreeOnly: true, newEmploymentOnly: false, womenOnly: false }),
  waitlist: z.boolean().default(true),
  holdMinutes: z
    .number()
    .int('须为整数')
    .min(1, '保留时间至少 1 分钟')
    .max(7 * 24 * 60, '保留时间最长 7 天')
    .default(120),
  /** the outreach event (沟通会) it is part of: its sign-ups and check-ins count on the event too */
  eventId: Id.optional(),
  /** first come (absent), or a draw at the close of the window (issue 15); fixed once published */
  allocation: Allocation.optional(),
  /** draws only: members who missed too many of their recent won places cannot enter */
  noShow: NoShowRule.optional(),
});

type Times = { signupOpensAt: string; signupClosesAt: string; startsAt: string; endsAt: string };
/** The sign-up window and the activity's own times, each in order (publishing and editing alike). */
function timesInOrder<T extends z.ZodType<Times>>(schema: T): T {
  return schema
    .refine((a) => a.signupOpensAt < a.signupClosesAt, { message: '报名截止时间须晚于开始时间', path: ['signupClosesAt'] })
    .refine((a) => a.startsAt <= a.endsAt, { message: '结束时间须晚于开始时间', path: ['endsAt'] }) as T;
}

export const ActivityInput = timesInOrder(ActivityFields).refine((a) => a.allocation !== 'draw' || a.capacity !== null, {
  message: '摇号须设定名额',
  path: ['capacity'],
});
export type ActivityInput = z.infer<typeof ActivityInput>;

/**
 * Editing after publishing: everything but the org and the capacity (which has its own route, as
 * it must be checked against the places taken) and the allocation (fixed once published).
 */
export const ActivityEdit = timesInOrder(
  ActivityFields.omit({ orgId: true, capacity: true, allocation: true }).extend({
    /** a draw's no-show rule: absent keeps it, null removes it */
    noShow: NoShowRule.nullable().optional(),
  }),
);
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
  eligibility: EligibilityView,
  waitlist: z.boolean(),
  holdMinutes: z.number().int(),
  eventId: Id.optional(),
  /** absent = first come */
  allocation: Allocation.optional(),
  noShow: z.object({ missed: z.number().int(), of: z.number().int() }).optional(),
  /**
   * draws: the commitment (SHA-256 of the seed) from the start; once the order is drawn drawnAt, the
   * entries (applicants) and the result: entries won, their places, entries on the waiting list
   */
  draw: z
    .object({
      commitment: z.string(),
      drawnAt: Instant.optional(),
      applicants: z.number().int().optional(),
      won: z.number().int().optional(),
      placesWon: z.number().int().optional(),
      waitlisted: z.number().int().optional(),
    })
    .optional(),
  /** plans (互助保障) whose org set claim rules: members covered may file a claim */
  claimable: z.boolean().optional(),
  confirmed: z.number().int(),
  placesLeft: z.number().int().nullable(),
});
export type Activity = z.infer<typeof Activity>;

export const Child = z.strictObject({ name: Text({ min: 1, minMessage: '请填写孩子姓名', max: 20 }), age: Age });
const ChildView = z.object({ name: z.string(), age: z.number() });

export const SignupRequest = z.strictObject({
  /** childcare: the children this sign-up is for (they move through the list together) */
  children: z.array(Child).max(5, '一次最多为 5 个孩子报名').optional(),
  clientRequestId: ClientRequestId,
});

export const SignupStatus = z.enum(['confirmed', 'waitlisted', 'offered', 'cancelled', 'expired', 'applied', 'not-drawn']);
export type SignupStatus = z.infer<typeof SignupStatus>;
export const signupStatusLabel: Record<SignupStatus, string> = {
  confirmed: '报名成功',
  waitlisted: '候补中',
  offered: '候补到位，请确认',
  cancelled: '已取消',
  expired: '未按时确认，已失效',
  applied: '已报名摇号，等待开奖',
  'not-drawn': '未中签',
};

export const Signup = z.object({
  activityId: Id,
  activityTitle: z.string(),
  /** when and where, on 我的报名 (the member's own list carries them; other answers may not) */
  activityStartsAt: Instant.optional(),
  activityEndsAt: Instant.optional(),
  activityPlace: z.string().optional(),
  status: SignupStatus,
  places: z.number().int(),
  children: z.array(ChildView),
  /** waiting-list position (1 = next in line) while waitlisted */
  position: z.number().int().optional(),
  holdExpiresAt: Instant.optional(),
  createdAt: Instant,
  registeredBy: z.string().optional(),
  checkedInAt: Instant.optional(),
  /** draws: this entry's place in the drawn order (1 = first) */
  drawPosition: z.number().int().optional(),
  /** 我的报名 only: a confirmed sign-up of a plan with claim rules, so the member may file a claim (申请理赔) */
  claimable: z.boolean().optional(),
});
export type Signup = z.infer<typeof Signup>;
