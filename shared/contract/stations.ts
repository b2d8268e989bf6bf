import { z } from 'zod';
import { route } from './route';
import { Id, Instant, Opaque, hasControlCharacters } from '../schemas/common';
import { LiveSummary } from '../schemas/live';
import { NearbyQuery, NearbyResult, OpenState, Station, StationInput } from '../schemas/station';
import { NewPost, NewReport, Post, PostPage, Report, ReportStatus, ResolveReport } from '../schemas/feedback';
import { AddPhoto, NewPhotoUpload, PhotoId, PhotoUploadTicket, PhotoView, StationPhotos } from '../schemas/station-photo';

const StationParams = z.strictObject({ stationId: Id });
/** Where the previous page of a staff list ended (opaque, checked by the server). */
const Cursor = Opaque({ max: 2000, message: '翻页标记无效，请从第一页重新加载' });

/** A CSV a request (larger ones go through scripts/import-stations.ts, which sends chunks). */
export const MAX_STATION_CSV_BYTES = 64 * 1024;
/** An .xlsx file of at most 1 MB (sent as base64, a third larger) and at most this many rows. */
export const MAX_STATION_XLSX_BYTES = 1024 * 1024;
export const MAX_STATION_XLSX_ROWS = 500;

/** UTF-8 length (no TextEncoder: the schema also runs in the mini-program). */
function utf8Bytes(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** A CSV file's text: rows on lines, cells may hold tabs; any other control character is refused. */
const CsvText = z
  .string('请上传 CSV 文件')
  .min(1, '文件是空的')
  .refine((s) => utf8Bytes(s) <= MAX_STATION_CSV_BYTES, '文件超过 64 KB：请拆成几个文件，或用命令行导入')
  .refine((s) => !hasControlCharacters(s.replace(/[\t\r]/g, ''), true), '文件中有控制字符，请另存为 CSV（UTF-8）后再导入');

/** An .xlsx file as base64 (the server reads its first sheet). */
const XlsxBase64 = z
  .string('请上传 xlsx 文件')
  .min(1, '文件是空的')
  .max(Math.ceil((MAX_STATION_XLSX_BYTES * 4) / 3) + 4, '文件太大（上限 1 MB），请拆成几个文件')
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'xlsx 文件须以 base64 提交');

/** Exactly one file: { csv } or { xlsx }. */
const ImportBody = z
  .strictObject({ csv: CsvText.optional(), xlsx: XlsxBase64.optional(), dryRun: z.boolean().default(false) })
  .superRefine((body, ctx) => {
    if (body.csv === undefined && body.xlsx === undefined)
      ctx.addIssue({ code: 'custom', path: ['csv'], message: '请选择要导入的文件（CSV 或 xlsx）' });
    if (body.csv !== undefined && body.xlsx !== undefined)
      ctx.addIssue({ code: 'custom', path: ['xlsx'], message: '一次只能导入一个文件：CSV 和 xlsx 二选一' });
  });

export const StationDetail = z.object({
  station: Station,
  openState: OpenState,
  orgName: z.string(),
  /** uploaded photos first (short-lived signed links), then linked ones */
  gallery: z.array(PhotoView),
  /** today's visits and recent live reports */
  live: LiveSummary,
  /** the last inspection; unverified when neither staff (核实日期) nor an inspection confirmed it for 90 days */
  verification: z.object({ lastInspectedAt: Instant.optional(), lastScore: z.number().int().optional(), unverified: z.boolean() }),
  /** the viewer is one of its volunteer supervisors (the page offers 检查驿站) */
  supervising: z.boolean(),
});
export const ImportResult = z.object({
  dryRun: z.boolean(),
  created: z.number().int(),
  updated: z.number().int(),
  /** rows are numbered as in a spreadsheet: the header is row 1 */
  errors: z.array(z.object({ row: z.number().int(), field: z.string(), message: z.string() })),
});

export const stationRoutes = {
  findNearbyStations: route({
    method: 'GET',
    path: '/stations/nearby',
    summary: '附近的驿站：按真实距离排序，可按设施、营业中筛选',
    access: 'signed-in',
    query: NearbyQuery,
    responses: { 200: NearbyResult },
  }),
  getStation: route({
    method: 'GET',
    path: '/stations/{stationId}',
    summary: '驿站详情',
    access: 'signed-in',
    params: StationParams,
    responses: { 200: StationDetail },
  }),
  listStationPosts: route({
    method: 'GET',
    path: '/stations/{stationId}/posts',
    summary: '幸福碎碎念留言墙（最新在前）',
    access: 'signed-in',
    params: StationParams,
    query: z.strictObject({ cursor: Opaque({ max: 300, message: '翻页标记无效，请从第一页重新加载' }).optional() }),
    responses: { 200: PostPage },
  }),
  createStationPost: route({
    method: 'POST',
    path: '/stations/{stationId}/posts',
    summary: '在留言墙写一句话',
    access: 'signed-in',
    params: StationParams,
    body: NewPost,
    responses: { 201: Post },
  }),
  reportStationProblem: route({
    method: 'POST',
    path: '/stations/{stationId}/reports',
    summary: '反映驿站问题，进入所属工会的待办',
    access: 'signed-in',
    params: StationParams,
    body: NewReport,
    responses: { 201: Report },
  }),
};

export const staffStationRoutes = {
  listStaffStations: route({
    method: 'GET',
    path: '/staff/stations',
    summary: '本组织及下级的驿站，按名称，一页至多 50 个',
    access: ['staff', 'admin'],
    query: z.strictObject({ cursor: Cursor.optional() }),
    responses: { 200: z.object({ stations: z.array(Station), nextCursor: z.string().optional() }) },
  }),
  createStation: route({
    method: 'POST',
    path: '/staff/stations',
    summary: '新建驿站',
    access: ['staff', 'admin'],
    body: StationInput,
    responses: { 201: Station },
  }),
  updateStation: route({
    method: 'PUT',
    path: '/staff/stations/{stationId}',
    summary: '修改驿站（含暂停开放）',
    access: ['staff', 'admin'],
    params: StationParams,
    body: StationInput,
    responses: { 200: Station },
  }),
  importStations: route({
    method: 'POST',
    path: '/staff/stations/import',
    summary: 'CSV（至多 64 KB）或 xlsx（至多 1 MB、500 行，base64）批量导入驿站（按外部编号更新）',
    access: ['staff', 'admin'],
    body: ImportBody,
    maxBodyBytes: Math.ceil((MAX_STATION_XLSX_BYTES * 4) / 3) + 1024,
    responses: { 200: ImportResult },
  }),
  createPhotoUpload: route({
    method: 'POST',
    path: '/staff/stations/{stationId}/photos/uploads',
    summary: '申请上传一张驿站照片（直传对象存储，10 分钟内有效）',
    access: ['staff', 'admin'],
    params: StationParams,
    body: NewPhotoUpload,
    responses: { 201: PhotoUploadTicket },
  }),
  addStationPhoto: route({
    method: 'POST',
    path: '/staff/stations/{stationId}/photos',
    summary: '把上传好的照片加到驿站（检查格式和大小，生成缩略图；重试不会重复）',
    access: ['staff', 'admin'],
    params: StationParams,
    body: AddPhoto,
    responses: { 200: StationPhotos },
  }),
  removeStationPhoto: route({
    method: 'POST',
    path: '/staff/stations/{stationId}/photos/{photoId}/remove',
    summary: '删除一张驿站照片',
    access: ['staff', 'admin'],
    params: z.strictObject({ stationId: Id, photoId: PhotoId }),
    responses: { 200: StationPhotos },
  }),
  exportStations: route({
    method: 'GET',
    path: '/staff/stations/export',
    summary: 'CSV 导出本组织及下级的驿站，一次一段（至多 200 个）：第一段带表头，带 nextCursor 再取下一段接在后面',
    access: ['staff', 'admin'],
    query: z.strictObject({ cursor: Cursor.optional() }),
    responses: {
      200: z.object({ filename: z.string(), csv: z.string(), count: z.number().int(), nextCursor: z.string().optional() }),
    },
  }),
  listStaffReports: route({
    method: 'GET',
    path: '/staff/reports',
    summary: '驿站问题待办（本组织及下级）',
    access: ['staff', 'admin'],
    query: z.strictObject({ status: ReportStatus.default('open'), cursor: Cursor.optional() }),
    responses: { 200: z.object({ reports: z.array(Report), nextCursor: z.string().optional() }) },
  }),
  resolveReport: route({
    method: 'POST',
    path: '/staff/reports/{reportId}/resolve',
    summary: '标记问题已处理',
    access: ['staff', 'admin'],
    params: z.strictObject({ reportId: Id }),
    body: ResolveReport,
    responses: { 200: Report },
  }),
  hideStationPost: route({
    method: 'POST',
    path: '/staff/stations/{stationId}/posts/{postId}/hide',
    summary: '隐藏一条留言',
    access: ['staff', 'admin'],
    params: z.strictObject({ stationId: Id, postId: Id }),
    responses: { 200: Post },
  }),
};
