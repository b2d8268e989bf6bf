import { z } from 'zod';
import { ClientRequestId, Id, Instant, Text } from './common';
import { Latitude, Longitude, StationKind } from './station';
import { Occupation } from './membership';
import { PhotoId } from './station-photo';

/**
 * The station network (issue 14, docs/station-network.md): visits counted at the door, live status
 * from the people who use a station, volunteer supervisors' inspections against the 七有 standard.
 */

/** A door poster's QR carries the station and a signature over it, so only the door counts a visit. */
export const DoorToken = z.string('请扫描驿站门口的二维码').regex(/^[A-Za-z0-9_-]{16}$/, '这个驿站二维码无效，请扫描门口张贴的二维码');

export const NewVisit = z.strictObject({ door: DoorToken });
export const VisitResult = z.object({
  /** false when this person's visit was counted within the last two hours already */
  counted: z.boolean(),
  /** 今天 N 人次 at this station, this visit included */
  todayVisits: z.number().int().nonnegative(),
});
export type VisitResult = z.infer<typeof VisitResult>;

export * from './live';

/** The seven 七有 items and the amenity checks of an inspection. */
export const SevenItem = z.enum(['site', 'sign', 'facilities', 'publicity', 'service', 'rules', 'results']);
export const sevenItemLabel: Record<z.infer<typeof SevenItem>, string> = {
  site: '有场地',
  sign: '有标识',
  facilities: '有设施',
  publicity: '有宣传',
  service: '有服务',
  rules: '有制度',
  results: '有成效',
};
export const AmenityCheck = z.enum(['microwave-works', 'water-hot', 'charger-works', 'first-aid-in-date', 'open-in-hours']);
export const amenityCheckLabel: Record<z.infer<typeof AmenityCheck>, string> = {
  'microwave-works': '微波炉能用',
  'water-hot': '有热水',
  'charger-works': '充电设备能用',
  'first-aid-in-date': '急救药箱在有效期内',
  'open-in-hours': '开放时间内开门',
};
export const InspectionItemKey = z.enum([...SevenItem.options, ...AmenityCheck.options], '检查项目不正确');
export type InspectionItemKey = z.infer<typeof InspectionItemKey>;
export const inspectionItemLabel: Record<InspectionItemKey, string> = { ...sevenItemLabel, ...amenityCheckLabel };

export const MAX_PHOTOS_PER_ITEM = 3;
/** An inspection is submitted within this distance of the station (GCJ-02). */
export const INSPECTION_RADIUS_METERS = 200;
/** Every station is inspected at least once a quarter (Beijing calendar quarters). */
export const INSPECTION_EVERY = 'quarter';
/** A station whose data nobody confirmed for this long is marked 90 天未核实. */
export const UNVERIFIED_DAYS = 90;

const InspectionNote = Text({ max: 200 });
export const InspectionItemInput = z
  .strictObject({
    item: InspectionItemKey,
    /** an amenity check may be 'na' where the station has no such thing */
    result: z.enum(['pass', 'fail', 'na'], '请选择合格或不合格'),
    note: InspectionNote.optional(),
    photos: z.array(PhotoId).max(MAX_PHOTOS_PER_ITEM, `每项最多 ${MAX_PHOTOS_PER_ITEM} 张照片`).default([]),
  })
  .superRefine((it, ctx) => {
    if (it.result === 'fail' && !it.note) ctx.addIssue({ code: 'custom', path: ['note'], message: '不合格的项目请写明问题' });
    if (it.result === 'na' && SevenItem.options.includes(it.item as never))
      ctx.addIssue({ code: 'custom', path: ['result'], message: '七有项目须判断合格或不合格' });
  });

export const NewInspection = z
  .strictObject({
    clientRequestId: ClientRequestId,
    /** where the supervisor stands when submitting */
    position: z.strictObject(
      { lat: Latitude, lng: Longitude, coord: z.enum(['wgs84', 'gcj02']).default('gcj02') },
      '需要您的位置才能提交检查',
    ),
    items: z.array(InspectionItemInput).min(1, '请填写检查项目').max(InspectionItemKey.options.length),
  })
  .superRefine((body, ctx) => {
    const seen = new Set<string>();
    body.items.forEach((it, i) => {
      if (seen.has(it.item)) ctx.addIssue({ code: 'custom', path: ['items', i, 'item'], message: '检查项目重复' });
      seen.add(it.item);
    });
    for (const item of SevenItem.options)
      if (!seen.has(item))
        ctx.addIssue({ code: 'custom', path: ['items'], message: `请检查全部七有项目（缺少「${sevenItemLabel[item]}」）` });
  });
export type NewInspection = z.input<typeof NewInspection>;

export const EvidencePhoto = z.object({ id: z.string(), thumbUrl: z.string(), url: z.string() });
export type EvidencePhoto = z.infer<typeof EvidencePhoto>;

export const TaskState = z.enum(['open', 'resolved']);
export const InspectionItem = z.object({
  item: InspectionItemKey,
  result: z.enum(['pass', 'fail', 'na']),
  note: z.string().optional(),
  photos: z.array(EvidencePhoto),
  /** a failed item's task in the station org's queue (a problem report) and where it stands */
  taskId: Id.optional(),
  task: z
    .object({ status: TaskState, resolvedAt: Instant.optional(), resolutionNote: z.string().optional(), photos: z.array(EvidencePhoto) })
    .optional(),
});

export const Inspection = z.object({
  id: Id,
  stationId: Id,
  stationName: z.string(),
  orgId: Id,
  /** masked: 王*傅 */
  supervisorName: z.string(),
  submittedAt: Instant,
  /** metres from the station when submitted */
  distanceMeters: z.number().int().nonnegative(),
  /** 0–100: passed items over items judged */
  score: z.number().int().min(0).max(100),
  failed: z.number().int().nonnegative(),
  items: z.array(InspectionItem),
});
export type Inspection = z.infer<typeof Inspection>;
export const InspectionPage = z.object({ inspections: z.array(Inspection), nextCursor: z.string().optional() });

/** Photos for an inspection item or a task's resolution: one upload each, straight to object storage. */
export const NewEvidenceUpload = z.strictObject({
  contentType: z.enum(['image/jpeg', 'image/png'], '只能上传 JPG 或 PNG 格式的照片'),
  size: z
    .number('请提供照片大小')
    .int()
    .min(1, '照片是空的')
    .max(5 * 1024 * 1024, '照片不能超过 5 MB，请换一张或压缩后再传'),
});

export const SupervisedStation = z.object({
  stationId: Id,
  name: z.string(),
  address: z.string(),
  location: z.object({ lat: z.number(), lng: z.number() }),
  lastInspectedAt: Instant.optional(),
  lastScore: z.number().int().optional(),
  /** not inspected this quarter yet */
  due: z.boolean(),
});
export const SupervisionPage = z.object({ stations: z.array(SupervisedStation), nextCursor: z.string().optional() });

export const AppointSupervisor = z.strictObject({
  /** the worker's 会员号, from their member card */
  memberNo: z
    .string('请填写会员号')
    .trim()
    .regex(/^[A-Za-z0-9-]{4,32}$/, '会员号格式不正确'),
  stationIds: z.array(Id).min(1, '请选择至少一个驿站').max(20, '一次最多 20 个驿站'),
});
export const Supervisor = z.object({
  userId: Id,
  /** masked */
  name: z.string(),
  memberNo: z.string(),
  occupation: Occupation.optional(),
  appointedAt: Instant,
});
export const SupervisorList = z.object({ supervisors: z.array(Supervisor), nextCursor: z.string().optional() });

export const OverdueStation = z.object({
  stationId: Id,
  name: z.string(),
  orgId: Id,
  kind: StationKind,
  lastInspectedAt: Instant.optional(),
  lastScore: z.number().int().optional(),
  /** reported closed twice in open hours and not inspected since */
  flagged: z.boolean(),
});
export const OverduePage = z.object({ stations: z.array(OverdueStation), nextCursor: z.string().optional() });

/** A station's visits, per Beijing day, hour and occupation (`other` for non-members). */
export const VisitFigures = z.object({
  days: z.array(z.object({ day: z.string(), visits: z.number().int() })),
  byHour: z.array(z.number().int()).length(24),
  byOccupation: z.partialRecord(z.union([Occupation, z.literal('non-member')]), z.number().int()),
  members: z.number().int(),
  total: z.number().int(),
});
export type VisitFigures = z.infer<typeof VisitFigures>;

/** The station network's part of an org's period report (GET /staff/figures → network). */
export const NetworkFigures = z.object({
  stationsByKind: z.partialRecord(StationKind, z.number().int()),
  allDayStations: z.number().int(),
  visits: z.number().int(),
  inspections: z.number().int(),
  /** stations of the subtree not inspected this quarter (now) */
  overdue: z.number().int(),
  problemsOpened: z.number().int(),
  problemsResolved: z.number().int(),
  /** median time to resolve, hours, from the resolutions of the period (a histogram's bucket) */
  medianResolveHours: z.number().optional(),
  /** 最美驿站 candidates: best latest score, then visits this period */
  candidates: z.array(z.object({ stationId: Id, name: z.string(), score: z.number().int(), visits: z.number().int() })),
});
export type NetworkFigures = z.infer<typeof NetworkFigures>;
