import { z } from 'zod';
import { ClientRequestId, Id, Instant, Text } from './common';
import { PhotoContentType, PhotoId, MAX_PHOTO_BYTES, PHOTO_TOO_LARGE } from './station-photo';

/**
 * Mutual-aid claims (互助保障理赔, issue 15, docs/claims-and-draws.md): a plan is an activity of
 * category `plan`; a member covered by it (a confirmed sign-up) files a claim, photographs each
 * material into its slot, and staff of the member's org review it to the payout.
 */

/** A calendar day in Beijing, as people say it: 2026-11-30. */
export const Day = z.iso.date('日期格式不正确');

const Code = (message: string) => z.string(message).regex(/^[a-z0-9][a-z0-9-]{1,31}$/, message);

export const MAX_CLAIM_EVENTS = 8;
export const MAX_CLAIM_ITEMS = 12;
export const MAX_PAGES_PER_ITEM = 10;

/**
 * Two rows with the same name (two 病历 slots in one event, two 住院 events) would leave the member
 * guessing which to use: each later repeat is refused beside its own name (`<index>.label`).
 */
function repeatedLabels(rows: { label: string }[], ctx: z.RefinementCtx, message: string) {
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const label = typeof row.label === 'string' ? row.label.trim() : '';
    if (!label) return;
    if (seen.has(label)) ctx.addIssue({ code: 'custom', message, path: [i, 'label'] });
    seen.add(label);
  });
}

/** One material of the checklist (诊断证明, 住院发票 …), photographed page by page. */
export const ClaimItemRule = z.strictObject({
  code: Code('材料编号只能用小写字母、数字和连字符'),
  label: Text({ min: 2, minMessage: '请填写材料名称', max: 20 }),
  /** what exactly to bring, shown under the slot: 「医院盖章的原件，每页都拍」 */
  hint: Text({ max: 60 }).optional(),
  required: z.boolean().default(true),
  maxPages: z
    .number('请填写最多几页')
    .int('页数须为整数')
    .min(1, '至少 1 页')
    .max(MAX_PAGES_PER_ITEM, `最多 ${MAX_PAGES_PER_ITEM} 页`)
    .default(5),
});
export type ClaimItemRule = z.infer<typeof ClaimItemRule>;

/** An event the plan pays for (重大疾病, 意外伤害 …) and what to bring for it. */
export const ClaimEventRule = z.strictObject({
  code: Code('事项编号只能用小写字母、数字和连字符'),
  label: Text({ min: 2, minMessage: '请填写理赔事项', max: 20 }),
  items: z
    .array(ClaimItemRule)
    .min(1, '每个理赔事项至少要一项材料')
    .max(MAX_CLAIM_ITEMS, `每个理赔事项最多 ${MAX_CLAIM_ITEMS} 项材料`)
    .refine((items) => new Set(items.map((i) => i.code)).size === items.length, '材料编号不能重复')
    .superRefine((items, ctx) => repeatedLabels(items, ctx, '材料名称不能重复')),
});
export type ClaimEventRule = z.infer<typeof ClaimEventRule>;

/** A plan's claim rules, as staff of its org edit them (PUT /staff/activities/{id}/claim-rules). */
export const ClaimRules = z.strictObject({
  events: z
    .array(ClaimEventRule)
    .min(1, '至少要一个理赔事项')
    .max(MAX_CLAIM_EVENTS, `最多 ${MAX_CLAIM_EVENTS} 个理赔事项`)
    .refine((events) => new Set(events.map((e) => e.code)).size === events.length, '理赔事项编号不能重复')
    .superRefine((events, ctx) => repeatedLabels(events, ctx, '理赔事项名称不能重复')),
  /** a claim is filed within this many days of the event */
  deadlineDays: z.number('请填写申请期限').int('天数须为整数').min(1, '申请期限至少 1 天').max(730, '申请期限最长 730 天').default(180),
});
export type ClaimRules = z.infer<typeof ClaimRules>;

/** Where staff start: the checklists the articles name (they edit it before saving). */
export const CLAIM_RULES_TEMPLATE: z.input<typeof ClaimRules> = {
  deadlineDays: 180,
  events: [
    {
      code: 'critical-illness',
      label: '重大疾病',
      items: [
        { code: 'diagnosis', label: '诊断证明', hint: '医院盖章的诊断证明书' },
        { code: 'records', label: '病历', hint: '门诊或住院病历，每页都拍', maxPages: 10 },
        { code: 'invoice', label: '住院发票', hint: '发票原件与费用清单', maxPages: 10 },
        { code: 'id-card', label: '身份证明', hint: '身份证正反面', maxPages: 2 },
        { code: 'bank-card', label: '银行卡', hint: '本人银行卡正面，能看清卡号', maxPages: 1 },
      ],
    },
    {
      code: 'accident',
      label: '意外伤害',
      items: [
        { code: 'accident-proof', label: '事故证明', hint: '交警、单位或派出所出具' },
        { code: 'diagnosis', label: '诊断证明', hint: '医院盖章的诊断证明书' },
        { code: 'invoice', label: '医疗发票', hint: '发票原件与费用清单', maxPages: 10 },
        { code: 'id-card', label: '身份证明', hint: '身份证正反面', maxPages: 2 },
        { code: 'bank-card', label: '银行卡', hint: '本人银行卡正面，能看清卡号', maxPages: 1 },
      ],
    },
    {
      code: 'women-illness',
      label: '女职工特殊疾病',
      items: [
        { code: 'diagnosis', label: '诊断证明', hint: '医院盖章的诊断证明书' },
        { code: 'pathology', label: '病理报告', maxPages: 5 },
        { code: 'id-card', label: '身份证明', hint: '身份证正反面', maxPages: 2 },
        { code: 'bank-card', label: '银行卡', hint: '本人银行卡正面，能看清卡号', maxPages: 1 },
      ],
    },
    {
      code: 'hospital',
      label: '住院医疗',
      items: [
        { code: 'discharge', label: '出院小结', maxPages: 5 },
        { code: 'invoice', label: '住院发票', hint: '发票原件与费用清单', maxPages: 10 },
        { code: 'id-card', label: '身份证明', hint: '身份证正反面', maxPages: 2 },
        { code: 'bank-card', label: '银行卡', hint: '本人银行卡正面，能看清卡号', maxPages: 1 },
      ],
    },
  ],
};

/**
 * The separate consent for health data (PIPL art. 29: sensitive personal information needs its own
 * consent). A new text gets a new version; the claim records the version the member agreed to.
 */
export const CLAIM_CONSENT_VERSION = '2026-12-01';
export const CLAIM_PHOTO_RETENTION_YEARS = 3;
export const CLAIM_RECORD_RETENTION_YEARS = 5;
export const CLAIM_CONSENT_TEXT = [
  '理赔需要您提供诊断证明、病历、发票等材料，其中的健康信息属于敏感个人信息。',
  '这些材料只用于本次互助保障理赔：只有您本人和负责审核的工会工作人员能看到，每次查看都会记录；照片只通过 10 分钟内有效的链接显示，不会用于其他用途，也不会发给微信做内容检查。',
  `理赔结束（已赔付或未通过）后，照片保存 ${CLAIM_PHOTO_RETENTION_YEARS} 年以备互助保障审计，然后删除；理赔记录（不含病情）保存 ${CLAIM_RECORD_RETENTION_YEARS} 年。`,
  '您可以不同意，但那样无法在线申请理赔，可到所在工会线下办理。',
];

export const ClaimStatus = z.enum(['draft', 'submitted', 'needs-more', 'approved', 'forwarded', 'paid', 'rejected']);
export type ClaimStatus = z.infer<typeof ClaimStatus>;
export const claimStatusLabel: Record<ClaimStatus, string> = {
  draft: '填写中',
  submitted: '待审核',
  'needs-more': '待补充材料',
  approved: '已核准',
  forwarded: '已报送市总',
  paid: '已赔付',
  rejected: '未通过',
};
export const OPEN_CLAIM_STATUSES: readonly ClaimStatus[] = ['submitted', 'needs-more', 'approved', 'forwarded'];

export const StartClaim = z.strictObject({
  activityId: Id,
  event: Code('请选择理赔事项'),
  /** the day of the diagnosis, accident or admission (Beijing) */
  eventDate: Day,
  /** the member ticked the health-data consent (its version, so a newer text asks again) */
  consentVersion: z.literal(CLAIM_CONSENT_VERSION, '请先阅读并同意健康信息的使用说明'),
  clientRequestId: ClientRequestId,
});
export type StartClaim = z.infer<typeof StartClaim>;

export const NewClaimUpload = z.strictObject({
  item: Code('材料项目不正确'),
  contentType: PhotoContentType,
  size: z.number('请提供照片大小').int('照片大小须为整数字节').min(1, '照片是空的').max(MAX_PHOTO_BYTES, PHOTO_TOO_LARGE),
});
export const AddClaimPage = z.strictObject({ item: Code('材料项目不正确'), uploadId: PhotoId });

/** Each change names the version the person saw: a double tap answers the same, a stale view 409s. */
const Version = z.number('缺少版本号').int().min(1);
export const SubmitClaim = z.strictObject({ version: Version });

const Fen = (message: string) => z.number(message).int('金额须精确到分').min(1, '金额须大于 0').max(100_000_000, '金额不能超过 100 万元');
const Note = (min: number, minMessage: string) => Text({ min, minMessage, max: 200 });

export const ReviewClaim = z.discriminatedUnion(
  'action',
  [
    z.strictObject({
      action: z.literal('request-items'),
      version: Version,
      /** what is missing or unreadable, a note each: the member sees it under the slot */
      items: z
        .array(z.strictObject({ item: Code('材料项目不正确'), note: Note(2, '请写明需要补充什么') }))
        .min(1, '请选择需要补充的材料')
        .max(MAX_CLAIM_ITEMS),
    }),
    z.strictObject({
      action: z.literal('approve'),
      version: Version,
      amountFen: Fen('请填写核准金额'),
      note: Text({ max: 200 }).optional(),
    }),
    z.strictObject({ action: z.literal('forward'), version: Version, reference: Text({ min: 2, minMessage: '请填写报送编号', max: 40 }) }),
    z.strictObject({ action: z.literal('paid'), version: Version, paidFen: Fen('请填写赔付金额'), paidOn: Day }),
    z.strictObject({ action: z.literal('reject'), version: Version, reason: Note(2, '请写明不予赔付的原因') }),
  ],
  { error: '请选择审核操作' },
);
export type ReviewClaim = z.infer<typeof ReviewClaim>;

export const ClaimPage = z.object({ id: z.string(), thumbUrl: z.string(), url: z.string() });

export const ClaimSlot = z.object({
  item: z.string(),
  label: z.string(),
  hint: z.string().optional(),
  required: z.boolean(),
  maxPages: z.number().int(),
  /** photos by 10-minute links (absent once the retention period deleted them) */
  pages: z.array(ClaimPage),
  /** staff asked for this item again, with why */
  requested: z.object({ note: z.string(), at: Instant }).optional(),
});

export const ClaimStep = z.object({
  at: Instant,
  status: ClaimStatus,
  /** what happened, in Chinese: 「需补充：住院发票（第 2 页看不清）」, 「核准 ¥3,000.00」 */
  note: z.string().optional(),
  /** staff, masked: 张*任 (the member's own steps have none) */
  by: z.string().optional(),
});

export const Claim = z.object({
  id: Id,
  activityId: Id,
  planTitle: z.string(),
  event: z.string(),
  eventLabel: z.string(),
  eventDate: Day,
  /** the last day a claim for this event could be filed */
  deadline: Day,
  status: ClaimStatus,
  version: z.number().int(),
  slots: z.array(ClaimSlot),
  timeline: z.array(ClaimStep),
  amountFen: z.number().int().optional(),
  paidFen: z.number().int().optional(),
  paidOn: Day.optional(),
  reference: z.string().optional(),
  rejectReason: z.string().optional(),
  consentVersion: z.string(),
  createdAt: Instant,
  submittedAt: Instant.optional(),
  /** the photos were deleted at the end of the retention period */
  photosDeleted: z.boolean().optional(),
});
export type Claim = z.infer<typeof Claim>;

/** The claim as the handling staff see it: who filed it (phone masked). */
export const StaffClaim = Claim.extend({
  member: z.object({ name: z.string(), memberNo: z.string(), phone: z.string(), orgName: z.string() }),
});
export type StaffClaim = z.infer<typeof StaffClaim>;

export const ClaimSummary = z.object({
  id: Id,
  activityId: Id,
  planTitle: z.string(),
  eventLabel: z.string(),
  eventDate: Day,
  status: ClaimStatus,
  createdAt: Instant,
  submittedAt: Instant.optional(),
  amountFen: z.number().int().optional(),
  paidFen: z.number().int().optional(),
  /** staff lists only: the member's masked name and org */
  memberName: z.string().optional(),
  orgName: z.string().optional(),
});
export type ClaimSummary = z.infer<typeof ClaimSummary>;
export const ClaimList = z.object({ claims: z.array(ClaimSummary), nextCursor: z.string().optional() });

/** The rules as stored and sent back (answers strip, they do not refuse: the contract test checks it). */
export const ClaimRulesView = z.object({
  deadlineDays: z.number().int(),
  events: z.array(
    z.object({
      code: z.string(),
      label: z.string(),
      items: z.array(
        z.object({ code: z.string(), label: z.string(), hint: z.string().optional(), required: z.boolean(), maxPages: z.number().int() }),
      ),
    }),
  ),
});
export type ClaimRulesView = z.infer<typeof ClaimRulesView>;

/** What a member sees before starting: the plan's events and checklists, and whether they may claim. */
export const ClaimStart = z.object({
  activityId: Id,
  planTitle: z.string(),
  rules: ClaimRulesView,
  /** covered by the plan (a confirmed sign-up); if not, why in Chinese */
  eligible: z.boolean(),
  whyNot: z.string().optional(),
  /** the Beijing day the plan starts: no claim for an event before it */
  planStartsOn: Day.optional(),
  /** covered members: the Beijing day they enrolled (signed up): no claim for an event before it */
  enrolledOn: Day.optional(),
  consentVersion: z.string(),
  consentText: z.array(z.string()),
});
export type ClaimStart = z.infer<typeof ClaimStart>;

/** The period report's claim figures (OrgReport.claims). */
export const ClaimFigures = z.object({
  submitted: z.number().int(),
  /** distinct members who filed in the period (per month, summed over the months) */
  people: z.number().int(),
  approved: z.number().int(),
  approvedFen: z.number().int(),
  paid: z.number().int(),
  paidFen: z.number().int(),
});
export type ClaimFigures = z.infer<typeof ClaimFigures>;
