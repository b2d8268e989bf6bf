import { contract } from '../../shared/contract';
import { isWithin, getOrg, orgIdsByCode } from '../tables/orgs';
import { OrgCode } from '../../shared/schemas/org';
import { recordAudit } from '../lib/audit';
import { defineHandler } from '../lib/http/handler';
import { actingOrgOf } from '../orgs/scope';
import { createStations, getStation, getStationsByIds, newStation, stationIdFor, updateStationFields } from '../tables/stations';
import type { Station, StationInput } from '../../shared/schemas/station';
import { DomainError } from '../lib/errors';
import { readFirstSheet } from '../lib/spreadsheet';
import { MAX_STATION_XLSX_BYTES, MAX_STATION_XLSX_ROWS } from '../../shared/contract/stations';
import { parseCsv, parseSheet, rowToInput, type ImportRow, type RowError } from './station-csv';

/** The rows of the CSV or of the .xlsx's first sheet (at most 1 MB and 500 rows: a bounded request). */
async function readRows(body: { csv?: string; xlsx?: string }): Promise<{ rows: ImportRow[]; errors: RowError[] }> {
  if (body.csv !== undefined) return parseCsv(body.csv);
  const sheet = await readFirstSheet(body.xlsx!, { field: 'xlsx', maxBytes: MAX_STATION_XLSX_BYTES, maxRows: MAX_STATION_XLSX_ROWS + 2 });
  const read = parseSheet(sheet);
  if (read.rows.length > MAX_STATION_XLSX_ROWS) {
    throw new DomainError('bad_request', undefined, {
      xlsx: [`一次最多导入 ${MAX_STATION_XLSX_ROWS} 行，请拆成几个文件，或另存为 CSV 用命令行导入`],
    });
  }
  return read;
}

/**
 * The orgs the file names by 所属组织代码: each distinct well-formed code looked up once, by its code
 * marker (BatchGet, 100 a request; the file is at most 64 KB or 500 rows, so the requests are few).
 */
async function orgIdsOfCodes(rows: ImportRow[]): Promise<Map<string, string>> {
  const codes = new Set(rows.map((r) => r.cells.orgCode?.trim() ?? '').filter((code) => OrgCode.safeParse(code).success));
  return codes.size ? orgIdsByCode([...codes]) : new Map();
}

/**
 * Updates an imported station that exists (its uploaded photos kept). A station staff moved to
 * another org since is moved back to the file's org, its count with it; one changed meanwhile is
 * read again.
 */
async function updateImported(input: StationInput, id: string, read: Station | undefined, path: readonly string[], now: Date) {
  let existing = read ?? (await getStation(id));
  for (let attempt = 0; existing && attempt < 5; attempt++) {
    const wasPath = existing.orgId === input.orgId ? path : ((await getOrg(existing.orgId))?.path ?? [existing.orgId]);
    const station = { ...newStation(input, id, now, existing.demo), photoIds: existing.photoIds };
    if ((await updateStationFields(station, path, { orgId: existing.orgId, path: wasPath })) !== 'changed') return;
    existing = await getStation(id);
  }
  if (existing) throw new Error(`station ${id} kept changing`);
}

/**
 * Imports a CSV (at most 64 KB a request; scripts/import-stations.ts sends large files in chunks)
 * or an .xlsx (base64, its first sheet, same columns). Valid rows are written, invalid ones
 * reported by row and field. A row's external id fixes its station id, so importing the same file
 * again updates instead of duplicating.
 */
export const handler = defineHandler(contract.importStations, async ({ body }, { principal, log }) => {
  const actingOrg = await actingOrgOf(principal);
  const { rows, errors } = await readRows(body);
  // each org's path if it is in scope (its stations are listed for it and above), else null
  const orgAllowed = new Map<string, string[] | null>();
  const orgIdByCode = await orgIdsOfCodes(rows);
  const valid: { input: NonNullable<ReturnType<typeof rowToInput>['input']>; row: number }[] = [];
  for (const { row: rowNumber, cells: row } of rows) {
    const result = rowToInput(row, rowNumber, orgIdByCode);
    if (!result.input) {
      errors.push(...result.errors);
      continue;
    }
    const orgId = result.input.orgId;
    if (!orgAllowed.has(orgId)) {
      const org = await getOrg(orgId);
      orgAllowed.set(orgId, org && isWithin(org, actingOrg.id) ? org.path : null);
    }
    if (!orgAllowed.get(orgId)) {
      const code = row.orgCode?.trim();
      errors.push(
        code
          ? { row: rowNumber, field: 'orgCode', message: `组织代码“${code}”的组织不在您的管理范围内` }
          : { row: rowNumber, field: 'orgId', message: `组织“${orgId}”不存在或不在您的管理范围内` },
      );
    } else valid.push({ input: result.input, row: rowNumber });
  }

  // one write per station id (a file naming an external id twice: its last row)
  const byId = new Map(valid.map(({ input }) => [stationIdFor(input.orgId, input.externalId), input]));
  let created = 0;
  let updated = 0;
  const now = new Date();
  const pathOf = (orgId: string) => orgAllowed.get(orgId) ?? [orgId];
  const ids = [...byId.keys()];
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    const existing = await getStationsByIds(chunk);
    const fresh = chunk.filter((id) => !existing.has(id));
    created += fresh.length;
    updated += chunk.length - fresh.length;
    if (body.dryRun) continue;
    // new stations: in transactions of ≤ 25, each counted on its org path; an id made meanwhile is updated
    const { taken } = await createStations(
      fresh.map((id) => newStation(byId.get(id)!, id, now)),
      pathOf,
    );
    created -= taken.length;
    updated += taken.length;
    const toUpdate = [...chunk.filter((id) => existing.has(id)), ...taken];
    for (let j = 0; j < toUpdate.length; j += 25) {
      await Promise.all(
        toUpdate.slice(j, j + 25).map((id) => updateImported(byId.get(id)!, id, existing.get(id), pathOf(byId.get(id)!.orgId), now)),
      );
    }
  }
  log.info('stations imported', {
    format: body.xlsx === undefined ? 'csv' : 'xlsx',
    rows: rows.length,
    created,
    updated,
    errors: errors.length,
    dryRun: body.dryRun,
  });
  // one entry per imported chunk that wrote something; a trial run writes nothing
  if (!body.dryRun && created + updated > 0) {
    await recordAudit({
      principal,
      org: actingOrg,
      kind: 'station.import',
      object: { type: 'stationImport', id: actingOrg.id, label: `${created + updated} 个驿站` },
      summary: `导入驿站：新建 ${created} 个，更新 ${updated} 个${errors.length ? `，${errors.length} 行有误未导入` : ''}`,
    });
  }
  return { dryRun: body.dryRun, created, updated, errors: errors.sort((a: RowError, b: RowError) => a.row - b.row) };
});
