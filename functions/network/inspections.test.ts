import { randomBytes, randomUUID } from 'node:crypto';
import jpeg from 'jpeg-js';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { handler as appointSupervisors } from './appoint-supervisors';
import { handler as listStationSupervisors } from './list-station-supervisors';
import { handler as removeSupervisor } from './remove-supervisor';
import { handler as listMySupervision } from './list-my-supervision';
import { handler as createEvidenceUpload } from './create-evidence-upload';
import { handler as submitInspection } from './submit-inspection';
import { handler as listStationInspections } from './list-station-inspections';
import { handler as getInspection } from './get-inspection';
import { handler as listOverdueInspections } from './list-overdue-inspections';
import { handler as createStation } from '../stations/create-station';
import { handler as updateStation } from '../stations/update-station';
import { handler as listStaffReports } from '../stations/list-staff-reports';
import { handler as resolveReport } from '../stations/resolve-report';
import { handler as listMyMessages } from '../messages/list-my-messages';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { member } from '../../test/functions-support/activities';
import { signSession } from '../lib/auth/session-token';
import { objectSize, s3 } from '../lib/s3';
import { evidenceUploadKey } from '../lib/evidence-photos';
import { listAuditEntries } from '../tables/audit';
import { putOrg } from '../tables/orgs';
import { putUserWithIdentity } from '../tables/users';
import { rescopeStationsOfOrg, stationIdFor } from '../tables/stations';
import { dayPeriod, monthPeriod, readStats } from '../tables/stats';
import {
  bestPage,
  flagClosedTwice,
  getDue,
  inspectionIdFor,
  isSupervisor,
  overduePage,
  quarterStart,
  recordInspection,
} from '../tables/network';
import { PHOTO_WRONG_TYPE } from '../../shared/schemas/station-photo';
import { SevenItem } from '../../shared/schemas/network';
import type { Org } from '../../shared/schemas/org';
import { distanceMeters, toGcj02 } from '../../shared/geo';
import type { Message } from '../../shared/schemas/message';
import type { StationInput } from '../../shared/schemas/station';

/**
 * Volunteer supervisors, inspections and their tasks (docs/station-network.md), against DynamoDB
 * Local and the local S3. A city of its own (a root org and one street below it, so its overdue list,
 * queue and counters hold only what this file writes), stations around Xi'an (lat 34.26, lng 108.94),
 * far from the demo data and every other test's area.
 */
const tag = randomBytes(3).toString('hex');
const CITY = `xa${tag}`;
const STREET = `xa${tag}-s`;
const org = (id: string, level: Org['level'], parentId: string | null, path: string[]): Org => ({
  id,
  code: `xa${tag}${level === 'city' ? 'C' : 'S'}`,
  status: 'open',
  name: `西安检查测试${id}`,
  shortName: `西安${level === 'city' ? '市' : '街道'}`,
  level,
  parentId,
  path,
});
const HOME = { lat: 34.26, lng: 108.94 };
const CITY_PATH = [CITY];

let staff: string;
let n = 0;
const input = (overrides: Partial<StationInput> = {}): StationInput => ({
  name: `西安驿站${tag}-${n++}`,
  address: '陕西省西安市测试路 1 号',
  orgId: STREET,
  kind: 'outdoor-worker-station',
  // a few hundred metres apart
  location: { lat: HOME.lat + n * 0.004, lng: HOME.lng },
  amenities: ['hot-water'],
  hours: { allDay: true, weekly: [[], [], [], [], [], [], []] },
  photos: [],
  honours: [],
  status: 'open',
  ...overrides,
});

async function newStation(overrides: Partial<StationInput> = {}) {
  const reply = await invoke(createStation, { method: 'POST', body: input(overrides), token: staff });
  expect(reply.status).toBe(201);
  return reply.body as { id: string; name: string; location: { lat: number; lng: number } };
}

beforeAll(async () => {
  await putOrg(org(CITY, 'city', null, CITY_PATH));
  await putOrg(org(STREET, 'street', CITY, [CITY, STREET]));
  const id = `xa-staff-${tag}`;
  await putUserWithIdentity(
    { id, role: 'staff', displayName: '西安检查员', actingOrgId: CITY, createdAt: new Date().toISOString(), sessionVersion: 0 },
    `xa-identity-${randomUUID()}`,
  );
  staff = (await signSession({ userId: id, role: 'staff', actingOrgId: CITY })).token;
});

/** A JPEG as a phone makes it. */
function jpegOf(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([(i % width) % 256, Math.floor(i / width) % 256, 90, 255], i * 4);
  return jpeg.encode({ data, width, height }, 80).data;
}

/** Asks for an evidence upload and posts the file to the presigned URL as a browser form would. */
async function upload(token: string, file: Buffer, contentType = 'image/jpeg'): Promise<string> {
  const ticket = await invoke(createEvidenceUpload, { method: 'POST', body: { contentType, size: file.length }, token });
  expect(ticket.status).toBe(201);
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.body.fields as Record<string, string>)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(file)], { type: contentType }), 'photo.jpg');
  const posted = await fetch(ticket.body.url, { method: 'POST', body: form });
  expect(posted.status).toBeLessThan(300);
  return ticket.body.uploadId;
}

const appoint = (memberNo: string, stationIds: string[], token = staff) =>
  invoke(appointSupervisors, { method: 'POST', body: { memberNo, stationIds }, token });

type ItemInput = { item: string; result: 'pass' | 'fail' | 'na'; note?: string; photos?: string[] };
/** All seven 七有 items passed, but those given. */
const itemsWith = (...changed: ItemInput[]): ItemInput[] => [
  ...SevenItem.options.map((item) => changed.find((c) => c.item === item) ?? { item, result: 'pass' as const }),
  ...changed.filter((c) => !SevenItem.options.includes(c.item as never)),
];
const submit = (
  stationId: string,
  token: string,
  body: { items: ItemInput[]; position?: { lat: number; lng: number; coord?: string }; clientRequestId?: string },
) =>
  invoke(submitInspection, {
    method: 'POST',
    params: { stationId },
    body: { clientRequestId: body.clientRequestId ?? randomUUID(), position: body.position, items: body.items },
    token,
  });
/** Standing at the station (a few metres off). */
const at = (s: { location: { lat: number; lng: number } }) => ({ lat: s.location.lat + 0.0001, lng: s.location.lng });

const network = async (when = new Date()) => {
  const stats = await readStats(CITY, [dayPeriod(when), monthPeriod(when)], ['network']);
  return { day: stats[dayPeriod(when)]!.network ?? {}, month: stats[monthPeriod(when)]!.network ?? {} };
};

describe('appointing supervisors', () => {
  it('appoints an active member by 会员号 for stations of the caller’s scope; again changes nothing', async () => {
    const [a, b] = [await newStation(), await newStation()];
    const supervisor = await member({ name: '王建国' });
    const first = await appoint(supervisor.memberNo, [a.id, b.id]);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ supervisor: { name: '王*国', memberNo: supervisor.memberNo }, stationIds: [a.id, b.id] });
    expect((await appoint(supervisor.memberNo, [a.id])).status).toBe(200);

    const list = await invoke(listStationSupervisors, { params: { stationId: a.id }, query: {}, token: staff });
    expect(list.body.supervisors).toEqual([
      expect.objectContaining({ userId: supervisor.userId, name: '王*国', memberNo: supervisor.memberNo, occupation: 'cleaner' }),
    ]);
    const mine = await invoke(listMySupervision, { query: {}, token: supervisor.token });
    expect(mine.body.stations.map((s: { stationId: string; due: boolean }) => [s.stationId, s.due]).sort()).toEqual(
      [
        [a.id, true],
        [b.id, true],
      ].sort(),
    );
    expect(await isSupervisor(supervisor.userId, a.id)).toBe(true);
  });

  it('我监督的驿站 shows a station as it is now: renamed and moved after the appointment', async () => {
    const s = await newStation();
    const supervisor = await member();
    await appoint(supervisor.memberNo, [s.id]);
    const moved = { lat: s.location.lat + 0.001, lng: s.location.lng + 0.001 };
    const edited = await invoke(updateStation, {
      method: 'PUT',
      params: { stationId: s.id },
      body: input({ name: `西安新名驿站${tag}`, address: '陕西省西安市新址路 8 号', location: moved }),
      token: staff,
    });
    expect(edited.status).toBe(200);
    const mine = await invoke(listMySupervision, { query: {}, token: supervisor.token });
    expect(mine.body.stations).toEqual([
      expect.objectContaining({
        stationId: s.id,
        name: `西安新名驿站${tag}`,
        address: '陕西省西安市新址路 8 号',
        location: { lat: expect.closeTo(moved.lat, 6), lng: expect.closeTo(moved.lng, 6) },
        due: true,
      }),
    ]);
  });

  it('refuses an unknown 会员号 and a member not yet approved beside the field', async () => {
    const s = await newStation();
    const unknown = await appoint('000000000000', [s.id]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.fieldErrors).toEqual({ memberNo: ['找不到这个会员号'] });
    const pending = await member({ status: 'pending' });
    const notYet = await appoint(pending.memberNo, [s.id]);
    expect(notYet.status).toBe(400);
    expect(notYet.body.fieldErrors).toEqual({ memberNo: ['该会员尚未通过审核'] });
  });

  it('refuses a station outside the caller’s scope (403) and appoints nothing', async () => {
    const mine = await newStation();
    const shunyiStation = stationIdFor('shunyi-houshayu', 'demo-shunyi-houshayu-02');
    const supervisor = await member();
    const reply = await appoint(supervisor.memberNo, [mine.id, shunyiStation]);
    expect(reply.status).toBe(403);
    expect(await isSupervisor(supervisor.userId, mine.id)).toBe(false);
  });

  it('removes a supervisor (again: removed false); they can no longer inspect', async () => {
    const s = await newStation();
    const supervisor = await member();
    await appoint(supervisor.memberNo, [s.id]);
    const removed = await invoke(removeSupervisor, {
      method: 'POST',
      params: { stationId: s.id, userId: supervisor.userId },
      token: staff,
    });
    expect(removed.body).toEqual({ removed: true });
    const again = await invoke(removeSupervisor, { method: 'POST', params: { stationId: s.id, userId: supervisor.userId }, token: staff });
    expect(again.body).toEqual({ removed: false });
    const reply = await submit(s.id, supervisor.token, { items: itemsWith(), position: at(s) });
    expect(reply.status).toBe(403);
  });
});

describe('inspecting', () => {
  it('refuses an inspection from 5 km away with the distance, beside the position', async () => {
    const s = await newStation();
    const supervisor = await member();
    await appoint(supervisor.memberNo, [s.id]);
    const reply = await submit(s.id, supervisor.token, {
      items: itemsWith(),
      position: { lat: s.location.lat + 0.045, lng: s.location.lng },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.message).toBe('您距离驿站约 5.0 公里，须在驿站 200 米内提交检查');
    expect(reply.body.fieldErrors).toEqual({ position: ['您距离驿站约 5.0 公里，须在驿站 200 米内提交检查'] });
    // 300 m: in metres
    const near = await submit(s.id, supervisor.token, {
      items: itemsWith(),
      position: { lat: s.location.lat + 0.0027, lng: s.location.lng },
    });
    expect(near.body.message).toBe('您距离驿站约 300 米，须在驿站 200 米内提交检查');
    // a WGS-84 position is converted to GCJ-02 first (the station's numbers read as WGS-84 lie some way off)
    const shifted = Math.round(distanceMeters(toGcj02(s.location.lat, s.location.lng, 'wgs84'), s.location));
    const wgs = await submit(s.id, supervisor.token, { items: itemsWith(), position: { ...s.location, coord: 'wgs84' } });
    expect(wgs.status).toBe(shifted > 200 ? 400 : 201);
  });

  it('refuses a supervisor inspecting a station not assigned to them (403)', async () => {
    const [mine, other] = [await newStation(), await newStation()];
    const supervisor = await member();
    await appoint(supervisor.memberNo, [mine.id]);
    const reply = await submit(other.id, supervisor.token, { items: itemsWith(), position: at(other) });
    expect(reply.status).toBe(403);
    expect(reply.body.message).toBe('您不是这个驿站的义务监督员');
    // and a worker who supervises nothing may not even upload photos
    const stranger = await member();
    const ticket = await invoke(createEvidenceUpload, {
      method: 'POST',
      body: { contentType: 'image/jpeg', size: 1000 },
      token: stranger.token,
    });
    expect(ticket.status).toBe(403);
  });

  it('refuses a photo that is not an image, beside its item, and writes nothing', async () => {
    const s = await newStation();
    const supervisor = await member();
    await appoint(supervisor.memberNo, [s.id]);
    const good = await upload(supervisor.token, jpegOf(64, 48));
    const beside = await upload(supervisor.token, jpegOf(48, 64));
    const bad = await upload(supervisor.token, Buffer.from('<html>not a photo</html>'));
    const clientRequestId = randomUUID();
    const reply = await submit(s.id, supervisor.token, {
      clientRequestId,
      position: at(s),
      items: itemsWith(
        { item: 'sign', result: 'pass', photos: [good] },
        { item: 'water-hot', result: 'fail', note: '没有热水', photos: [beside, bad] },
      ),
    });
    expect(reply.status).toBe(400);
    // the photo itself is named (the item's second), so the app marks its tile
    expect(reply.body.fieldErrors).toEqual({ 'items.7.photos.1': [PHOTO_WRONG_TYPE] });
    expect(await objectSize(evidenceUploadKey(supervisor.userId, bad))).toBeNull(); // the bad one is deleted
    expect(await objectSize(evidenceUploadKey(supervisor.userId, good))).not.toBeNull(); // the good one waits for the resend
    const id = inspectionIdFor(supervisor.userId, clientRequestId);
    // the photos this attempt stored are deleted again, the one stored for the failing item too
    for (const stored of [good, beside]) expect(await objectSize(`evidence/${id}/${stored}.jpg`)).toBeNull();
    expect(await objectSize(evidenceUploadKey(supervisor.userId, beside))).not.toBeNull();
    expect(await getDue(s.id)).toEqual({ flagged: false });
  });

  it('a retry running while the first submit stores its photos answers the first inspection and deletes none of its photos', async () => {
    const s = await newStation();
    const supervisor = await member();
    await appoint(supervisor.memberNo, [s.id]);
    const [a, b] = [await upload(supervisor.token, jpegOf(64, 48)), await upload(supervisor.token, jpegOf(80, 60))];
    const body = {
      clientRequestId: randomUUID(),
      position: at(s),
      items: itemsWith(
        { item: 'sign', result: 'pass', photos: [a] },
        { item: 'facilities', result: 'fail', note: '微波炉坏了', photos: [b] },
      ),
    };
    // The retry has found no inspection yet and stored photo a; as it turns to photo b, the first
    // submit (the same clientRequestId) finishes: it writes the inspection and deletes both uploads.
    const client = s3();
    const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
    let first: Promise<Awaited<ReturnType<typeof submit>>> | undefined;
    const spy = jest.spyOn(client, 'send').mockImplementation((async (command: { input?: { Key?: string } }) => {
      if (!first && command instanceof HeadObjectCommand && command.input.Key === evidenceUploadKey(supervisor.userId, b)) {
        first = submit(s.id, supervisor.token, body);
        await first;
      }
      return send(command);
    }) as never);
    let retry: Awaited<ReturnType<typeof submit>>;
    try {
      retry = await submit(s.id, supervisor.token, body);
    } finally {
      spy.mockRestore();
    }
    const firstReply = await first!;
    expect(firstReply.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(firstReply.body.id);
    expect(retry.body.items.find((it: { item: string }) => it.item === 'facilities').task).toMatchObject({ status: 'open' });
    // every photo the inspection points to is still there
    const id = inspectionIdFor(supervisor.userId, body.clientRequestId);
    for (const upload of [a, b])
      for (const key of [`evidence/${id}/${upload}.jpg`, `evidence/${id}/${upload}-thumb.jpg`])
        expect(await objectSize(key)).not.toBeNull();
    const shown = (await invoke(getInspection, { params: { inspectionId: id }, token: supervisor.token })).body;
    for (const item of ['sign', 'facilities']) {
      const [photo] = shown.items.find((it: { item: string }) => it.item === item).photos;
      expect((await fetch(photo.url)).status).toBe(200);
    }
  });

  it('a failed item with a photo opens a task in the station org’s queue; resolved with a note and photo, the supervisor is told and sees it', async () => {
    const before = await network();
    const s = await newStation({ name: `西安任务驿站${tag}` });
    const supervisor = await member({ name: '李监督' });
    await appoint(supervisor.memberNo, [s.id]);
    const photo = await upload(supervisor.token, jpegOf(1200, 900));
    const clientRequestId = randomUUID();
    const body = {
      clientRequestId,
      position: at(s),
      items: itemsWith(
        { item: 'facilities', result: 'fail', note: '微波炉坏了', photos: [photo] },
        { item: 'water-hot', result: 'pass' },
        { item: 'charger-works', result: 'na' },
      ),
    };
    const reply = await submit(s.id, supervisor.token, body);
    expect(reply.status).toBe(201);
    const inspection = reply.body;
    expect(inspection).toMatchObject({ stationId: s.id, orgId: STREET, supervisorName: '李*督', score: 88, failed: 1 });
    expect(inspection.distanceMeters).toBeGreaterThan(5);
    expect(inspection.distanceMeters).toBeLessThan(20);
    const failed = inspection.items.find((it: { item: string }) => it.item === 'facilities');
    expect(failed).toMatchObject({ result: 'fail', note: '微波炉坏了', task: { status: 'open', photos: [] } });
    expect(failed.photos).toHaveLength(1);
    const thumb = await fetch(failed.photos[0].thumbUrl);
    expect(thumb.status).toBe(200);
    expect(jpeg.decode(new Uint8Array(await thumb.arrayBuffer())).width).toBe(360);
    expect(await objectSize(evidenceUploadKey(supervisor.userId, photo))).toBeNull(); // moved: the upload is gone

    // a retried submit answers the same inspection and opens no second task
    const retry = await submit(s.id, supervisor.token, body);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(inspection.id);
    expect(retry.body.items.find((it: { item: string }) => it.item === 'facilities').photos).toHaveLength(1);

    // the task in the queue of the station's org (the city's staff see their subtree)
    const queue = await invoke(listStaffReports, { query: { status: 'open' }, token: staff });
    const tasks = queue.body.reports.filter((r: { inspectionId?: string }) => r.inspectionId === inspection.id);
    expect(tasks).toHaveLength(1);
    const [task] = tasks;
    expect(task).toMatchObject({
      id: failed.taskId,
      type: 'inspection-failed',
      source: 'inspection',
      item: 'facilities',
      note: '微波炉坏了',
      orgId: STREET,
      stationName: s.name,
      reporterName: '李*督',
    });
    expect(task.photos).toHaveLength(1);
    expect((await fetch(task.photos[0].url)).status).toBe(200);
    expect(task).not.toHaveProperty('photoKeys');

    // resolved with a note and a photo of the new microwave
    const fixed = await upload(staff, jpegOf(800, 600));
    const resolved = await invoke(resolveReport, {
      method: 'POST',
      params: { reportId: task.id },
      body: { note: '已换新微波炉', photo: fixed },
      token: staff,
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolutionNote: '已换新微波炉' });
    expect(resolved.body.resolutionPhotos).toHaveLength(1);
    expect((await fetch(resolved.body.resolutionPhotos[0].url)).status).toBe(200);
    expect(await objectSize(evidenceUploadKey(`xa-staff-${tag}`, fixed))).toBeNull();

    const { messages } = (await invoke(listMyMessages, { query: {}, token: supervisor.token })).body as { messages: Message[] };
    expect(messages.map((m) => [m.title, m.body])).toEqual([
      ['您检查发现的问题已处理', `「${s.name}」检查发现的问题（有设施）已处理：已换新微波炉。感谢您的监督！`],
    ]);
    // 查看 opens the inspection (its item now shows the resolution), not the station
    expect(messages[0]!.target).toEqual({ screen: 'inspection', id: inspection.id });

    const detail = await invoke(getInspection, { params: { inspectionId: inspection.id }, token: supervisor.token });
    expect(detail.status).toBe(200);
    const item = detail.body.items.find((it: { item: string }) => it.item === 'facilities');
    expect(item.task).toMatchObject({ status: 'resolved', resolutionNote: '已换新微波炉' });
    expect(item.task.photos).toHaveLength(1);
    expect((await fetch(item.task.photos[0].thumbUrl)).status).toBe(200);

    // the history: the supervisor and the station's staff; nobody else
    const history = await invoke(listStationInspections, { params: { stationId: s.id }, query: {}, token: staff });
    expect(history.body.inspections.map((i: { id: string }) => i.id)).toEqual([inspection.id]);
    const stranger = await member();
    expect((await invoke(getInspection, { params: { inspectionId: inspection.id }, token: stranger.token })).status).toBe(403);
    expect((await invoke(listStationInspections, { params: { stationId: s.id }, query: {}, token: stranger.token })).status).toBe(403);
    expect((await invoke(getInspection, { params: { inspectionId: inspection.id }, token: await tokenFor('shunyi-staff') })).status).toBe(
      403,
    );

    // its due item, its supervisor's list and the 最美驿站 candidates
    expect(await getDue(s.id)).toEqual({ lastInspectedAt: inspection.submittedAt, lastScore: 88, flagged: false });
    const mine = await invoke(listMySupervision, { query: {}, token: supervisor.token });
    expect(mine.body.stations).toEqual([expect.objectContaining({ stationId: s.id, lastScore: 88, due: false })]);
    const best = await bestPage({ id: CITY, path: CITY_PATH }, 100);
    expect(best.stations.find((b) => b.stationId === s.id)).toMatchObject({ score: 88, inspectionId: inspection.id });

    // the counters: exactly this inspection, its task opened and resolved within the hour
    const after = await network();
    for (const period of ['day', 'month'] as const) {
      const delta = (name: string) => (after[period][name] ?? 0) - (before[period][name] ?? 0);
      expect(['inspections', 'firstInQuarter', 'failedItems', 'problemsOpened', 'problemsResolved', 'resolvele1h'].map(delta)).toEqual([
        1, 1, 1, 1, 1, 1,
      ]);
    }
  });

  it('two staff resolving a task at once: one resolution, audited once, the supervisor told once', async () => {
    const s = await newStation();
    const supervisor = await member();
    await appoint(supervisor.memberNo, [s.id]);
    const reply = await submit(s.id, supervisor.token, {
      items: itemsWith({ item: 'rules', result: 'fail', note: '制度没上墙' }),
      position: at(s),
    });
    expect(reply.status).toBe(201);
    const taskId = reply.body.items.find((it: { item: string }) => it.item === 'rules').taskId as string;
    const colleague = `xa-staff2-${tag}-${n++}`;
    await putUserWithIdentity(
      {
        id: colleague,
        role: 'staff',
        displayName: '西安值班员',
        actingOrgId: STREET,
        createdAt: new Date().toISOString(),
        sessionVersion: 0,
      },
      `xa-identity-${randomUUID()}`,
    );
    const tokens = [staff, (await signSession({ userId: colleague, role: 'staff', actingOrgId: STREET })).token];
    const before = await network();
    const replies = await Promise.all(
      tokens.map((token, i) =>
        invoke(resolveReport, { method: 'POST', params: { reportId: taskId }, body: { note: `已上墙 ${i}` }, token }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    // both answer the one resolution that stands
    expect(replies[0]!.body.resolutionNote).toBe(replies[1]!.body.resolutionNote);
    const audit = await listAuditEntries({ id: CITY, path: CITY_PATH }, { kind: 'report.resolve' }, 100);
    expect(audit.entries.filter((e) => e.objectId === taskId)).toHaveLength(1);
    const { messages } = (await invoke(listMyMessages, { query: {}, token: supervisor.token })).body as { messages: Message[] };
    expect(messages).toHaveLength(1);
    expect(messages[0]!.body).toContain(replies[0]!.body.resolutionNote);
    const after = await network();
    expect((after.day.problemsResolved ?? 0) - (before.day.problemsResolved ?? 0)).toBe(1);
  });

  it('counts a second inspection in the quarter, but not as the first; an edit of the station keeps its last inspection', async () => {
    const s = await newStation();
    const supervisor = await member();
    await appoint(supervisor.memberNo, [s.id]);
    const before = await network();
    expect((await submit(s.id, supervisor.token, { items: itemsWith(), position: at(s) })).status).toBe(201);
    const second = await submit(s.id, supervisor.token, {
      items: itemsWith({ item: 'rules', result: 'fail', note: '制度没上墙' }),
      position: at(s),
    });
    expect(second.body.score).toBe(86);
    const after = await network();
    const delta = (name: string) => (after.day[name] ?? 0) - (before.day[name] ?? 0);
    expect(['inspections', 'firstInQuarter', 'failedItems', 'problemsOpened'].map(delta)).toEqual([2, 1, 1, 1]);

    const edited = await invoke(updateStation, {
      method: 'PUT',
      params: { stationId: s.id },
      body: input({ name: '改名后的西安驿站', location: s.location }),
      token: staff,
    });
    expect(edited.status).toBe(200);
    expect(await getDue(s.id)).toEqual({ lastInspectedAt: second.body.submittedAt, lastScore: 86, flagged: false });
  });
});

describe('the overdue list', () => {
  it('lists never-inspected and last quarter’s stations, not this quarter’s; flagged first; a page at a time', async () => {
    // this file's city: every station of it is here, some written by the tests above
    const [never, lastQuarter, thisQuarter, flagged] = [await newStation(), await newStation(), await newStation(), await newStation()];
    const supervisor = await member();
    await appoint(supervisor.memberNo, [lastQuarter.id, thisQuarter.id, flagged.id]);
    // an inspection in the last days of the previous quarter, recorded as the route would
    const previous = new Date(Date.parse(quarterStart()) - 3 * 24 * 3600_000).toISOString();
    const old = await recordInspection(
      {
        id: `i-old${tag}`,
        stationId: lastQuarter.id,
        stationName: 'x',
        orgId: STREET,
        supervisorId: supervisor.userId,
        supervisorName: '某*人',
        submittedAt: previous,
        distanceMeters: 3,
        score: 100,
        failed: 0,
        items: [],
      },
      { ...input(), id: lastQuarter.id, name: 'x', orgId: STREET },
      [CITY, STREET],
      [],
    );
    expect(old).toHaveProperty('created');
    expect((await submit(thisQuarter.id, supervisor.token, { items: itemsWith(), position: at(thisQuarter) })).status).toBe(201);
    expect((await submit(flagged.id, supervisor.token, { items: itemsWith(), position: at(flagged) })).status).toBe(201);
    await flagClosedTwice(flagged.id); // reported closed twice in open hours after this quarter's inspection
    await flagClosedTwice(flagged.id); // again: nothing changes
    expect(await getDue(flagged.id)).toMatchObject({ flagged: true });

    const page = await invoke(listOverdueInspections, { query: {}, token: staff });
    expect(page.status).toBe(200);
    const ids = page.body.stations.map((s: { stationId: string }) => s.stationId);
    expect(ids[0]).toBe(flagged.id);
    expect(page.body.stations[0]).toMatchObject({ flagged: true, lastScore: 100 });
    expect(ids).toEqual(expect.arrayContaining([never.id, lastQuarter.id]));
    expect(ids).not.toContain(thisQuarter.id);
    // the never-inspected before the one inspected last quarter (the longest uninspected first)
    expect(ids.indexOf(never.id)).toBeLessThan(ids.indexOf(lastQuarter.id));
    expect(page.body.stations.find((s: { stationId: string }) => s.stationId === lastQuarter.id)).toMatchObject({
      lastInspectedAt: previous,
      flagged: false,
      kind: 'outdoor-worker-station',
      orgId: STREET,
    });

    // a page at a time: the same stations in the same order
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const next = await overduePage({ id: CITY, path: CITY_PATH }, 2, cursor);
      paged.push(...next.stations.map((s) => s.stationId));
      cursor = next.nextCursor;
    } while (cursor);
    expect(paged).toEqual(ids);
    // a cursor of another list is refused
    expect((await invoke(listOverdueInspections, { query: { cursor: 'garbage' }, token: staff })).status).toBe(400);

    // inspected now: off the list, flag cleared
    const reinspected = await submit(flagged.id, supervisor.token, { items: itemsWith(), position: at(flagged) });
    expect(reinspected.status).toBe(201);
    const again = await invoke(listOverdueInspections, { query: {}, token: staff });
    expect(again.body.stations.map((s: { stationId: string }) => s.stationId)).not.toContain(flagged.id);
  });
});

describe('an org moved', () => {
  it('takes its stations’ due and best items to the lists of its new path', async () => {
    const [city2, street2] = [`xa${tag}-2`, `xa${tag}-m`];
    await putOrg({ ...org(city2, 'city', null, [city2]), code: `xa${tag}C2` });
    await putOrg({ ...org(street2, 'street', CITY, [CITY, street2]), code: `xa${tag}M` });
    const [never, inspected] = [await newStation({ orgId: street2 }), await newStation({ orgId: street2 })];
    const supervisor = await member();
    await appoint(supervisor.memberNo, [inspected.id]);
    expect((await submit(inspected.id, supervisor.token, { items: itemsWith(), position: at(inspected) })).status).toBe(201);
    const overdueOf = async (root: string) => (await overduePage({ id: root, path: [root] }, 100)).stations.map((s) => s.stationId);
    const bestOf = async (root: string) => (await bestPage({ id: root, path: [root] }, 100)).stations.map((s) => s.stationId);
    expect(await overdueOf(CITY)).toContain(never.id);
    expect(await bestOf(CITY)).toContain(inspected.id);

    // the street moved under the other city (org admin): its items are rescoped from its new path
    let cursor: string | undefined;
    do cursor = (await rescopeStationsOfOrg(street2, [city2, street2], cursor)).nextCursor;
    while (cursor);
    expect(await overdueOf(city2)).toEqual([never.id]);
    expect(await overdueOf(CITY)).not.toContain(never.id);
    expect(await bestOf(city2)).toEqual([inspected.id]);
    expect(await bestOf(CITY)).not.toContain(inspected.id);
    expect(await getDue(inspected.id)).toMatchObject({ lastScore: 100 });
  });
});
