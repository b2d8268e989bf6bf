import { childLevelOf, IMPORT_COLUMNS, ImportRow, levelByLabel, MAX_ORG_DEPTH, type ImportRowError } from '../../shared/schemas/org-admin';
import { orgLevelLabel, type Org } from '../../shared/schemas/org';
import { getOrgs, isWithin, orgIdsByCode } from '../tables/orgs';
import type { RawRow } from './org-import-file';

/** A row that passed every check, with where it goes and the org that already holds its code. */
export interface CheckedRow extends ImportRow {
  depth: number;
  existing: Org | null;
}

export interface ImportCheck {
  errors: ImportRowError[];
  /** parents before children (by depth), only meaningful when there are no errors */
  ordered: CheckedRow[];
  /** orgs already in the table, by code: the rows' own and their parents outside the file */
  known: Map<string, Org>;
}

const heading = (field: string) => IMPORT_COLUMNS[field as keyof typeof IMPORT_COLUMNS] ?? field;

/**
 * Every check of an import before anything is written: each row's cells, duplicate codes, parents
 * (in the file, or in the table within the caller's subtree, open), loops in the parent codes,
 * depth (≤ 4 below the city), the 层级 column if given, and that a code already in the table is an
 * org of the caller's subtree under the same parent (an import never moves an org). The table is
 * read with BatchGets: ⌈codes / 100⌉ for the markers and as many for the orgs.
 */
export async function checkImport(input: RawRow[] | ImportRow[], acting: Org): Promise<ImportCheck> {
  const errors: ImportRowError[] = [];
  const fail = (row: number, field: string, message: string) => errors.push({ row, field: heading(field), message });

  // 1. cells
  const rows: (ImportRow & { level?: string })[] = [];
  for (const raw of input) {
    const candidate = 'cells' in raw ? { row: raw.row, ...raw.cells } : raw;
    const { level, ...fields } = candidate as ImportRow & { level?: string };
    const parsed = ImportRow.safeParse(fields);
    for (const issue of parsed.error?.issues ?? []) fail(candidate.row, String(issue.path[0] ?? '(整行)'), issue.message);
    if (level && !levelByLabel[level])
      fail(candidate.row, 'level', `不认识的层级“${level}”（可填：区总工会、街道总工会、社区联合工会、企业工会等）`);
    if (!parsed.success) continue;
    rows.push({ ...parsed.data, ...(level ? { level } : {}) });
  }

  // 2. duplicate codes
  const byCode = new Map<string, ImportRow & { level?: string }>();
  for (const row of rows) {
    const first = byCode.get(row.code);
    if (first) fail(row.row, 'code', `组织代码 ${row.code} 与第 ${first.row} 行重复`);
    else byCode.set(row.code, row);
  }

  // 3. what the table already holds: the rows' codes and the parents not in the file
  const outside = rows.map((r) => r.parentCode).filter((c) => !byCode.has(c));
  const idByCode = await orgIdsByCode([...byCode.keys(), ...outside]);
  const orgs = await getOrgs([...new Set(idByCode.values())]);
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const known = new Map<string, Org>();
  for (const [code, id] of idByCode) {
    const org = orgById.get(id);
    if (org) known.set(code, org);
  }

  // 4. parents, depth and loops, walking each row's chain of parent codes
  const depthOf = new Map<string, number | null>(); // null: the chain is broken (reported)
  const resolve = (start: ImportRow): number | null => {
    const chain: ImportRow[] = [];
    let at: ImportRow | undefined = start;
    let base: number | null = null;
    while (at && !depthOf.has(at.code)) {
      if (chain.includes(at)) {
        const loop = chain.slice(chain.indexOf(at));
        const said = [...loop, at].map((r) => r.code).join(' → ');
        for (const r of loop) {
          fail(r.row, 'parentCode', `上级组织代码形成循环：${said}`);
          depthOf.set(r.code, null);
        }
        break;
      }
      chain.push(at);
      const parentRow = byCode.get(at.parentCode);
      if (parentRow) {
        at = parentRow;
        continue;
      }
      base = parentDepth(at);
      at = undefined;
    }
    if (at && depthOf.has(at.code)) base = depthOf.get(at.code) ?? null;
    // give depths back down the chain (or null when its top is broken)
    for (const r of chain.reverse()) {
      if (depthOf.has(r.code)) {
        base = depthOf.get(r.code) ?? null;
        continue;
      }
      base = base === null ? null : base + 1;
      depthOf.set(r.code, base);
    }
    return depthOf.get(start.code) ?? null;
  };
  const parentDepth = (row: ImportRow): number | null => {
    const parent = known.get(row.parentCode);
    if (!parent) fail(row.row, 'parentCode', `上级组织代码 ${row.parentCode} 找不到（文件里和系统里都没有）`);
    else if (!isWithin(parent, acting.id)) fail(row.row, 'parentCode', `上级组织“${parent.name}”不在您的管理范围内`);
    else if (parent.status !== 'open') fail(row.row, 'parentCode', `上级组织“${parent.name}”已关闭`);
    else return parent.path.length - 1;
    return null;
  };

  const ordered: CheckedRow[] = [];
  for (const row of byCode.values()) {
    const depth = resolve(row);
    const existing = known.get(row.code) ?? null;
    if (existing && !isWithin(existing, acting.id)) fail(row.row, 'code', `组织代码 ${row.code} 已被您管理范围外的组织使用`);
    if (depth === null) continue;
    if (depth > MAX_ORG_DEPTH) {
      fail(row.row, 'parentCode', '层级太深：组织最多 5 级（市、区、街道、社区、基层）');
      continue;
    }
    const level = childLevelOf({ path: Array.from({ length: depth }, () => '') });
    if (row.level && levelByLabel[row.level] && levelByLabel[row.level] !== level) {
      fail(row.row, 'level', `按上级组织，这一行的层级应为“${orgLevelLabel[level]}”`);
    }
    if (existing && isWithin(existing, acting.id)) {
      // the parent as it stands in the table (a parent new in the file has no id yet: not the same)
      if (existing.parentId !== known.get(row.parentCode)?.id) {
        fail(row.row, 'parentCode', `“${existing.name}”已在别的上级组织之下：导入不会移动组织，请在组织管理里移动`);
      }
    }
    const { level: _level, ...clean } = row;
    ordered.push({ ...clean, depth, existing });
  }
  ordered.sort((a, b) => a.depth - b.depth || a.row - b.row);
  errors.sort((a, b) => a.row - b.row);
  return { errors, ordered, known };
}
