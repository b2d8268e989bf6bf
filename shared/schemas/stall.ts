import { z } from 'zod';
import { ClientRequestId, Id, Instant, Opaque } from './common';

/**
 * Stall mode (issue 12, docs/outreach.md "Stall actions and sync"): every action is made on the
 * device first, kept in its queue with an idempotency key and the time it happened, and synced in
 * batches; the server answers each action once and the same answer on every replay.
 */

/** A stall device: a random id the app makes once and keeps (leases are held per device). */
export const DeviceId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, '设备编号格式不正确');

/** What a tally counts besides a service: 咨询, 宣传册, 互助服务卡. */
export const TallyTarget = z.enum(['consult', 'leaflet', 'aidCard'], { error: '请选择计数项目' });
export type TallyTarget = z.infer<typeof TallyTarget>;
export const tallyLabel: Record<TallyTarget, string> = { consult: '咨询', leaflet: '宣传册', aidCard: '互助服务卡' };

/** A service key as stored on the event (a standard key, or `c-<hash>` for a custom one). */
export const ServiceKey = z.string().regex(/^[a-z0-9-]{1,32}$/, '服务项目不正确');

/** A member card or ticket QR as scanned (an ES256 token). */
const ScannedToken = Opaque({ max: 2000, message: '二维码内容无效' });

/** The largest batch a tally action may carry (a stack of leaflets handed out), either way. */
export const MAX_TALLY_STEP = 500;

const ActionBase = {
  /** the idempotency key, made once on the device when the action happens */
  key: ClientRequestId,
  /** when it happened at the stall (the device's clock, UTC) */
  at: Instant,
  eventId: Id,
};

export const StallAction = z.discriminatedUnion(
  'kind',
  [
    /** A member card scanned for a service: a place in it (from the device's lease when offline). */
    z.strictObject({
      ...ActionBase,
      kind: z.literal('register'),
      service: ServiceKey,
      card: ScannedToken,
      /** the device had no leased place left: it showed the worker as 候补 */
      waitlisted: z.boolean().default(false),
    }),
    /** An activity ticket scanned: checked in (the first device to sync is the one recorded). */
    z.strictObject({ ...ActionBase, kind: z.literal('checkin'), ticket: ScannedToken }),
    /** +n (or −n for 撤销) on a tally: 咨询 / 宣传册 / 互助服务卡, or people served by a service. */
    z
      .strictObject({
        ...ActionBase,
        kind: z.literal('tally'),
        target: TallyTarget.optional(),
        service: ServiceKey.optional(),
        count: z
          .number('请填写数量')
          .int('数量须为整数')
          .min(-MAX_TALLY_STEP, `一次最多撤销 ${MAX_TALLY_STEP}`)
          .max(MAX_TALLY_STEP, `一次最多计 ${MAX_TALLY_STEP}`)
          .refine((n) => n !== 0, '数量不能为 0'),
      })
      .refine((t) => (t.target === undefined) !== (t.service === undefined), {
        message: '请选择一个计数项目',
        path: ['target'],
      }),
  ],
  { error: '操作类型不正确' },
);
export type StallAction = z.infer<typeof StallAction>;
export type StallActionInput = z.input<typeof StallAction>;

export const MAX_SYNC_ACTIONS = 100;

/** POST /staff/stall/sync */
export const StallSync = z.strictObject({
  deviceId: DeviceId,
  actions: z.array(StallAction).min(1, '没有要同步的操作').max(MAX_SYNC_ACTIONS, `一次最多同步 ${MAX_SYNC_ACTIONS} 条`),
});
export type StallSync = z.infer<typeof StallSync>;

/**
 * The server's answer to one action (the same on every replay of its key):
 * done (registered / checked in / counted), waitlisted (no place left: on the service's waiting
 * list), already (this worker already has a place in this service / this ticket was checked in
 * before: `firstBy`/`firstAt` say who and when), not_eligible (not an active member, not signed up,
 * signup cancelled), closed (the event is over or not the caller's), forged (not our signature),
 * expired (the QR had expired when it was scanned), unknown_service (the event offers no such
 * service), wrong_event (a ticket for an activity of another event).
 */
export const StallOutcome = z.enum([
  'done',
  'waitlisted',
  'already',
  'not_eligible',
  'closed',
  'forged',
  'expired',
  'unknown_service',
  'wrong_event',
]);
export type StallOutcome = z.infer<typeof StallOutcome>;

export const StallResult = z.object({
  key: z.string(),
  outcome: StallOutcome,
  /** Chinese, for the line in 最近操作 */
  message: z.string(),
  /** the worker, masked (张*三) */
  name: z.string().optional(),
  /** for `already` on a check-in: the staff member who checked the ticket in first (masked), and when */
  firstBy: z.string().optional(),
  firstAt: Instant.optional(),
});
export type StallResult = z.infer<typeof StallResult>;

/** One result per action, in the order sent. */
export const StallSyncReply = z.object({ results: z.array(StallResult) });
export type StallSyncReply = z.infer<typeof StallSyncReply>;

/** POST /staff/stall/lease: hold up to `places` of a service's places for this device to hand out offline. */
export const LeaseRequest = z.strictObject({
  eventId: Id,
  deviceId: DeviceId,
  service: ServiceKey,
  places: z.number('请填写名额数').int('名额数须为整数').min(1, '至少 1 个名额').max(50, '一台设备最多预留 50 个名额'),
});
export type LeaseRequest = z.infer<typeof LeaseRequest>;

/** POST /staff/stall/lease/return: give the unused places back to the pool. */
export const LeaseReturn = z.strictObject({ eventId: Id, deviceId: DeviceId, service: ServiceKey });
export type LeaseReturn = z.infer<typeof LeaseReturn>;

/** A device's lease on a service: `places` it may hand out, `used` of them so far (synced). */
export const Lease = z.object({
  service: z.string(),
  places: z.number().int(),
  used: z.number().int(),
  expiresAt: Instant,
});
export type Lease = z.infer<typeof Lease>;

/** A service's places as the stall shows them. */
export const ServiceFigures = z.object({
  key: z.string(),
  name: z.string(),
  capacity: z.number().int().optional(),
  registered: z.number().int(),
  waitlisted: z.number().int(),
  /** places held by devices, not yet used */
  leased: z.number().int(),
  /** people served counted by tally */
  tallied: z.number().int(),
});
export type ServiceFigures = z.infer<typeof ServiceFigures>;

/** GET /staff/events/{eventId}/figures: the event dashboard and the stall's live figures. */
export const EventFigures = z.object({
  eventId: Id,
  services: z.array(ServiceFigures),
  tallies: z.object({ consult: z.number().int(), leaflet: z.number().int(), aidCard: z.number().int() }),
  checkins: z.number().int(),
  joins: z.object({
    total: z.number().int(),
    /** Beijing hours, "12:00", only hours with joins */
    byHour: z.array(z.object({ hour: z.string(), joins: z.number().int() })),
    byOccupation: z.array(z.object({ occupation: z.string(), label: z.string(), count: z.number().int() })),
  }),
  /** this device's leases (when `deviceId` is given) */
  leases: z.array(Lease),
  updatedAt: Instant,
});
export type EventFigures = z.infer<typeof EventFigures>;
