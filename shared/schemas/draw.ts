import { z } from 'zod';
import { Id, Instant, Text } from './common';

/**
 * Places allocated by draw (摇号, issue 15, docs/claims-and-draws.md): applications in a window, a
 * seed committed to before the close, the order anyone can recompute after it.
 */

export const Allocation = z.enum(['first-come', 'draw'], { error: '请选择名额分配方式' });
export type Allocation = z.infer<typeof Allocation>;
export const allocationLabel: Record<Allocation, string> = { 'first-come': '先到先得', draw: '摇号' };

/** A member who missed `missed` of their last `of` won places (no check-in) cannot enter the next draw. */
export const NoShowRule = z
  .strictObject({
    missed: z.number('请填写未签到次数').int('须为整数').min(1, '至少 1 次').max(10, '最多 10 次'),
    of: z.number('请填写最近几次').int('须为整数').min(1, '至少 1 次').max(20, '最多 20 次'),
  })
  .refine((r) => r.missed <= r.of, { message: '未签到次数不能多于统计的次数', path: ['missed'] });
export type NoShowRule = z.infer<typeof NoShowRule>;

/** The algorithm as published with every draw (scripts/verify-draw.ts implements exactly this). */
export const DRAW_ALGORITHM = [
  '1. 报名截止前公布承诺值：承诺值 = SHA-256(种子)，种子为 32 字节随机数（十六进制公布）。',
  '2. 截止后公布种子与全部报名（姓名打码）。报名编号 = SHA-256(活动编号:会员内部编号)，十六进制，即公示中每个报名的编号（不透露会员身份）；每个报名的排序值 = HMAC-SHA256(密钥 = 种子的 32 字节, 消息 = 报名编号的 UTF-8)，十六进制。',
  '3. 按排序值从小到大排列（相同则按报名编号），即为摇号顺序；一家人（家长带孩子）是一个报名。',
  '4. 按顺序分配名额（名额数为摇号时的名额，随公示公布）：剩余名额够这个报名的人数就中签，不够则跳过给后面的报名；未中签的按顺序进入候补。',
];

export const DrawOutcome = z.enum(['won', 'waitlisted', 'not-drawn']);
export const drawOutcomeLabel: Record<z.infer<typeof DrawOutcome>, string> = { won: '中签', waitlisted: '候补', 'not-drawn': '未中签' };

export const DrawEntry = z.object({
  /** 1 = drawn first */
  position: z.number().int(),
  /** the entry's published key (报名编号): hex SHA-256(`<activityId>:<memberId>`), reveals nobody's id */
  key: z.string(),
  /** HMAC-SHA256(seed, key), hex */
  rank: z.string(),
  /** masked: 王*明 */
  name: z.string(),
  /** the last 4 characters of the member number, so a member finds themselves */
  memberNoTail: z.string(),
  /** a parent with two children is one entry of 2 places */
  places: z.number().int(),
  outcome: DrawOutcome,
  /**
   * won in the draw, but no room was left when its places were allocated (the capacity was lowered
   * after the order was fixed): where the entry went instead
   */
  movedTo: z.enum(['waitlisted', 'not-drawn']).optional(),
});
export type DrawEntry = z.infer<typeof DrawEntry>;

export const DrawState = z.enum(['open', 'closed', 'drawn']);
export const DrawView = z.object({
  activityId: Id,
  title: z.string(),
  /** the activity's capacity; once drawn, the capacity the order was drawn with */
  capacity: z.number().int(),
  closesAt: Instant,
  /** SHA-256 of the seed, hex: published from the start */
  commitment: z.string(),
  /** open: applications accepted; closed: waiting for the draw; drawn: seed and order published */
  state: DrawState,
  /** hex, only once drawn */
  seed: z.string().optional(),
  drawnAt: Instant.optional(),
  applicants: z.number().int(),
  algorithm: z.array(z.string()),
  /** a page of the order (drawn only), position ascending */
  entries: z.array(DrawEntry),
  nextCursor: z.string().optional(),
});
export type DrawView = z.infer<typeof DrawView>;

export const Pardon = z.strictObject({
  memberNo: z.string('请填写会员号').regex(/^[0-9A-Za-z-]{4,32}$/, '会员号格式不正确'),
  reason: Text({ min: 2, minMessage: '请写明原因', max: 200 }),
});
export const PardonResult = z.object({ memberNo: z.string(), name: z.string(), message: z.string() });

export const DrawSummary = z.object({
  activityId: Id,
  applicants: z.number().int(),
  won: z.number().int(),
  placesWon: z.number().int(),
  waitlisted: z.number().int(),
  /** false when it had been drawn before: the same order, nothing allocated twice */
  drawnNow: z.boolean(),
});
