import { contract } from '../../shared/contract';
import { recordAudit } from '../lib/audit';
import { beijingDate } from '../../shared/beijing-time';
import { MAX_EVENT_JOIN_CODES } from '../../shared/schemas/outreach';
import { DomainError } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { linkableEvent } from '../outreach/event-link';
import { newJoinToken } from '../lib/join-token';
import { assertInScope } from '../orgs/scope';
import { putJoinCode } from '../tables/join-codes';
import { codeView } from './join-code-access';

export const handler = defineHandler(contract.createJoinCode, async ({ body }, { principal, log }) => {
  const org = await assertInScope(principal, body.orgId);
  // a stall's code of an outreach event: the worker's screen shows the event, its joins count on it
  const linked = body.eventId ? await linkableEvent(principal, body.eventId) : null;
  const { codeId } = newJoinToken();
  const now = new Date();
  const code = {
    id: codeId,
    orgId: org.id,
    event: body.event ?? (linked ? { title: linked.name, date: beijingDate(linked.startsAt), place: linked.place } : undefined),
    ...(linked ? { eventId: linked.id } : {}),
    autoApprove: body.autoApprove,
    expiresAt: body.validDays ? new Date(now.getTime() + body.validDays * 86_400_000).toISOString() : undefined,
    revoked: false,
    createdAt: now.toISOString(),
    createdBy: principal.userId,
    scans: 0,
  };
  const put = await putJoinCode(code, org.path);
  if (put === 'event-full') {
    const message = `一场沟通会最多 ${MAX_EVENT_JOIN_CODES} 个入会码`;
    throw new DomainError('conflict', message, { eventId: [message] });
  }
  if (put === 'event-missing')
    throw new DomainError('not_found', '找不到这场沟通会，请重新选择', { eventId: ['找不到这场沟通会，请重新选择'] });
  log.info('join code created', { codeId, orgId: org.id });
  const title = code.event?.title ?? '长期入会码';
  await recordAudit({
    principal,
    org,
    kind: 'joincode.create',
    object: { type: 'joinCode', id: codeId, label: title },
    summary: `生成入会码「${title}」${body.autoApprove ? '（扫码即入会）' : ''}`,
  });
  return codeView(code, org.name);
});
