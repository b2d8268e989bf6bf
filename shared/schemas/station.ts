import { z } from 'zod';
import { CONTROL_MESSAGE, hasControlCharacters, Id, Instant, Opaque, Text } from './common';
import { LiveSummary } from './live';

export const StationKind = z.enum(['union-station', 'warm-station', 'outdoor-worker-station', 'workers-home', 'nursing-room']);
export type StationKind = z.infer<typeof StationKind>;
export const stationKindLabel: Record<StationKind, string> = {
  'union-station': '工会驿站',
  'warm-station': '暖心驿站',
  'outdoor-worker-station': '户外劳动者服务站点',
  'workers-home': '职工之家',
  'nursing-room': '母婴关爱室',
};

/** The fixed amenity list (DOMAIN.md). `glyph` is the one character shown in the amenity's picture. */
export const amenities = {
  'hot-water': { label: '热水饮水', glyph: '水' },
  microwave: { label: '微波炉热饭', glyph: '热' },
  charging: { label: '手机充电', glyph: '电' },
  seats: { label: '休息座椅', glyph: '座' },
  toilet: { label: '卫生间', glyph: '厕' },
  'first-aid': { label: '医药箱', glyph: '药' },
  'rain-gear': { label: '雨衣雨伞', glyph: '伞' },
  'sewing-kit': { label: '针线包', glyph: '针' },
  'tyre-pump': { label: '打气筒', glyph: '气' },
  'womens-supplies': { label: '女性用品', glyph: '女' },
  fridge: { label: '冰箱', glyph: '冰' },
  books: { label: '图书', glyph: '书' },
  'heating-cooling': { label: '冷暖空调', glyph: '暖' },
  'bike-lending': { label: '免费借车', glyph: '车' },
  wifi: { label: '无线网络', glyph: '网' },
} as const;
export const Amenity = z.enum(Object.keys(amenities) as [keyof typeof amenities, ...(keyof typeof amenities)[]]);
export type Amenity = z.infer<typeof Amenity>;

/** GCJ-02, the one coordinate system we store (WeChat maps and openLocation use it). */
export const LatLng = z.object({ lat: z.number(), lng: z.number() });
export type LatLng = z.infer<typeof LatLng>;

/**
 * Where a station (or a person looking for one) can be: mainland China and its islands, the only
 * place GCJ-02 is defined. The bounds also keep every coordinate a number DynamoDB can store (no
 * 1e-131), and 7 decimals (about 1 cm) are all a map can use, so longer fractions are rounded.
 */
export const CHINA_BOUNDS = { lat: { min: 3.8, max: 53.6 }, lng: { min: 73.5, max: 135.1 } } as const;
const round7 = (x: number) => Math.round(x * 1e7) / 1e7 || 0; // `|| 0`: -0 becomes 0
const latMessage = `纬度应在 ${CHINA_BOUNDS.lat.min} 到 ${CHINA_BOUNDS.lat.max} 之间（中国境内）`;
const lngMessage = `经度应在 ${CHINA_BOUNDS.lng.min} 到 ${CHINA_BOUNDS.lng.max} 之间（中国境内）`;
export const Latitude = z
  .number('请填写纬度')
  .min(CHINA_BOUNDS.lat.min, latMessage)
  .max(CHINA_BOUNDS.lat.max, latMessage)
  .overwrite(round7);
export const Longitude = z
  .number('请填写经度')
  .min(CHINA_BOUNDS.lng.min, lngMessage)
  .max(CHINA_BOUNDS.lng.max, lngMessage)
  .overwrite(round7);
/** A station's location as staff enter it. */
export const Location = z.strictObject({ lat: Latitude, lng: Longitude });

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, '时间格式应为 HH:MM');
/** One opening interval; a close earlier than the open runs past midnight. */
export const Interval = z.strictObject({ open: Clock, close: Clock });
export type Interval = z.infer<typeof Interval>;

export const OpeningHours = z.strictObject({
  allDay: z.boolean(),
  /** Monday first; an empty day is closed. Ignored when allDay. */
  weekly: z.array(z.array(Interval).max(4, '每天最多 4 个时段')).length(7, '须填写一周 7 天'),
  holidayNote: Text({ max: 100 }).optional(),
});
export type OpeningHours = z.infer<typeof OpeningHours>;
/** Hours as stored and sent back: no input checks, unknown attributes stripped. */
const OpeningHoursView = z.object({
  allDay: z.boolean(),
  weekly: z.array(z.array(z.object({ open: z.string(), close: z.string() }))),
  holidayNote: z.string().optional(),
});

export const StationStatus = z.enum(['open', 'temporarily-closed']);
export type StationStatus = z.infer<typeof StationStatus>;

const Phone = z.string().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, '请填写手机号或座机号（如 010-12345678）');

/** What staff edit. */
export const StationInput = z.strictObject({
  externalId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, '外部编号只能包含字母、数字、-、_')
    .optional(),
  name: Text({ min: 2, minMessage: '名称至少 2 个字', max: 60 }),
  address: Text({ min: 2, minMessage: '请填写地址', max: 120 }),
  orgId: Id,
  kind: StationKind,
  location: Location,
  amenities: z.array(Amenity).max(15, '设施最多 15 项').default([]),
  hours: OpeningHours,
  managerPhone: Phone.optional(),
  photos: z
    .array(
      z
        .url('照片地址格式不正确')
        .max(500, '照片地址太长')
        .startsWith('https://', '照片地址须为 https')
        .refine((s) => !hasControlCharacters(s), CONTROL_MESSAGE),
    )
    .max(9, '照片最多 9 张')
    .default([]),
  honours: z
    .array(Text({ min: 1, minMessage: '荣誉不能为空', max: 30 }))
    .max(10, '荣誉最多 10 项')
    .default([]),
  status: StationStatus.default('open'),
  verifiedOn: z.iso.date('日期格式应为 2026-11-26').optional(),
});
export type StationInput = z.infer<typeof StationInput>;

/** A station as stored and sent back: no input checks (older records still show), unknown attributes stripped. */
export const Station = z.object({
  externalId: z.string().optional(),
  name: z.string(),
  address: z.string(),
  orgId: Id,
  kind: StationKind,
  location: LatLng,
  amenities: z.array(Amenity),
  hours: OpeningHoursView,
  managerPhone: z.string().optional(),
  photos: z.array(z.string()),
  honours: z.array(z.string()),
  status: StationStatus,
  verifiedOn: z.string().optional(),
  /** photos uploaded to object storage, in the order shown (shared/schemas/station-photo.ts); `photos` holds linked URLs */
  photoIds: z.array(z.string()).default([]),
  /**
   * Of photoIds, those WeChat's picture check has not yet passed (held: it did not answer) or
   * refused: shown to the station's staff only, marked (docs/privacy-and-content.md, "Photos").
   */
  heldPhotoIds: z.array(z.string()).optional(),
  refusedPhotoIds: z.array(z.string()).optional(),
  id: Id,
  demo: z.boolean(),
  updatedAt: Instant,
});
export type Station = z.infer<typeof Station>;

export const OpenState = z.enum(['all-day', 'open', 'closed', 'temporarily-closed']);
export type OpenState = z.infer<typeof OpenState>;
export const openStateLabel: Record<OpenState, string> = {
  'all-day': '24小时',
  open: '营业中',
  closed: '已打烊',
  'temporarily-closed': '暂停开放',
};

export const NearbyStation = z.object({
  id: Id,
  name: z.string(),
  address: z.string(),
  kind: StationKind,
  location: LatLng,
  amenities: z.array(Amenity),
  distanceMeters: z.number().int().nonnegative(),
  openState: OpenState,
  honours: z.array(z.string()),
  /** today's visits and recent live reports (issue 14), from the same reads as the row */
  live: LiveSummary.optional(),
});
export type NearbyStation = z.infer<typeof NearbyStation>;

/** Query strings arrive as text: numbers and flags are coerced here, then range-checked. */
export const MAX_RADIUS_METERS = 20_000;
export const NearbyQuery = z.strictObject({
  lat: z.coerce.number('请提供所在位置的纬度').pipe(Latitude),
  lng: z.coerce.number('请提供所在位置的经度').pipe(Longitude),
  /** wgs84 from a browser's geolocation, gcj02 from WeChat's getLocation({ type: 'gcj02' }) */
  coord: z.enum(['wgs84', 'gcj02']).default('gcj02'),
  radius: z.coerce
    .number()
    .int('搜索半径须为整数米')
    .min(100, '搜索半径至少 100 米')
    .max(MAX_RADIUS_METERS, `搜索半径最大 ${MAX_RADIUS_METERS / 1000} 公里`)
    .default(5000),
  amenities: z
    .string()
    .max(400, '设施筛选条件太长')
    .optional()
    .transform((s) =>
      s
        ? s
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean)
        : [],
    )
    .pipe(z.array(Amenity)),
  openNow: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  allDay: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
  limit: z.coerce.number().int('数量须为整数').min(1, '每页至少 1 条').max(50, '每页最多 50 条').default(10),
  cursor: Opaque({ max: 200, message: '翻页标记无效，请从第一页重新加载' }).optional(),
});

export const NearbyResult = z.object({
  stations: z.array(NearbyStation),
  /** pass back as `cursor` for the next, farther page; absent on the last page */
  nextCursor: z.string().optional(),
  searchedRadiusMeters: z.number().int(),
});
export type NearbyResult = z.infer<typeof NearbyResult>;
