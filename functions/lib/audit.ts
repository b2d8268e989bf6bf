import { randomUUID } from 'node:crypto';
import type { AuditEntry, AuditKind } from '../../shared/schemas/audit';
import type { Principal } from './auth/session-token';
import { createLogger } from './log';
import { putAuditEntry } from '../tables/audit';

export interface AuditInput {
  principal: Principal;
  /** the org the object belongs to: the entry is listed for it and every ancestor */
  org: { id: string; path: readonly string[] };
  kind: AuditKind;
  object: { type: string; id: string; label?: string };
  /** one line in Chinese; mask names and phones before passing them (maskName / maskPhone) */
  summary: string;
  /** the userId of the member the entry is about, when the object's id does not say it (a transfer) */
  subjectId?: string;
  now?: Date;
}

/** Whose entry it is about: erased with them when they 注销 (functions/account/erasure.ts). */
function subjectOf(input: AuditInput): string | undefined {
  if (input.subjectId) return input.subjectId;
  const { type, id } = input.object;
  if (type === 'member' || type === 'user') return id;
  if (type === 'signup') return id.split('/')[1];
  return undefined;
}

const log = createLogger({ component: 'audit' });

/**
 * Records one staff write, after the write succeeded. A failure to record is logged and does not
 * fail the request: the worker standing at the desk must not be turned away by the log.
 */
export async function recordAudit(input: AuditInput): Promise<void> {
  const entry: AuditEntry = {
    id: `au-${randomUUID()}`,
    at: (input.now ?? new Date()).toISOString(),
    kind: input.kind,
    actorId: input.principal.userId,
    actorRole: input.principal.role,
    actingOrgId: input.principal.actingOrgId,
    orgId: input.org.id,
    objectType: input.object.type,
    objectId: input.object.id.slice(0, 128),
    objectLabel: input.object.label?.slice(0, 120),
    summary: input.summary.slice(0, 300),
  };
  try {
    await putAuditEntry(entry, input.org.path, subjectOf(input));
  } catch (error) {
    log.error('audit entry not written', { kind: entry.kind, objectType: entry.objectType, auditId: entry.id, error: String(error) });
  }
}
