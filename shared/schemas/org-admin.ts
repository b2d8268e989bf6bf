import { z } from 'zod';
import { Id, Text } from './common';
import { Org, OrgCode, OrgLevel, orgLevelLabel, type Org as OrgType } from './org';

/**
 * Org administration (issue 10): create, rename, move, close, import a tree. Staff act within their
 * subtree; admins the same (an admin of 丰台 administers 丰台 and below).
 */

export const MAX_ORG_DEPTH = 4; // city 0 → district 1 → street 2 → community 3 → workplace 4

export const OrgName = Text({ min: 2, max: 60, minMessage: '请填写名称（至少 2 个字）' });
export const OrgShortName = Text({ min: 1, max: 20, minMessage: '请填写简称' });

/** The level a child of `parent` has: levels follow depth, everything below a street is grassroots. */
export function childLevelOf(parent: Pick<OrgType, 'path'>): OrgLevel {
  const depth = parent.path.length; // the child's depth
  return depth === 1 ? 'district' : depth === 2 ? 'street' : 'grassroots';
}

/** Whether an org of `level` may sit under `parent` (a move keeps the level; see docs/org-scale.md). */
export function levelFitsUnder(level: OrgLevel, parent: Pick<OrgType, 'path'>): boolean {
  return childLevelOf(parent) === level;
}

export const NewOrg = z.strictObject({
  parentId: Id,
  code: OrgCode,
  name: OrgName,
  shortName: OrgShortName,
});
export type NewOrg = z.infer<typeof NewOrg>;

/** Rename: the code is stable (the import's key) and cannot be changed here. */
export const OrgRename = z.strictObject({ name: OrgName, shortName: OrgShortName });
export type OrgRename = z.infer<typeof OrgRename>;

export const OrgMove = z.strictObject({ parentId: Id });
export type OrgMove = z.infer<typeof OrgMove>;

/**
 * A move rewrites the subtree's paths a page (≤ 100 orgs) per request; `done: false` means more
 * remain: send the same request again (the app repeats it and shows `moved`).
 */
export const MoveResult = z.object({ org: Org, done: z.boolean(), moved: z.number().int().nonnegative() });
export type MoveResult = z.infer<typeof MoveResult>;

export const OrgClose = z.strictObject({
  /** move the org's members and unfinished activities to its parent (a page per request) */
  moveTo: z.literal('parent', '只能移到上级工会').optional(),
});
export type OrgClose = z.infer<typeof OrgClose>;

/**
 * `closed: false` (only with moveTo) means a page of members/activities was moved and more remain:
 * send the same request again.
 */
export const CloseResult = z.object({
  org: Org,
  closed: z.boolean(),
  moved: z.object({ members: z.number().int().nonnegative(), activities: z.number().int().nonnegative() }),
});
export type CloseResult = z.infer<typeof CloseResult>;

// ---- import ------------------------------------------------------------------------------------

/** The import's columns, as the spreadsheet heads them. */
export const IMPORT_COLUMNS = { code: '组织代码', name: '名称', shortName: '简称', parentCode: '上级组织代码', level: '层级' } as const;

/** A file of at most 3 MB (base64 of an .xlsx grows by a third: the body stays under 4 MB, Lambda takes 6). */
export const MAX_IMPORT_FILE_BYTES = 3 * 1024 * 1024;
export const MAX_IMPORT_BODY_BYTES = 4 * 1024 * 1024 + 1024;
export const MAX_IMPORT_ROWS = 10_000;
/** Rows written per request: the app sends the checked rows in chunks of this many. */
export const IMPORT_CHUNK = 200;

/** A checked row, parents before children (what the dry run answers and the chunks send back). */
export const ImportRow = z.strictObject({
  row: z
    .number()
    .int()
    .min(2)
    .max(MAX_IMPORT_ROWS + 1),
  code: OrgCode,
  name: OrgName,
  shortName: OrgShortName,
  parentCode: OrgCode,
});
export type ImportRow = z.infer<typeof ImportRow>;

export const ImportFile = z.strictObject({
  format: z.enum(['csv', 'xlsx'], '文件格式只能是 csv 或 xlsx'),
  /** csv: the text; xlsx: base64 */
  content: z
    .string()
    .min(1, '文件是空的')
    .max(Math.ceil((MAX_IMPORT_FILE_BYTES * 4) / 3) + 4, '文件太大（上限 3 MB）'),
  dryRun: z.boolean().default(true),
});
export const ImportChunk = z.strictObject({
  format: z.literal('rows'),
  rows: z.array(ImportRow).min(1, '没有要导入的行').max(IMPORT_CHUNK, `每次最多 ${IMPORT_CHUNK} 行`),
  dryRun: z.literal(false).default(false),
});
export const ImportBody = z.discriminatedUnion('format', [ImportFile, ImportChunk], '请选择文件格式');
export type ImportBody = z.input<typeof ImportBody>;

export const ImportRowError = z.object({ row: z.number().int(), field: z.string(), message: z.string() });
export type ImportRowError = z.infer<typeof ImportRowError>;

export const ImportResult = z.object({
  dryRun: z.boolean(),
  /** rows in the file (or the chunk) */
  total: z.number().int().nonnegative(),
  created: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  errors: z.array(ImportRowError),
  /** the checked rows, parents first, when there are no errors and nothing was written yet */
  rows: z.array(ImportRow.strip()).optional(),
});
export type ImportResult = z.infer<typeof ImportResult>;

/** 层级 as written in a spreadsheet (Chinese or code). */
export const levelByLabel: Record<string, OrgLevel> = Object.fromEntries([
  ...Object.entries(orgLevelLabel).map(([code, label]) => [label, code as OrgLevel]),
  ...OrgLevel.options.map((l) => [l, l]),
  ['区总工会', 'district'],
  ['街道总工会', 'street'],
  ['乡镇总工会', 'street'],
  ['镇总工会', 'street'],
  ['功能区总工会', 'street'],
  ['社区联合工会', 'grassroots'],
  ['楼宇工会', 'grassroots'],
  ['企业工会', 'grassroots'],
]);
