import type { Org } from '../../shared/schemas/org';
import { maskName, maskPhone } from '../../shared/schemas/common';
import type { StaffClaim } from '../../shared/schemas/claim';
import type { Principal } from '../lib/auth/session-token';
import { recordAudit } from '../lib/audit';
import { forbidden } from '../lib/errors';
import { actingOrgOf } from '../orgs/scope';
import { claimView, type ClaimRecord } from '../tables/claims';
import { getMember } from '../tables/members';
import { getOrg } from '../tables/orgs';

export const NOT_OUR_CLAIM = '只能查看本组织及下级组织会员的理赔';
const ERASED = '已注销用户';

/**
 * Staff handle a claim when the org they act for is on the member's org path (the member's org or
 * above). Anyone else is refused with a 403, and the attempt is written to the audit log of the
 * member's org (the data's owner sees who tried; the entry names the acting org too).
 */
export async function assertHandles(principal: Principal, claim: ClaimRecord, tried: 'view' | 'review'): Promise<Org> {
  const org = await actingOrgOf(principal);
  if (claim.memberOrgPath.includes(org.id)) return org;
  await recordAudit({
    principal,
    org: { id: claim.memberOrgId, path: claim.memberOrgPath },
    kind: 'claim.view.refused',
    object: { type: 'claim', id: claim.id, label: `理赔 ${claim.id}` },
    summary: `${tried === 'view' ? '查看' : '审核'}其他组织会员的理赔 ${claim.id} 被拒绝（${org.name}）`,
    subjectId: claim.memberId,
  });
  throw forbidden(NOT_OUR_CLAIM);
}

/**
 * A `claim.view` audit line: who saw the claim's materials (the answer carried its photo links). Health
 * data stays out of the audit log: the line names the action, the member's masked name and the claim
 * id, never the event (女职工特殊疾病 …), notes or reasons.
 */
export async function auditClaimView(principal: Principal, claim: ClaimRecord, memberNameMasked: string): Promise<void> {
  await recordAudit({
    principal,
    org: { id: claim.memberOrgId, path: claim.memberOrgPath },
    kind: 'claim.view',
    object: { type: 'claim', id: claim.id, label: `${memberNameMasked} · 理赔 ${claim.id}` },
    summary: `查看 ${memberNameMasked} 的理赔材料（${claim.id}）`,
    subjectId: claim.memberId,
  });
}

/** The claim as the handling staff see it: the member's full name, member number, masked phone and org. */
export async function staffClaimView(claim: ClaimRecord): Promise<StaffClaim & { memberNameMasked: string }> {
  const [member, org, view] = await Promise.all([getMember(claim.memberId), getOrg(claim.memberOrgId), claimView(claim)]);
  const name = member?.name ?? ERASED;
  return {
    ...view,
    member: {
      name,
      memberNo: member?.memberNo ?? '—',
      phone: member?.mobile ? maskPhone(member.mobile) : '—',
      orgName: org?.name ?? '',
    },
    memberNameMasked: member ? maskName(name) : ERASED,
  };
}
