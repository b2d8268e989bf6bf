import { z } from 'zod';
import { ClientRequestId, Id, Instant, Text } from './common';
import { Capacity } from './activity';
import { Location } from './station';

/** Outreach events (沟通会), issue 12 (docs/outreach.md). */

export const EventKind = z.enum(['worker', 'enterprise', 'citywide'], { error: '请选择沟通会类型' });
export type EventKind = z.infer<typeof EventKind>;
export const eventKindLabel: Record<EventKind, string> = {
  worker: '职工沟通会',
  enterprise: '企业沟通会',
  citywide: '市级统一沟通会',
};

/** The services a stall usually offers; others are added by name (custom). */
export const standardServices = {
  haircut: '理发',
  tcm: '中医义诊',
  'blood-check': '血压血糖',
  legal: '法律咨询',
  'anti-fraud': '反诈宣传',
  counselling: '心理咨询',
  'eye-check': '眼部检查',
  charging: '充电打气',
} as const;
export type StandardServiceKey = keyof typeof standardServices;
export const StandardServiceKey = z.enum(Object.keys(standardServices) as [StandardServiceKey, ...StandardServiceKey[]], {
  error: '请选择服务项目',
});

export const MAX_SERVICES = 20;
export const MAX_DUTY_STAFF = 20;
/** Join codes one event may have (one per stall). */
export const MAX_EVENT_JOIN_CODES = 10;
/** An event lasts at most this long (a day's meeting, or a week of stalls). */
export const MAX_EVENT_DAYS = 7;

/** One service as staff enter it: a standard one by key, or a custom one by name; capacity where places are limited. */
export const ServiceInput = z
  .strictObject({
    key: StandardServiceKey.optional(),
    name: Text({ min: 1, minMessage: '请填写服务名称', max: 20 }).optional(),
    capacity: Capacity.optional(),
  })
  .refine((s) => (s.key === undefined) !== (s.name === undefined), { message: '请选择一项服务，或填写自定义服务名称', path: ['name'] });
export type ServiceInput = z.infer<typeof ServiceInput>;

export const EventStatus = z.enum(['planned', 'open', 'closed'], { error: '请选择状态' });
export type EventStatus = z.infer<typeof EventStatus>;
export const eventStatusLabel: Record<EventStatus, string> = { planned: '筹备中', open: '进行中', closed: '已结束' };

const EventFields = z.strictObject({
  kind: EventKind,
  name: Text({ min: 2, minMessage: '请填写沟通会名称', max: 60 }),
  place: Text({ min: 2, minMessage: '请填写地点', max: 60 }),
  location: Location,
  startsAt: Instant,
  endsAt: Instant,
  services: z.array(ServiceInput).min(1, '请至少选择一项服务').max(MAX_SERVICES, `最多 ${MAX_SERVICES} 项服务`),
  /** the staff on duty (user ids) */
  staffIds: z
    .array(Id)
    .max(MAX_DUTY_STAFF, `值班人员最多 ${MAX_DUTY_STAFF} 人`)
    .refine((ids) => new Set(ids).size === ids.length, '值班人员不能重复')
    .default([]),
});

type Times = { startsAt: string; endsAt: string };
function checked<T extends z.ZodType<Times & { services: ServiceInput[] }>>(schema: T): T {
  return schema
    .refine((e) => e.startsAt < e.endsAt, { message: '结束时间须晚于开始时间', path: ['endsAt'] })
    .refine((e) => Date.parse(e.endsAt) - Date.parse(e.startsAt) <= MAX_EVENT_DAYS * 86_400_000, {
      message: `一场沟通会最长 ${MAX_EVENT_DAYS} 天`,
      path: ['endsAt'],
    })
    .refine((e) => new Set(e.services.map((s) => s.key ?? `name:${s.name}`)).size === e.services.length, {
      message: '服务项目不能重复',
      path: ['services'],
    }) as T;
}

/** POST /staff/events: the host org and the app's request id (a retry creates nothing twice). */
export const NewEvent = checked(EventFields.extend({ hostOrgId: Id, clientRequestId: ClientRequestId }));
export type NewEvent = z.infer<typeof NewEvent>;

/** PUT /staff/events/{eventId}: everything but the host org, plus the status. */
export const EventEdit = checked(EventFields.extend({ status: EventStatus }));
export type EventEdit = z.infer<typeof EventEdit>;

export const EventService = z.object({ key: z.string(), name: z.string(), capacity: z.number().int().optional() });
export type EventService = z.infer<typeof EventService>;

export const OutreachEvent = z.object({
  id: Id,
  kind: EventKind,
  hostOrgId: Id,
  hostOrgName: z.string(),
  name: z.string(),
  place: z.string(),
  location: z.object({ lat: z.number(), lng: z.number() }),
  startsAt: Instant,
  endsAt: Instant,
  services: z.array(EventService),
  staffIds: z.array(Id),
  status: EventStatus,
  /** the join codes made for the event (its stalls), in the order made; at most MAX_EVENT_JOIN_CODES */
  joinCodeIds: z.array(Id).optional(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type OutreachEvent = z.infer<typeof OutreachEvent>;
