import type { Claim, ClaimSummary } from '@shared/schemas/claim';

/** A claim as GET /me/claims/{id} answers it: a draft of 重大疾病 with three slots, none photographed. */
export function claim(over: Partial<Claim> = {}): Claim {
  return {
    id: 'cl-1',
    activityId: 'plan-1',
    planTitle: '2026 年职工重大疾病互助保障',
    event: 'critical-illness',
    eventLabel: '重大疾病',
    eventDate: '2026-11-20',
    deadline: '2027-05-19',
    status: 'draft',
    version: 1,
    slots: [
      { item: 'diagnosis', label: '诊断证明', hint: '医院盖章的诊断证明书', required: true, maxPages: 5, pages: [] },
      { item: 'bank-card', label: '银行卡', hint: '本人银行卡正面，能看清卡号', required: true, maxPages: 1, pages: [] },
      { item: 'other', label: '其他材料', required: false, maxPages: 5, pages: [] },
    ],
    timeline: [{ at: '2026-11-30T02:00:00.000Z', status: 'draft', note: '开始申请' }],
    consentVersion: '2026-12-01',
    createdAt: '2026-11-30T02:00:00.000Z',
    ...over,
  };
}

/** A photographed page (its links last 10 minutes). */
export const page = (id: string) => ({ id, thumbUrl: `https://storage.test/${id}-thumb.jpg`, url: `https://storage.test/${id}.jpg` });

/** One line of 我的理赔. */
export function summary(over: Partial<ClaimSummary> = {}): ClaimSummary {
  return {
    id: 'cl-1',
    activityId: 'plan-1',
    planTitle: '2026 年职工重大疾病互助保障',
    eventLabel: '重大疾病',
    eventDate: '2026-11-20',
    status: 'submitted',
    createdAt: '2026-11-30T02:00:00.000Z',
    submittedAt: '2026-11-30T03:00:00.000Z',
    ...over,
  };
}
