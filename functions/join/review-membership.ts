import { contract } from '../../shared/contract';
import { maskName } from '../../shared/schemas/common';
import { RETURNED_ENTRY } from '../../shared/schemas/membership';
import { recordAudit } from '../lib/audit';
import { conflict, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getMember, setStatus } from '../tables/members';
import { recordEvent } from '../tables/inbox';
import { joinReviewed } from '../messages/events';
import { getUser } from '../tables/users';
import { summaryFor } from './views';

/** Approve or return a pending join, in one tap; only staff of the member's org or above. The member is told (消息). */
export const handler = defineHandler(contract.reviewMembership, async ({ params, body }, { principal }) => {
  const member = await getMember(params.memberId);
  if (!member) throw notFound('找不到这条入会申请');
  const org = await assertInScope(principal, member.orgId);
  const by = (await getUser(principal.userId))?.displayName ?? '工作人员';
  const at = new Date().toISOString();
  const updated =
    body.decision === 'approve'
      ? await setStatus(member.userId, 'pending', 'active', org.path, { at, what: '审核通过，已入会', by })
      : await setStatus(member.userId, 'pending', 'rejected', org.path, { at, what: `${RETURNED_ENTRY}${body.reason}`, by }, body.reason);
  const wanted = body.decision === 'approve' ? 'active' : 'rejected';
  if (!updated || updated.status !== wanted) throw conflict('这条申请已经审核过了');
  // the member's 消息: keyed by the application, so a replayed review (which lands here again) adds none
  await recordEvent(
    joinReviewed({ ...member, orgName: org.name }, body.decision, body.decision === 'reject' ? body.reason : undefined, new Date(at)),
  );
  const name = maskName(member.name);
  await recordAudit({
    principal,
    org,
    kind: 'member.review',
    object: { type: 'member', id: member.userId, label: name },
    summary: body.decision === 'approve' ? `审核通过 ${name} 的入会申请` : `退回 ${name} 的入会申请`,
  });
  return summaryFor(principal, updated);
});
