import { contract } from '../../shared/contract';
import { maskName } from '../../shared/schemas/common';
import { recordAudit } from '../lib/audit';
import { conflict, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getOrg } from '../tables/orgs';
import { acceptTransfer, getTransfer } from '../tables/members';
import { getUser } from '../tables/users';
import { recordEvent } from '../tables/inbox';
import { transferAccepted } from '../messages/events';
import { transferView } from './transfer-view';

/** The receiving org's staff accept; the member's org changes in the same transaction. */
export const handler = defineHandler(contract.acceptTransfer, async ({ params }, { principal }) => {
  const transfer = await getTransfer(params.transferId);
  if (!transfer) throw notFound('找不到这条转移申请');
  const to = await assertInScope(principal, transfer.toOrgId);
  if (transfer.status !== 'pending') throw conflict('这条转移申请已经处理过了');
  const by = (await getUser(principal.userId))?.displayName ?? '工作人员';
  const accepted = await acceptTransfer(transfer, by, to.path);
  if (!accepted) throw conflict('会员的组织已变化，请刷新后重试');
  await recordEvent(transferAccepted(transfer, to.name, new Date(accepted.acceptedAt ?? Date.now())));
  const fromName = (await getOrg(transfer.fromOrgId))?.name ?? '';
  const name = maskName(transfer.name);
  await recordAudit({
    principal,
    org: to,
    kind: 'transfer.accept',
    object: { type: 'transfer', id: transfer.id, label: name },
    subjectId: transfer.userId,
    summary: `接收 ${name} 从${fromName || '原组织'}转入`,
  });
  return transferView(principal, accepted, fromName, to.name);
});
