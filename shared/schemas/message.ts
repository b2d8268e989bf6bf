import { z } from 'zod';
import { Instant } from './common';

/** What a message is about (docs/notifications.md lists who gets which, and when). */
export const MessageKind = z.enum([
  'join.approved',
  'join.returned',
  'transfer.accepted',
  'offer.made',
  'offer.expiring',
  'activity.reminder',
  'report.resolved',
  'invitation.accepted',
  'claim.needs-more',
  'claim.approved',
  'claim.forwarded',
  'claim.paid',
  'claim.rejected',
  'draw.won',
  'draw.waitlisted',
  'draw.not-drawn',
]);
export type MessageKind = z.infer<typeof MessageKind>;

/** Where tapping a message leads: the app maps each to its page. */
export const MessageTarget = z.object({
  screen: z.enum(['card', 'signups', 'station', 'staff', 'inspection', 'claim']),
  /**
   * the station's id, for 'station'; the activity's id, for 'signups' (我的报名 opens at its entry;
   * messages recorded before it carry none and open the list's top); the inspection's id, for
   * 'inspection' (its page in the supervise subpackage); the claim's id, for 'claim' (我的理赔)
   */
  id: z.string().optional(),
});
export type MessageTarget = z.infer<typeof MessageTarget>;

/** One message in 我的 → 消息, as the member sees it (no delivery internals, no other people's ids). */
export const Message = z.object({
  id: z.string(),
  kind: MessageKind,
  title: z.string(),
  body: z.string(),
  createdAt: Instant,
  read: z.boolean(),
  target: MessageTarget.optional(),
});
export type Message = z.infer<typeof Message>;

export const MessagePage = z.object({ messages: z.array(Message), nextCursor: z.string().optional() });
export type MessagePage = z.infer<typeof MessagePage>;

/** The unread badge: counted up to a cap (99+ beyond). */
export const UNREAD_CAP = 100;
export const UnreadCount = z.object({ unread: z.number().int().min(0), capped: z.boolean() });
export type UnreadCount = z.infer<typeof UnreadCount>;

export const MessageId = z.string().regex(/^m-[0-9a-f]{24}$/, '消息编号格式不正确');

/** `ids` (the messages opened) or `all: true` (全部已读), not both. */
export const MarkRead = z
  .strictObject({
    ids: z.array(MessageId).min(1, '请选择消息').max(50, '一次最多 50 条').optional(),
    all: z.literal(true).optional(),
  })
  .refine((b) => (b.ids === undefined) !== (b.all === undefined), { message: '请选择要标为已读的消息，或全部已读', path: ['ids'] });
export type MarkRead = z.infer<typeof MarkRead>;

/** After marking: what is still unread (the badge), and whether `all` has more to mark (call again). */
export const MarkReadResult = UnreadCount.extend({ more: z.boolean() });
export type MarkReadResult = z.infer<typeof MarkReadResult>;
