import { contract } from '../../shared/contract';
import { conflict, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getMember, setStatus } from '../tables/members';
import { getUser } from '../tables/users';
import { summaryFor } from './views';

/** Approve or return a pending join, in one tap; only staff of the member's org or above. */
export const handler = defineHandler(contract.reviewMembership, async ({ params, body }, { principal }) => {
  const member = await getMember(params.memberId);
  if (!member) throw notFound('找不到这条入会申请');
  await assertInScope(principal, member.orgId);
  const by = (await getUser(principal.userId))?.displayName ?? '工作人员';
  const at = new Date().toISOString();
  const updated =
    body.decision === 'approve'
      ? await setStatus(member.userId, 'pending', 'active', { at, what: '审核通过，已入会', by })
      : await setStatus(member.userId, 'pending', 'rejected', { at, what: `已退回：${body.reason}`, by }, body.reason);
  const wanted = body.decision === 'approve' ? 'active' : 'rejected';
  if (!updated || updated.status !== wanted) throw conflict('这条申请已经审核过了');
  return summaryFor(principal, updated);
});
