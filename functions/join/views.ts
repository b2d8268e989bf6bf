import { maskName, maskPhone } from '../../shared/schemas/common';
import { lastReturn, type Membership, type MemberSummary } from '../../shared/schemas/membership';
import type { Principal } from '../lib/auth/session-token';
import type { MemberRecord } from '../tables/members';

/** The member's own view: their full name and number are theirs to see. */
export function ownMembership(m: MemberRecord, orgName: string): Membership {
  return {
    memberNo: m.memberNo,
    name: m.name,
    mobile: m.mobile,
    employer: m.employer,
    occupation: m.occupation,
    newEmploymentForm: m.newEmploymentForm,
    gender: m.gender,
    orgId: m.orgId,
    orgName,
    status: m.status,
    rejectReason: m.rejectReason,
    joinedAt: m.joinedAt,
    codeId: m.codeId,
    cardRequest: m.cardRequest,
    history: m.history,
  };
}

/**
 * For staff: full name and phone only to staff acting for the member's own org (they call and
 * verify); anyone else above or beside it sees them masked.
 */
export function summaryFor(viewer: Principal, m: MemberRecord): MemberSummary {
  const full = viewer.actingOrgId === m.orgId;
  return {
    memberId: m.userId,
    memberNo: m.memberNo,
    name: full ? m.name : maskName(m.name),
    mobile: full ? m.mobile : maskPhone(m.mobile),
    employer: m.employer,
    occupation: m.occupation,
    orgId: m.orgId,
    status: m.status,
    joinedAt: m.joinedAt,
    cardRequest: m.cardRequest,
    eventTitle: m.eventTitle,
    // 上次退回: read from the history the record already holds (no other read)
    ...(m.resubmittedAt ? { resubmitted: true, lastReturnReason: lastReturn(m.history)?.reason } : {}),
  };
}
