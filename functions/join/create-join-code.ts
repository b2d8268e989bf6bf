import { contract } from '../../shared/contract';
import { recordAudit } from '../lib/audit';
import { defineHandler } from '../lib/http/handler';
import { newJoinToken } from '../lib/join-token';
import { assertInScope } from '../orgs/scope';
import { putJoinCode } from '../tables/join-codes';
import { codeView } from './join-code-access';

export const handler = defineHandler(contract.createJoinCode, async ({ body }, { principal, log }) => {
  const org = await assertInScope(principal, body.orgId);
  const { codeId } = newJoinToken();
  const now = new Date();
  const code = {
    id: codeId,
    orgId: org.id,
    event: body.event,
    autoApprove: body.autoApprove,
    expiresAt: body.validDays ? new Date(now.getTime() + body.validDays * 86_400_000).toISOString() : undefined,
    revoked: false,
    createdAt: now.toISOString(),
    createdBy: principal.userId,
    scans: 0,
  };
  await putJoinCode(code, org.path);
  log.info('join code created', { codeId, orgId: org.id });
  const title = body.event?.title ?? '长期入会码';
  await recordAudit({
    principal,
    org,
    kind: 'joincode.create',
    object: { type: 'joinCode', id: codeId, label: title },
    summary: `生成入会码「${title}」${body.autoApprove ? '（扫码即入会）' : ''}`,
  });
  return codeView(code, org.name);
});
