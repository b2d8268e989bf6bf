import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { recordAudit } from '../lib/audit';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getJoinCode, revokeJoinCode } from '../tables/join-codes';
import { codeView } from './join-code-access';

export const handler = defineHandler(contract.revokeJoinCode, async ({ params }, { principal }) => {
  const code = await getJoinCode(params.codeId);
  if (!code) throw notFound('找不到这个入会码');
  const org = await assertInScope(principal, code.orgId);
  const revoked = await revokeJoinCode(code.id);
  // revoking a revoked code again changes nothing: nothing new to record
  if (!code.revoked) {
    await recordAudit({
      principal,
      org,
      kind: 'joincode.revoke',
      object: { type: 'joinCode', id: code.id, label: code.event?.title ?? '长期入会码' },
      summary: `停用入会码「${code.event?.title ?? '长期入会码'}」`,
    });
  }
  return codeView(revoked, org.name);
});
