import { z } from 'zod';
import { route } from './route';
import { Id, Opaque } from '../schemas/common';
import { EventEdit, NewEvent, OutreachEvent } from '../schemas/outreach';

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
};
