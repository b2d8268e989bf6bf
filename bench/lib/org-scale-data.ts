/**
 * Trees and items for bench/org-scale.ts, written through the product's own table modules (so the
 * items carry whatever keys and scope attributes the product gives them). The tree is the same on
 * every run; items come from a seeded generator, but writes run concurrently, so which item lands
 * where can differ a little from run to run (the counts do not).
 *
 * Import this module only after DYNAMODB_ENDPOINT and the TABLE_* variables are set.
 */
import type { Org, OrgLevel } from '../../shared/schemas/org';
import type { StationInput, StationKind, OpeningHours } from '../../shared/schemas/station';
import type { AuditKind } from '../../shared/schemas/audit';
import type { MembershipStatus, Occupation } from '../../shared/schemas/membership';
import { parseHoursText } from '../../shared/hours-text';
import { putOrg } from '../../functions/tables/orgs';
import { createMember, requestTransfer } from '../../functions/tables/members';
import { putActivity, shardCountFor, type ActivityRecord } from '../../functions/tables/activities';
import { newStation, putStations, stationIdFor } from '../../functions/tables/stations';
import { addReport } from '../../functions/tables/feedback';
import { putJoinCode } from '../../functions/tables/join-codes';
import { putUserWithIdentity } from '../../functions/tables/users';
import { recordAudit } from '../../functions/lib/audit';
import { withConflictRetry } from '../../functions/lib/dynamo';
import { devOpenidHash } from '../../functions/lib/auth/wechat';

export function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function pool<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

// ---- the Beijing tree ---------------------------------------------------------------------------

/** 16 districts and the economic-technological development zone; 朝阳 has 43 streets/towns. */
const DISTRICTS: [id: string, code: string, name: string][] = [
  ['dongcheng', '110101', '东城区'],
  ['xicheng', '110102', '西城区'],
  ['chaoyang', '110105', '朝阳区'],
  ['fengtai', '110106', '丰台区'],
  ['shijingshan', '110107', '石景山区'],
  ['haidian', '110108', '海淀区'],
  ['mentougou', '110109', '门头沟区'],
  ['fangshan', '110111', '房山区'],
  ['tongzhou', '110112', '通州区'],
  ['shunyi', '110113', '顺义区'],
  ['changping', '110114', '昌平区'],
  ['daxing', '110115', '大兴区'],
  ['huairou', '110116', '怀柔区'],
  ['pinggu', '110117', '平谷区'],
  ['miyun', '110118', '密云区'],
  ['yanqing', '110119', '延庆区'],
  ['yizhuang', '110199', '经开区'],
];

export const BEIJING_COUNTS = { districts: 17, streets: 343, chaoyangStreets: 43, communities: 4005, workplaces: 30_000 };

/** Splits `total` into `parts` shares that differ by at most one. */
function spread(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

function org(id: string, code: string, name: string, shortName: string, level: OrgLevel, parent: Org | null): Org {
  return {
    id,
    code,
    status: 'open',
    name,
    shortName,
    level,
    parentId: parent?.id ?? null,
    path: parent ? [...parent.path, id] : [id],
  };
}

/** 1 + 17 + 343 + 4,005 + 30,000 orgs, parents before children. */
export function beijingTree(): Org[][] {
  const city = org('beijing', '110000', '北京市总工会', '市总工会', 'city', null);
  const districts = DISTRICTS.map(([id, code, name]) => org(id, code, `${name}总工会`, name, 'district', city));
  const otherStreets = spread(BEIJING_COUNTS.streets - BEIJING_COUNTS.chaoyangStreets, districts.length - 1);
  const streets: Org[] = [];
  districts.forEach((d) => {
    const n = d.id === 'chaoyang' ? BEIJING_COUNTS.chaoyangStreets : otherStreets.shift()!;
    for (let s = 1; s <= n; s++) {
      const kind = s % 4 === 0 ? '镇' : '街道';
      streets.push(
        org(`${d.id}-s${pad(s, 2)}`, `${d.code}${pad(s, 3)}`, `${d.shortName}第${s}${kind}总工会`, `第${s}${kind}`, 'street', d),
      );
    }
  });
  const communities: Org[] = [];
  spread(BEIJING_COUNTS.communities, streets.length).forEach((n, i) => {
    const street = streets[i]!;
    for (let c = 1; c <= n; c++) {
      const kind = c % 3 === 0 ? '楼宇联合工会' : '社区联合工会';
      communities.push(
        org(
          `${street.id}-c${pad(c, 2)}`,
          `${street.code}-${pad(c, 3)}`,
          `${street.name.replace('总工会', '')}第${c}${kind}`,
          `第${c}${kind}`,
          'grassroots',
          street,
        ),
      );
    }
  });
  const workplaces: Org[] = [];
  spread(BEIJING_COUNTS.workplaces, communities.length).forEach((n, i) => {
    const community = communities[i]!;
    for (let w = 1; w <= n; w++) {
      workplaces.push(
        org(
          `${community.id}-w${w}`,
          `${community.code}-${pad(w, 3)}`,
          `${community.shortName.replace(/联合工会$/, '')}第${w}企业工会`,
          `第${w}企业工会`,
          'grassroots',
          community,
        ),
      );
    }
  });
  return [[city], districts, streets, communities, workplaces];
}

/** Siblings spread apart: each putOrg also updates its parent's hint, so siblings in flight together would conflict. */
function interleaveByParent(level: Org[]): Org[] {
  const groups = new Map<string, Org[]>();
  for (const o of level) groups.set(o.parentId ?? '', [...(groups.get(o.parentId ?? '') ?? []), o]);
  const lists = [...groups.values()];
  const out: Org[] = [];
  for (let i = 0; out.length < level.length; i++) for (const list of lists) if (list[i]) out.push(list[i]!);
  return out;
}

/** Writes a tree level by level (a parent must exist before its children), `concurrency` at a time. */
export async function writeTree(levels: Org[][], concurrency = 64, say: (line: string) => void = () => undefined): Promise<void> {
  for (const level of levels) {
    const started = Date.now();
    await pool(interleaveByParent(level), concurrency, (o) => withConflictRetry(() => putOrg(o)));
    say(`  ${level.length} orgs at depth ${level[0]!.path.length - 1} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
}

// ---- people -------------------------------------------------------------------------------------

export interface Persona {
  key: 'city' | 'district' | 'street' | 'member' | 'visitor';
  label: string;
  userId: string;
  role: 'admin' | 'staff' | 'worker';
  actingOrgId: string | null;
}

/** The five people every route is called as, on either tree. */
export function personas(tree: { district: string; street: string }): Persona[] {
  return [
    { key: 'city', label: '市总 admin', userId: 'bench-city-admin', role: 'admin', actingOrgId: 'beijing' },
    { key: 'district', label: `区 staff`, userId: 'bench-district-staff', role: 'staff', actingOrgId: tree.district },
    { key: 'street', label: `街道 staff`, userId: 'bench-street-staff', role: 'staff', actingOrgId: tree.street },
    { key: 'member', label: '职工 (会员)', userId: 'bench-worker-member', role: 'worker', actingOrgId: null },
    { key: 'visitor', label: '职工 (非会员)', userId: 'bench-worker-visitor', role: 'worker', actingOrgId: null },
  ];
}

export async function writePersonas(people: Persona[]): Promise<void> {
  for (const p of people) {
    await putUserWithIdentity(
      { id: p.userId, role: p.role, displayName: p.label, actingOrgId: p.actingOrgId, createdAt: '2026-01-01T00:00:00.000Z' },
      devOpenidHash(p.userId),
    );
  }
}

// ---- items spread over a tree -------------------------------------------------------------------

export interface Sizes {
  members: number;
  activities: number;
  stations: number;
  reports: number;
  codes: number;
  transfers: number;
  audit: number;
}

export interface Spread {
  /** every org, parents before children */
  orgs: Org[];
  /** the street the street staff act for: a share of every kind of item lands in its subtree */
  focusStreet: string;
  /** the workplace (or community) union the worker is a member of */
  memberOrg: string;
  sizes: Sizes;
  seed: number;
  /** concurrent writes */
  concurrency?: number;
  /** log progress */
  say?: (line: string) => void;
}

const DAY = 86_400_000;
const OCCUPATIONS: Occupation[] = [
  'courier',
  'food-delivery',
  'ride-hailing',
  'truck-driver',
  'sanitation',
  'security',
  'cleaner',
  'domestic',
];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华';
const KINDS: StationKind[] = ['union-station', 'warm-station', 'outdoor-worker-station', 'workers-home', 'nursing-room'];
const HOURS = ['24小时', '每天 08:00-20:00', '每天 07:00-22:00', '周一至周五 09:00-18:00；周六 10:00-16:00'];
const AUDIT_KINDS: AuditKind[] = [
  'member.review',
  'joincode.create',
  'activity.create',
  'station.update',
  'report.resolve',
  'signup.checkin',
];

/** What was written, for the bench's notes. */
export interface Written {
  members: number;
  activities: number;
  stations: number;
  reports: number;
  codes: number;
  transfers: number;
  audit: number;
  focus: Record<keyof Sizes, number>;
}

/**
 * Members (mixed statuses, half through join codes), activities at every level (open to all or
 * member-only), stations, problem reports, join codes, transfer requests and audit entries, spread
 * over the tree with a tenth of each in the focus street's subtree (so a street has second pages).
 */
export async function writeItems(spec: Spread): Promise<Written> {
  const random = mulberry32(spec.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const concurrency = spec.concurrency ?? 48;
  const say = spec.say ?? (() => undefined);
  const byDepth: Org[][] = [[], [], [], [], []];
  for (const o of spec.orgs) byDepth[o.path.length - 1]!.push(o);
  const deepest = byDepth.reduce((d, level, i) => (level.length ? i : d), 0);
  const pathById = new Map(spec.orgs.map((o) => [o.id, o.path]));
  const inFocus = (o: Org) => o.path.includes(spec.focusStreet);
  const focusOrgs = spec.orgs.filter(inFocus);
  const leaves = spec.orgs.filter((o) => o.level === 'grassroots');
  const focusLeaves = leaves.filter(inFocus);
  const written: Written = {
    members: 0,
    activities: 0,
    stations: 0,
    reports: 0,
    codes: 0,
    transfers: 0,
    audit: 0,
    focus: { members: 0, activities: 0, stations: 0, reports: 0, codes: 0, transfers: 0, audit: 0 },
  };
  const focusShare = 0.1;
  /** a grassroots union, deepest level 70 % of the time; a tenth in the focus street */
  const leafFor = (): Org => {
    if (random() < focusShare && focusLeaves.length) return pick(focusLeaves);
    const deep = byDepth[deepest]!.filter((o) => o.level === 'grassroots');
    return deep.length && random() < 0.7 ? pick(deep) : pick(leaves);
  };
  /** an org at any level: city 3 %, district 12 %, street 40 %, the rest below */
  const anyOrg = (): Org => {
    if (random() < focusShare && focusOrgs.length) return pick(focusOrgs);
    const r = random();
    const depth = r < 0.03 ? 0 : r < 0.15 ? 1 : r < 0.55 ? 2 : r < 0.8 ? 3 : 4;
    return pick(byDepth[Math.min(depth, deepest)]!);
  };
  const count = (kind: keyof Sizes, o: Org) => {
    written[kind] += 1;
    if (inFocus(o)) written.focus[kind] += 1;
  };
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();

  // join codes: at grassroots and street unions (outreach stalls), 15 % revoked
  const codes = Array.from({ length: spec.sizes.codes }, (_, i) => {
    const o = random() < 0.3 ? anyOrg() : leafFor();
    return {
      id: `jc-bench-${spec.seed}-${pad(i, 5)}`,
      org: o,
      record: {
        id: `jc-bench-${spec.seed}-${pad(i, 5)}`,
        orgId: o.id,
        event:
          random() < 0.5
            ? { title: `${o.shortName}户外宣传`, date: iso(now - Math.floor(random() * 200) * DAY).slice(0, 10), place: '社区广场' }
            : undefined,
        autoApprove: random() < 0.3,
        revoked: random() < 0.15,
        createdAt: iso(now - Math.floor(random() * 300 * DAY)),
        createdBy: 'bench-city-admin',
        scans: Math.floor(random() * 200),
      },
    };
  });
  await pool(codes, concurrency, async (c) => {
    await putJoinCode(c.record, c.org.path);
    count('codes', c.org);
  });
  say(`  join codes ${written.codes}`);

  // members: 30 % pending, 60 % active, 10 % rejected; half joined through a code (of their org)
  const statuses: MembershipStatus[] = [
    'pending',
    'pending',
    'pending',
    'active',
    'active',
    'active',
    'active',
    'active',
    'active',
    'rejected',
  ];
  const memberIds: { userId: string; memberNo?: string; org: Org; name: string }[] = [];
  await pool(
    Array.from({ length: spec.sizes.members }, (_, i) => i),
    concurrency,
    async (i) => {
      const viaCode = random() < 0.5 && codes.length ? pick(codes) : null;
      const o = viaCode ? viaCode.org : leafFor();
      const occupation = pick(OCCUPATIONS);
      const status = pick(statuses);
      const joinedAt = iso(now - Math.floor(random() * 400 * DAY));
      const name = `${pick([...SURNAMES])}${pick([...GIVEN])}${random() < 0.5 ? pick([...GIVEN]) : ''}`;
      const userId = `bench-m-${spec.seed}-${pad(i, 6)}`;
      const result = await createMember(
        {
          userId,
          name,
          mobile: `1${3 + (i % 7)}${pad(spec.seed % 100, 2)}${pad(i, 7)}`,
          employer: pick(['美团', '饿了么', '顺丰速运', '京东物流', '滴滴出行', '环卫集团', '物业公司']),
          occupation,
          newEmploymentForm: ['courier', 'food-delivery', 'ride-hailing', 'truck-driver'].includes(occupation),
          orgId: o.id,
          status,
          ...(status === 'rejected' ? { rejectReason: '信息不完整' } : {}),
          joinedAt,
          ...(viaCode ? { codeId: viaCode.id } : {}),
          cardRequest: random() < 0.3 ? 'requested' : 'none',
          history: [{ at: joinedAt, what: '提交入会申请' }],
        } as Parameters<typeof createMember>[0],
        o.path,
      );
      if ('created' in result) {
        memberIds.push({ userId, memberNo: result.created.memberNo, org: o, name });
        count('members', o);
      }
    },
  );
  say(`  members ${written.members}`);

  // transfer requests between grassroots unions
  const movers = memberIds.slice(0, spec.sizes.transfers);
  await pool(movers, concurrency, async (m, i) => {
    const to = leafFor();
    if (to.id === m.org.id) return;
    await requestTransfer(
      {
        id: m.userId,
        userId: m.userId,
        memberNo: m.memberNo ?? pad(i, 12),
        name: m.name,
        fromOrgId: m.org.id,
        toOrgId: to.id,
        status: 'pending',
        requestedAt: iso(now - Math.floor(random() * 60 * DAY)),
      } as Parameters<typeof requestTransfer>[0],
      to.path,
    );
    count('transfers', to);
  });
  say(`  transfers ${written.transfers}`);

  // activities: at every level; 35 % open to all (no membership rule), the rest member-only
  const activities: { record: ActivityRecord; org: Org }[] = Array.from({ length: spec.sizes.activities }, (_, i) => {
    const o = anyOrg();
    const startsAt = now + Math.floor((random() * 180 - 60) * DAY);
    const capacity = random() < 0.2 ? null : o.path.length === 1 && random() < 0.5 ? 2000 : 10 + Math.floor(random() * 90);
    const shards = shardCountFor(capacity);
    return {
      org: o,
      record: {
        id: `ac-bench-${spec.seed}-${pad(i, 5)}`,
        orgId: o.id,
        title: `${o.shortName}${pick(['中医义诊', '免费理发', '夏送清凉', '职工体检', '亲子活动', '技能培训', '观影活动'])}`,
        description: '基准测试活动',
        category: pick(['service', 'class', 'activity', 'goods', 'plan'] as const),
        place: `${o.shortName}职工之家`,
        startsAt: iso(startsAt),
        endsAt: iso(startsAt + 4 * 3600_000),
        signupOpensAt: iso(startsAt - 30 * DAY),
        signupClosesAt: iso(startsAt - 3600_000),
        capacity,
        perMemberLimit: 1,
        eligibility: {
          activeMember: random() >= 0.35,
          subtreeOnly: random() < 0.5,
          newEmploymentOnly: random() < 0.1,
          womenOnly: random() < 0.05,
        },
        waitlist: capacity !== null,
        holdMinutes: 120,
        confirmed: 0,
        createdAt: iso(startsAt - 40 * DAY),
        createdBy: 'bench-city-admin',
        ...(shards ? { shards } : {}),
      },
    };
  });
  await pool(activities, concurrency, async (a) => {
    await putActivity(a.record, a.org.path);
    count('activities', a.org);
  });
  say(`  activities ${written.activities}`);

  // stations at street, community and workplace unions, written 25 a batch
  const stations = Array.from({ length: spec.sizes.stations }, (_, i) => {
    const streets = byDepth[Math.min(2, deepest)]!;
    const o =
      random() < 0.5
        ? random() < focusShare
          ? (streets.find((s) => s.id === spec.focusStreet) ?? pick(streets))
          : pick(streets)
        : leafFor();
    const input: StationInput = {
      externalId: `bench-${i}`,
      name: `${o.shortName}${pick(['便民', '暖心', '户外劳动者', '快递小哥'])}驿站${i}`,
      address: `北京市${o.name.slice(0, 3)}某路${1 + (i % 188)}号`,
      orgId: o.id,
      kind: pick(KINDS),
      location: { lat: 39.6 + random() * 0.6, lng: 116.0 + random() * 0.8 },
      amenities: ['hot-water', 'seats', ...(random() < 0.6 ? (['charging'] as const) : [])],
      hours: parseHoursText(pick(HOURS)) as OpeningHours,
      photos: [],
      honours: [],
      status: random() < 0.05 ? 'temporarily-closed' : 'open',
    };
    return { org: o, station: newStation(input, stationIdFor(o.id, input.externalId), new Date(now - Math.floor(random() * 100 * DAY))) };
  });
  const batches: (typeof stations)[] = [];
  for (let i = 0; i < stations.length; i += 25) batches.push(stations.slice(i, i + 25));
  await pool(batches, Math.max(4, Math.floor(concurrency / 4)), async (batch) => {
    await putStations(
      batch.map((s) => s.station),
      (orgId) => pathById.get(orgId)!,
    );
    for (const s of batch) count('stations', s.org);
  });
  say(`  stations ${written.stations}`);

  // problem reports on those stations, 60 % still open
  const focusStations = stations.filter((s) => inFocus(s.org));
  const reports = Array.from({ length: stations.length ? spec.sizes.reports : 0 }, (_, i) => {
    const s = random() < focusShare && focusStations.length ? pick(focusStations) : pick(stations);
    return { s, i };
  });
  await pool(reports, concurrency, async ({ s, i }) => {
    const createdAt = iso(now - Math.floor(random() * 90 * DAY));
    await addReport(
      {
        id: `r-bench-${spec.seed}-${pad(i, 5)}`,
        stationId: s.station.id,
        stationName: s.station.name,
        orgId: s.station.orgId,
        type: pick(['closed-when-open', 'no-water', 'microwave-broken'] as const),
        status: random() < 0.6 ? 'open' : 'resolved',
        reporterName: '王*',
        createdAt,
      },
      s.org.path,
      `bench-reporter-${i}`,
      1000,
    );
    count('reports', s.org);
  });
  say(`  reports ${written.reports}`);

  // audit entries, as staff writes record them
  await pool(
    Array.from({ length: spec.sizes.audit }, (_, i) => i),
    concurrency,
    async (i) => {
      const o = anyOrg();
      await recordAudit({
        principal: {
          userId: pick(['bench-city-admin', 'bench-district-staff', 'bench-street-staff']),
          role: 'staff',
          actingOrgId: o.path[Math.max(0, o.path.length - 2)]!,
        },
        org: o,
        kind: pick(AUDIT_KINDS),
        object: { type: 'bench', id: `obj-${i}`, label: `对象${i}` },
        summary: `基准测试记录 ${i}`,
        now: new Date(now - Math.floor(random() * 200 * DAY)),
      });
      count('audit', o);
    },
  );
  say(`  audit entries ${written.audit}`);
  return written;
}

/** The worker of the member persona: an active member of `orgId`. */
export async function writeWorkerMember(userId: string, org: Org, seed: number): Promise<void> {
  const joinedAt = new Date(Date.now() - 100 * DAY).toISOString();
  await createMember(
    {
      userId,
      name: '王师傅',
      mobile: `199${pad(seed % 100, 2)}000001`,
      employer: '美团',
      occupation: 'food-delivery',
      newEmploymentForm: true,
      orgId: org.id,
      status: 'active',
      joinedAt,
      cardRequest: 'none',
      history: [{ at: joinedAt, what: '提交入会申请' }],
    } as Parameters<typeof createMember>[0],
    org.path,
  );
}
