import { z } from 'zod';
import { Id, Instant, Opaque, Text } from './common';

/** At most 32 characters (fits a mini-program code's `scene`): base64url id + truncated HMAC. */
export const JoinToken = z.string().regex(/^[A-Za-z0-9_-]{20,32}$/, '入会码格式不正确');

export const Occupation = z.enum(
  ['courier', 'food-delivery', 'ride-hailing', 'truck-driver', 'sanitation', 'security', 'cleaner', 'domestic', 'other'],
  { error: '请选择您的职业' },
);
export type Occupation = z.infer<typeof Occupation>;
export const occupationLabel: Record<Occupation, string> = {
  courier: '快递员',
  'food-delivery': '外卖配送员',
  'ride-hailing': '网约车司机',
  'truck-driver': '货车司机',
  sanitation: '环卫工人',
  security: '保安',
  cleaner: '保洁',
  domestic: '家政',
  other: '其他',
};
/** 新就业形态劳动者: platform and gig work, which many benefits depend on. */
export const newEmploymentForms: Occupation[] = ['courier', 'food-delivery', 'ride-hailing', 'truck-driver'];

/** Asked at joining only because some benefits are for women workers (女职工); optional. */
export const Gender = z.enum(['female', 'male'], { error: '请选择性别（女或男），也可以不填' });
export type Gender = z.infer<typeof Gender>;
export const genderLabel: Record<Gender, string> = { female: '女', male: '男' };

export const Mobile = z.string().regex(/^1[3-9]\d{9}$/, '请填写 11 位手机号');

export const OutreachEvent = z.strictObject({
  title: Text({ min: 2, minMessage: '请填写活动名称', max: 60 }),
  date: z.iso.date('日期格式应为 2026-11-26'),
  place: Text({ min: 2, minMessage: '请填写地点', max: 60 }),
});
export type OutreachEvent = z.infer<typeof OutreachEvent>;
/** The event as stored and sent back: no input checks, unknown attributes stripped. */
const OutreachEventView = z.object({ title: z.string(), date: z.string(), place: z.string() });

export const NewJoinCode = z.strictObject({
  orgId: Id,
  event: OutreachEvent.optional(),
  /** the outreach event (沟通会) this code is a stall of: its joins count on the event too (≤ 10 codes an event) */
  eventId: Id.optional(),
  autoApprove: z.boolean().default(false),
  /** days until the code stops working; none = until revoked */
  validDays: z.number().int('天数须为整数').min(1, '有效期至少 1 天').max(366, '有效期最长 366 天').optional(),
});

export const JoinCode = z.object({
  id: Id,
  orgId: Id,
  orgName: z.string(),
  event: OutreachEventView.optional(),
  /** the outreach event (沟通会) the code belongs to */
  eventId: Id.optional(),
  autoApprove: z.boolean(),
  token: JoinToken,
  url: z.string(),
  expiresAt: Instant.optional(),
  revoked: z.boolean(),
  createdAt: Instant,
});
export type JoinCode = z.infer<typeof JoinCode>;

export const JoinCodeFigures = z.object({
  scans: z.number().int(),
  joins: z.number().int(),
  pending: z.number().int(),
  approved: z.number().int(),
  rejected: z.number().int(),
  cardRequests: z.number().int(),
  /** joins per hour (Beijing time), for the chart */
  byHour: z.array(z.object({ hour: z.string(), joins: z.number().int() })),
});
export type JoinCodeFigures = z.infer<typeof JoinCodeFigures>;

/** What a worker sees after scanning: who they are joining. */
export const JoinTarget = z.object({
  orgId: Id,
  orgName: z.string(),
  orgPath: z.array(z.string()),
  event: OutreachEventView.optional(),
  autoApprove: z.boolean(),
});

/**
 * A person's real name (the join form, 更正信息): an empty or one-character name is told only
 * 请填写真实姓名 (the character rule does not also fire on an empty name: `*`, the length is min's).
 */
export const PersonName = Text({ min: 2, minMessage: '请填写真实姓名', max: 20 }).regex(
  /^[\u4e00-\u9fa5·a-zA-Z ]*$/,
  '姓名只能包含汉字或字母',
);

export const JoinForm = z
  .strictObject({
    name: PersonName,
    /** H5 and local: typed; weapp: the getPhoneNumber button's code instead */
    mobile: Mobile.optional(),
    phoneCode: Opaque({ max: 128, message: '手机号授权码格式不正确' }).optional(),
    employer: Text({ min: 2, minMessage: '请填写工作单位或平台', max: 60 }),
    occupation: Occupation,
    gender: Gender.optional(),
    wantsMutualAidCard: z.boolean().default(false),
    consent: z.literal(true, '请阅读并同意个人信息说明'),
  })
  .refine((f) => f.mobile || f.phoneCode, { message: '请填写手机号', path: ['mobile'] });
export type JoinForm = z.infer<typeof JoinForm>;

/** Staff's decision on a join: approve, or reject with a reason the member will read. */
export const MembershipReview = z.discriminatedUnion('decision', [
  z.strictObject({ decision: z.literal('approve') }),
  z.strictObject({ decision: z.literal('reject'), reason: Text({ min: 2, minMessage: '请写明退回原因', max: 100 }) }),
]);

export const MembershipStatus = z.enum(['pending', 'active', 'rejected']);
export type MembershipStatus = z.infer<typeof MembershipStatus>;
export const membershipStatusLabel: Record<MembershipStatus, string> = { pending: '待审核', active: '已入会', rejected: '已退回' };

export const CardRequestStatus = z.enum(['none', 'requested', 'issued']);
export const cardRequestLabel: Record<z.infer<typeof CardRequestStatus>, string> = {
  none: '未申请',
  requested: '已申请，待发放',
  issued: '已发放',
};

export const HistoryEntry = z.object({ at: Instant, what: z.string(), by: z.string().optional() });
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** A return's entry in a membership's history says 已退回：<the reason>; its `at` is when. */
export const RETURNED_ENTRY = '已退回：';
/** The latest return in a history (a resubmitted application keeps it there), or none. */
export function lastReturn(history: readonly HistoryEntry[]): { reason: string; at: string } | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const h = history[i]!;
    if (h.what.startsWith(RETURNED_ENTRY)) return { reason: h.what.slice(RETURNED_ENTRY.length), at: h.at };
  }
  return undefined;
}

/** A membership as its member sees it: full name and phone are theirs to see. */
export const Membership = z.object({
  memberNo: z.string(),
  name: z.string(),
  mobile: z.string(),
  employer: z.string(),
  occupation: Occupation,
  newEmploymentForm: z.boolean(),
  gender: Gender.optional(),
  orgId: Id,
  orgName: z.string(),
  status: MembershipStatus,
  rejectReason: z.string().optional(),
  joinedAt: Instant,
  codeId: Id.optional(),
  cardRequest: CardRequestStatus,
  history: z.array(HistoryEntry),
});
export type Membership = z.infer<typeof Membership>;

/** For staff lists and other orgs: names and phones masked unless it is the member's own org's staff. */
export const MemberSummary = z.object({
  memberId: Id,
  memberNo: z.string(),
  name: z.string(),
  mobile: z.string(),
  employer: z.string(),
  occupation: Occupation,
  orgId: Id,
  status: MembershipStatus,
  joinedAt: Instant,
  cardRequest: CardRequestStatus,
  eventTitle: z.string().optional(),
  /** a returned application the member corrected and sent again (shown as 重新提交) */
  resubmitted: z.boolean().optional(),
  /** on a resubmitted one: why it was returned last time (上次退回), from its history */
  lastReturnReason: z.string().optional(),
});
export type MemberSummary = z.infer<typeof MemberSummary>;

const CardQr = z.object({ token: z.string(), svg: z.string(), expiresAt: Instant });
/**
 * The member card. Only an active membership has QRs: a pending (审核中) or returned (已退回)
 * application is no member card, so nothing is signed for it; a returned one says why and when.
 */
export const MemberCard = z.object({
  /** the member's own name, in full: it is their own card */
  name: z.string(),
  orgName: z.string(),
  memberNo: z.string(),
  /** when joined (active), or when the application was sent (pending, rejected) */
  joinedAt: Instant,
  status: MembershipStatus,
  qr: CardQr.optional(),
  /** the same card as a 12-hour QR, kept on the phone and shown only when it is offline */
  offlineQr: CardQr.optional(),
  /** rejected: the reason staff gave, and when */
  rejectReason: z.string().optional(),
  returnedAt: Instant.optional(),
});
export type MemberCard = z.infer<typeof MemberCard>;

/** 组织关系转移: a member asks to move to another org; the new org's staff accept. */
export const Transfer = z.object({
  id: Id,
  memberNo: z.string(),
  /** masked unless the viewer acts for the member's current org */
  name: z.string(),
  fromOrgId: Id,
  fromOrgName: z.string(),
  toOrgId: Id,
  toOrgName: z.string(),
  status: z.enum(['pending', 'accepted']),
  requestedAt: Instant,
  acceptedAt: Instant.optional(),
});
export type Transfer = z.infer<typeof Transfer>;
