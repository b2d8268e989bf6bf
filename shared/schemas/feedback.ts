import { z } from 'zod';
import { ClientRequestId, Id, Instant, MultilineText, Text } from './common';
import { EvidencePhoto, InspectionItemKey } from './network';
import { PhotoId } from './station-photo';

/** Markup is refused, not silently stripped: what a person wrote is shown as they wrote it or not at all. */
const noMarkup = (s: string) => !/<[a-z!/][^>]*>/i.test(s);
const MARKUP_MESSAGE = '不能包含网页代码（< >）';

/** Message-wall text: plain words, on one or more lines. */
const PostText = MultilineText({ min: 1, minMessage: '请写点内容', max: 200 }).refine(noMarkup, MARKUP_MESSAGE);
/** A report's note: one line of plain words. */
const NoteText = Text({ min: 1, minMessage: '请写点内容', max: 200 }).refine(noMarkup, MARKUP_MESSAGE);

export const NewPost = z.strictObject({ text: PostText, clientRequestId: ClientRequestId });
export type NewPost = z.infer<typeof NewPost>;

export const Post = z.object({
  id: Id,
  text: z.string(),
  /** masked: 王*傅 */
  authorName: z.string(),
  createdAt: Instant,
  hidden: z.boolean(),
  /**
   * Only on the author's own post that others do not see (docs/privacy-and-content.md, "Content
   * checks"): pending while WeChat's content check has not answered, refused when it did not pass.
   */
  contentCheck: z.enum(['pending', 'refused']).optional(),
  /** with contentCheck: why others do not see the post, in Chinese, for its author */
  notice: z.string().optional(),
});
export type Post = z.infer<typeof Post>;

export const contentCheckNotice = {
  pending: '正在进行内容安全检查，通过后其他人才能看到',
  refused: '未通过内容审核，仅您自己可见',
} as const;

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
  'inspection-failed',
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
  'inspection-failed': '检查不合格',
};

/** What a worker may report by hand (an inspection's tasks are opened by the inspection). */
export const WorkerReportType = ReportType.exclude(['inspection-failed']);
export const NewReport = z.strictObject({ type: WorkerReportType, note: NoteText.optional(), clientRequestId: ClientRequestId });

/** Staff closing a report may say what was done. */
export const ResolveReport = z.strictObject({
  note: Text({ max: 200 }).optional(),
  /** an evidence upload (POST /evidence/uploads) showing what was done */
  photo: PhotoId.optional(),
});
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
  /**
   * where the report came from: a worker's report (absent, older ones), a supervisor's inspection (one
   * task per failed item) or two 门关着 taps in open hours (docs/station-network.md)
   */
  source: z.enum(['worker', 'inspection', 'live']).optional(),
  inspectionId: Id.optional(),
  item: InspectionItemKey.optional(),
  /** the inspection item's photos, and the photo staff added when resolving */
  photos: z.array(EvidencePhoto).optional(),
  resolutionPhotos: z.array(EvidencePhoto).optional(),
});
export type Report = z.infer<typeof Report>;
