import { contract } from '../../shared/contract';
import { IMPORT_CHUNK, type ImportResult } from '../../shared/schemas/org-admin';
import type { Org } from '../../shared/schemas/org';
import { DomainError } from '../lib/errors';
import { recordAudit } from '../lib/audit';
import { defineHandler } from '../lib/http/handler';
import { hintHasChildren } from '../tables/orgs';
import { actingOrgOf } from '../orgs/scope';
import { checkImport, type CheckedRow } from './org-import-check';
import { readImportFile } from './org-import-file';
import { upsertByCode, type WriteOutcome } from './org-writes';

const WRITES_AT_ONCE = 25;

/**
 * Imports an org tree. A file (csv text or xlsx base64, ≤ 3 MB, ≤ 10,000 rows) is checked whole:
 * the answer reports every bad row, and when there is none, the checked rows parents first. Any
 * error: nothing is written. A file of ≤ 200 rows may be written at once (dryRun false); larger
 * ones are written as the app sends the checked rows back, 200 a request (format "rows"), each
 * chunk checked again (its parents are in the chunk or already written). Rows are upserted by code,
 * so a chunk sent twice, or the file imported again, updates instead of duplicating.
 */
export const handler = defineHandler(contract.importOrgs, async ({ body }, { principal, log }) => {
  const acting = await actingOrgOf(principal);
  const parsed = body.format === 'rows' ? { rows: body.rows, errors: [] } : await readImportFile(body.format, body.content);
  const check = await checkImport(parsed.rows, acting);
  const errors = [...parsed.errors, ...check.errors].sort((a, b) => a.row - b.row);
  const counts = { created: 0, updated: 0, unchanged: 0 };
  for (const row of check.ordered) counts[outcomeOf(row)] += 1;
  const result: ImportResult = { dryRun: body.dryRun, total: parsed.rows.length, ...counts, errors };
  if (errors.length > 0 || body.dryRun) {
    log.info('org import checked', { rows: parsed.rows.length, errors: errors.length, format: body.format });
    return errors.length
      ? result
      : {
          ...result,
          rows: check.ordered.map(({ row, code, name, shortName, parentCode }) => ({ row, code, name, shortName, parentCode })),
        };
  }
  if (check.ordered.length > IMPORT_CHUNK) {
    throw new DomainError('bad_request', undefined, {
      dryRun: [`超过 ${IMPORT_CHUNK} 行的文件请先试导入，再按每批 ${IMPORT_CHUNK} 行导入`],
    });
  }
  const written = await writeRows(check.ordered, check.known);
  log.info('orgs imported', { rows: parsed.rows.length, ...written, format: body.format });
  await recordAudit({
    principal,
    org: acting,
    kind: 'org.import',
    object: { type: 'org-import', id: `${check.ordered[0]?.code ?? 'empty'}-${check.ordered.length}` },
    summary: `导入组织 ${check.ordered.length} 行：新建 ${written.created}，更新 ${written.updated}，未变 ${written.unchanged}`,
  });
  return { ...result, ...written };
});

function outcomeOf(row: CheckedRow): WriteOutcome {
  if (!row.existing) return 'created';
  return row.existing.name === row.name && row.existing.shortName === row.shortName ? 'unchanged' : 'updated';
}

/** Depth by depth (parents first), a few writes at a time; a parent new in the file is written before its children. */
async function writeRows(rows: CheckedRow[], known: Map<string, Org>) {
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const byCode = new Map(known);
  for (let i = 0; i < rows.length;) {
    const depth = rows[i]!.depth;
    let end = i;
    while (end < rows.length && rows[end]!.depth === depth && end - i < WRITES_AT_ONCE) end++;
    const batch = rows.slice(i, end);
    const parents = [...new Set(batch.map((row) => byCode.get(row.parentCode)!))];
    await hintHasChildren(parents.filter((p) => !p.hasChildren).map((p) => p.id));
    for (const p of parents) byCode.set(p.code, { ...p, hasChildren: true });
    await Promise.all(
      batch.map(async (row) => {
        const parent = byCode.get(row.parentCode)!;
        const { org, outcome } = await upsertByCode(parent, row, row.existing);
        byCode.set(row.code, org);
        counts[outcome] += 1;
      }),
    );
    i = end;
  }
  return counts;
}
