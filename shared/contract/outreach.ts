import { z } from 'zod';
import { route } from './route';
import { Id, Opaque } from '../schemas/common';
import { EventEdit, NewEvent, OutreachEvent } from '../schemas/outreach';
import { DeviceId, EventFigures, Lease, LeaseRequest, LeaseReturn, StallSync, StallSyncReply } from '../schemas/stall';
import { OrgReport, ReportExport, ReportQuery } from '../schemas/figures';

const EventParams = z.strictObject({ eventId: Id });
/** A page's `nextCursor`, sent back for the next page (functions/lib/scope-keys.ts checks it belongs to the list). */
const Cursor = Opaque({ max: 1500, message: '翻页标记无效，请从第一页重新加载' });

/** Outreach events (沟通会), issue 12: docs/outreach.md. */
export const staffOutreachRoutes = {
  createEvent: route({
    method: 'POST',
    path: '/staff/events',
    summary: '新建沟通会（重试不会重复创建）',
    access: ['staff', 'admin'],
    body: NewEvent,
    // created: false when this request id already made the event (a retry): it is shown as it is
    responses: { 201: z.object({ event: OutreachEvent, created: z.boolean() }) },
  }),
  updateEvent: route({
    method: 'PUT',
    path: '/staff/events/{eventId}',
    summary: '修改沟通会（类型、名称、地点、时间、服务、值班人员、状态）',
    access: ['staff', 'admin'],
    params: EventParams,
    body: EventEdit,
    responses: { 200: OutreachEvent },
  }),
  listEvents: route({
    method: 'GET',
    path: '/staff/events',
    summary: '本组织及下级的沟通会（最近的在前，每页 20 场）',
    access: ['staff', 'admin'],
    query: z.strictObject({ cursor: Cursor.optional() }),
    responses: { 200: z.object({ events: z.array(OutreachEvent), nextCursor: z.string().optional() }) },
  }),
  getEvent: route({
    method: 'GET',
    path: '/staff/events/{eventId}',
    summary: '沟通会详情',
    access: ['staff', 'admin'],
    params: EventParams,
    responses: { 200: OutreachEvent },
  }),
  eventFigures: route({
    method: 'GET',
    path: '/staff/events/{eventId}/figures',
    summary: '沟通会实时数据：各服务名额与人数、咨询/宣传册/互助服务卡计数、签到、每小时入会（带 deviceId 时附本机预留名额）',
    access: ['staff', 'admin'],
    params: EventParams,
    query: z.strictObject({ deviceId: DeviceId.optional() }),
    responses: { 200: EventFigures },
  }),
  stallSync: route({
    method: 'POST',
    path: '/staff/stall/sync',
    summary: '摊位模式同步：一次至多 100 条离线操作（报名、签到、计数），逐条答复；重复上传不会重复计数',
    access: ['staff', 'admin'],
    body: StallSync,
    responses: { 200: StallSyncReply },
  }),
  takeLease: route({
    method: 'POST',
    path: '/staff/stall/lease',
    summary: '为本机预留某项服务的名额（离线时可发放，不会超出总名额）；已有预留时补足到所求数量',
    access: ['staff', 'admin'],
    body: LeaseRequest,
    responses: { 200: Lease },
  }),
  returnLease: route({
    method: 'POST',
    path: '/staff/stall/lease/return',
    summary: '归还本机未用完的预留名额',
    access: ['staff', 'admin'],
    body: LeaseReturn,
    responses: { 200: z.object({ returned: z.number().int() }) },
  }),
  orgReport: route({
    method: 'GET',
    path: '/staff/figures',
    summary: '组织统计报表（含全部下级）：沟通会、入会、服务、宣传册、咨询、互助服务卡、报名与签到，按日（≤31 天）或按月（≤12 个月）',
    access: ['staff', 'admin'],
    query: ReportQuery,
    responses: { 200: OrgReport },
  }),
  exportReport: route({
    method: 'POST',
    path: '/staff/figures/export',
    summary: '导出统计报表：Excel（每张表一个工作表）与 CSV，10 分钟内有效的下载链接',
    access: ['staff', 'admin'],
    body: ReportQuery,
    responses: { 200: ReportExport },
  }),
};
