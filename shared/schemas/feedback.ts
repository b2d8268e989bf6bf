import { z } from 'zod';
import { Id, Instant } from './common';

/** Message-wall text: plain words only (markup is refused, not silently stripped). */
const PlainText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, '请写点内容')
    .max(max, `最多 ${max} 个字`)
    .refine((s) => !/<[a-z!/][^>]*>/i.test(s), '不能包含网页代码（< >）');

/** A random id the app makes per submission, so a double tap or a retry posts once. */
export const ClientRequestId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, '请求编号格式不正确');

export const NewPost = z.strictObject({ text: PlainText(200), clientRequestId: ClientRequestId });
export type NewPost = z.infer<typeof NewPost>;

export const Post = z.object({
  id: Id,
  text: z.string(),
  /** masked: 王*傅 */
  authorName: z.string(),
  createdAt: Instant,
  hidden: z.boolean(),
});
export type Post = z.infer<typeof Post>;

export const PostPage = z.object({ posts: z.array(Post), nextCursor: z.string().optional() });

export const ReportType = z.enum([
  'closed-when-open',
  'no-water',
  'microwave-broken',
  'charger-broken',
  'dirty',
  'staff-attitude',
  'info-wrong',
  'other',
]);
export type ReportType = z.infer<typeof ReportType>;
export const reportTypeLabel: Record<ReportType, string> = {
  'closed-when-open': '开放时间却关门',
  'no-water': '没有热水',
  'microwave-broken': '微波炉坏了',
  'charger-broken': '充电设备坏了',
  dirty: '卫生脏乱',
  'staff-attitude': '服务态度',
  'info-wrong': '地址或信息有误',
  other: '其他问题',
};

export const NewReport = z.strictObject({ type: ReportType, note: PlainText(200).optional(), clientRequestId: ClientRequestId });
export type NewReport = z.infer<typeof NewReport>;

export const ReportStatus = z.enum(['open', 'resolved']);
export const Report = z.object({
  id: Id,
  stationId: Id,
  stationName: z.string(),
  orgId: Id,
  type: ReportType,
  note: z.string().optional(),
  status: ReportStatus,
  reporterName: z.string(),
  createdAt: Instant,
  resolvedAt: Instant.optional(),
  resolvedBy: z.string().optional(),
  resolutionNote: z.string().optional(),
});
export type Report = z.infer<typeof Report>;
