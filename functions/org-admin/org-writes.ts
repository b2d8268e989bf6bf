import { randomBytes } from 'node:crypto';
import { childLevelOf } from '../../shared/schemas/org-admin';
import type { Org } from '../../shared/schemas/org';
import { conflict, DomainError } from '../lib/errors';
import { withConflictRetry } from '../lib/dynamo';
import { getOrg, orgIdsByCode, putOrg, putOrgUnderHintedParent, renameOrg } from '../tables/orgs';

export interface OrgFields {
  code: string;
  name: string;
  shortName: string;
}

export type WriteOutcome = 'created' | 'updated' | 'unchanged';

const newOrgId = () => `org-${randomBytes(6).toString('hex')}`;

/** The org holding `code`, if any (a marker GetItem through BatchGet, then the org). */
async function orgWithCode(code: string): Promise<Org | null> {
  const id = (await orgIdsByCode([code])).get(code);
  return id ? getOrg(id) : null;
}

/**
 * Creates an org under `parent`, unique by code through the code marker in the same transaction.
 * A retry (or a simultaneous twin) with the same code, parent and name gets the org that exists;
 * the same code on anything else is 409.
 */
export async function createOrgUnder(parent: Org, fields: OrgFields, { fromImport = false } = {}): Promise<Org> {
  const same = (org: Org) => org.parentId === parent.id && org.name === fields.name;
  // an import has just read the marker and set the parent's hint (see putOrg)
  const existing = fromImport ? null : await orgWithCode(fields.code);
  if (existing) {
    if (same(existing)) return existing;
    const message = `组织代码 ${fields.code} 已被“${existing.name}”使用`;
    throw new DomainError('conflict', message, { code: [message] }); // beside the form's 组织代码
  }
  const id = newOrgId();
  const org: Org = {
    id,
    code: fields.code,
    status: 'open',
    name: fields.name,
    shortName: fields.shortName,
    level: childLevelOf(parent),
    parentId: parent.id,
    path: [...parent.path, id],
  };
  try {
    await withConflictRetry(() => (fromImport ? putOrgUnderHintedParent(org) : putOrg(org)));
    return org;
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'conflict') throw error;
    const winner = await orgWithCode(fields.code); // a simultaneous create took the code first
    if (winner && same(winner)) return winner;
    throw error;
  }
}

/**
 * Import's upsert: the org with this code gets the row's names (its place in the tree is checked
 * before: an import never moves an org), or a new org is made under `parent` (whose hint the
 * import has set).
 */
export async function upsertByCode(parent: Org, fields: OrgFields, existing: Org | null): Promise<{ org: Org; outcome: WriteOutcome }> {
  if (!existing) return { org: await createOrgUnder(parent, fields, { fromImport: true }), outcome: 'created' };
  if (existing.name === fields.name && existing.shortName === fields.shortName) return { org: existing, outcome: 'unchanged' };
  const renamed = await renameOrg(existing.id, fields.name, fields.shortName);
  if (!renamed) throw conflict(`组织“${existing.name}”已关闭，不能更新`);
  return { org: renamed, outcome: 'updated' };
}
