import jpeg from 'jpeg-js';
import { handler as createStation } from './create-station';
import { handler as getStation } from './get-station';
import { handler as createPhotoUpload } from './create-photo-upload';
import { handler as addStationPhoto } from './add-station-photo';
import { handler as removeStationPhoto } from './remove-station-photo';
import { recheckPhotos } from './photo-check';
import { photoKey, uploadKey } from './station-photos';
import { objectSize } from '../lib/s3';
import { forgetAccessToken } from '../lib/wechat/access-token';
import { pendingPhotoChecks } from '../tables/photo-checks';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { startFakeWechat, type FakeWechat } from '../../test/functions-support/fake-wechat';
import { PHOTO_REFUSED, photoCheckNotice } from '../../shared/schemas/station-photo';
import type { StationInput } from '../../shared/schemas/station';

/**
 * WeChat's picture check on station photos (docs/privacy-and-content.md, "Photos"), against the
 * fake WeChat (a mostly red picture is risky; over 750 × 1334 px or 1 MB is refused with 40006),
 * s3rver and DynamoDB Local.
 */
const input: StationInput = {
  name: '照片审核测试驿站',
  address: '测试路 11 号',
  orgId: 'fengtai-lugouqiao-logistics',
  kind: 'union-station',
  location: { lat: 29.67, lng: 91.13 },
  amenities: ['hot-water'],
  hours: { allDay: true, weekly: [[], [], [], [], [], [], []] },
  photos: [],
  honours: [],
  status: 'open',
};

/** A photo: a colour gradient (passes), or all red (the fake's marker for risky). */
function jpegOf(width: number, height: number, red = false): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data.set(red ? [230, 20, 20, 255] : [(i % width) % 256, Math.floor(i / width) % 256, 120, 255], i * 4);
  }
  return jpeg.encode({ data, width, height }, 80).data;
}

let staff: string;
let worker: string;
let wechat: FakeWechat;
beforeAll(async () => {
  wechat = await startFakeWechat();
  process.env.WECHAT_API_BASE = wechat.baseUrl;
  [staff, worker] = await Promise.all([tokenFor('staff'), tokenFor('worker')]);
});
afterAll(() => wechat.close());
beforeEach(() => {
  wechat.down = false;
  forgetAccessToken();
});

async function newStationId(): Promise<string> {
  const reply = await invoke(createStation, { method: 'POST', body: input, token: staff });
  expect(reply.status).toBe(201);
  return reply.body.id;
}

async function upload(stationId: string, file: Buffer): Promise<string> {
  const ticket = await invoke(createPhotoUpload, {
    method: 'POST',
    params: { stationId },
    body: { contentType: 'image/jpeg', size: file.length },
    token: staff,
  });
  expect(ticket.status).toBe(201);
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.body.fields as Record<string, string>)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(file)], { type: 'image/jpeg' }), 'photo.jpg');
  expect((await fetch(ticket.body.url, { method: 'POST', body: form })).status).toBeLessThan(300);
  return ticket.body.uploadId;
}

const add = (stationId: string, uploadId: string) =>
  invoke(addStationPhoto, { method: 'POST', params: { stationId }, body: { uploadId }, token: staff });

type Photo = { id?: string; contentCheck?: string; notice?: string };
const detail = async (stationId: string, token: string) => {
  const reply = await invoke(getStation, { params: { stationId }, token });
  expect(reply.status).toBe(200);
  return { gallery: reply.body.gallery as Photo[], station: reply.body.station as Record<string, unknown> };
};
const imageChecks = () => wechat.calls.filter((c) => c.url.pathname === '/wxa/img_sec_check');

/** Runs the sweep until it has nothing left that WeChat answers (other files add no held photos). */
async function sweep() {
  while ((await recheckPhotos()).settled > 0);
}

describe('station photos pass WeChat’s picture check before others see them', () => {
  it('passes: shown to workers; WeChat got a JPEG within its 750 × 1334 px and 1 MB, not the 3000 px original', async () => {
    const stationId = await newStationId();
    const uploadId = await upload(stationId, jpegOf(3000, 2000));
    const before = imageChecks().length;
    const added = await add(stationId, uploadId);
    expect(added.status).toBe(200);
    expect(added.body.photos).toEqual([expect.objectContaining({ id: uploadId })]);
    expect(added.body.photos[0].contentCheck).toBeUndefined();

    const [call] = imageChecks().slice(before);
    const media = call!.body.media as Buffer;
    const sent = jpeg.decode(new Uint8Array(media));
    expect(sent.width).toBeLessThanOrEqual(750);
    expect(sent.height).toBeLessThanOrEqual(1334);
    expect(sent.width).toBe(750); // as large as WeChat takes
    expect(media.length).toBeLessThanOrEqual(1024 * 1024);
    expect(call!.url.searchParams.get('access_token')).toBeTruthy();

    expect((await detail(stationId, worker)).gallery.map((p) => p.id)).toEqual([uploadId]);
  });

  it('risky: refused with a Chinese reason beside the upload, files deleted, never listed', async () => {
    const stationId = await newStationId();
    const uploadId = await upload(stationId, jpegOf(800, 600, true));
    const reply = await add(stationId, uploadId);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ code: 'bad_request', message: PHOTO_REFUSED, fieldErrors: { uploadId: [PHOTO_REFUSED] } });
    expect(await objectSize(uploadKey(stationId, uploadId))).toBeNull();
    expect(await objectSize(photoKey(stationId, uploadId))).toBeNull();
    for (const token of [worker, staff]) {
      const seen = await detail(stationId, token);
      expect(seen.gallery).toEqual([]);
      expect(seen.station.photoIds).toEqual([]);
    }
  });

  it('WeChat down: held — the staff see it marked, workers see neither it nor its id; the sweep shows it once WeChat answers', async () => {
    const stationId = await newStationId();
    const uploadId = await upload(stationId, jpegOf(1200, 900));
    wechat.down = true;
    const added = await add(stationId, uploadId);
    expect(added.status).toBe(200);
    expect(added.body.photos).toEqual([
      expect.objectContaining({ id: uploadId, contentCheck: 'pending', notice: photoCheckNotice.pending }),
    ]);
    expect(await objectSize(uploadKey(stationId, uploadId))).toBeNull();

    const staffView = await detail(stationId, staff);
    expect(staffView.gallery).toEqual([expect.objectContaining({ id: uploadId, contentCheck: 'pending' })]);
    const workerView = await detail(stationId, worker);
    expect(workerView.gallery).toEqual([]);
    expect(workerView.station.photoIds).toEqual([]);
    expect(JSON.stringify(workerView)).not.toContain(uploadId);
    // staff of another district are "others" too
    expect((await detail(stationId, await tokenFor('shunyi-staff'))).gallery).toEqual([]);

    // a retry of the add while held adds nothing and asks nothing
    const retry = await add(stationId, uploadId);
    expect(retry.body.photos).toHaveLength(1);

    // still down: the sweep keeps it held
    expect(await recheckPhotos()).toMatchObject({ settled: 0 });
    expect((await detail(stationId, worker)).gallery).toEqual([]);

    wechat.down = false;
    await sweep();
    expect((await detail(stationId, worker)).gallery.map((p) => p.id)).toEqual([uploadId]);
    expect((await detail(stationId, staff)).gallery[0]!.contentCheck).toBeUndefined();
    expect((await pendingPhotoChecks(100)).some((c) => c.photoId === uploadId)).toBe(false);
  });

  it('held, then refused by the sweep: still hidden from others, marked refused for the staff, who remove it', async () => {
    const stationId = await newStationId();
    const uploadId = await upload(stationId, jpegOf(640, 480, true));
    wechat.failNext('/wxa/img_sec_check', -1); // system busy: no verdict
    const added = await add(stationId, uploadId);
    expect(added.body.photos[0]).toMatchObject({ contentCheck: 'pending' });

    await sweep();
    expect((await detail(stationId, worker)).gallery).toEqual([]);
    const staffView = await detail(stationId, staff);
    expect(staffView.gallery).toEqual([
      expect.objectContaining({ id: uploadId, contentCheck: 'refused', notice: photoCheckNotice.refused }),
    ]);

    const removed = await invoke(removeStationPhoto, { method: 'POST', params: { stationId, photoId: uploadId }, token: staff });
    expect(removed.status).toBe(200);
    expect(removed.body.photos).toEqual([]);
    const after = await detail(stationId, staff);
    expect(after.station.photoIds).toEqual([]);
    expect(after.station.refusedPhotoIds).toBeUndefined();
    expect(await objectSize(photoKey(stationId, uploadId))).toBeNull();
  });

  it('a photo WeChat will not judge (40006) is refused and the sweep goes on to the next; -1 or 45009 still stops it', async () => {
    await sweep(); // nothing older ahead of these two
    const stationId = await newStationId();
    const stuck = await upload(stationId, jpegOf(320, 240));
    const next = await upload(stationId, jpegOf(330, 240));
    wechat.down = true;
    await add(stationId, stuck);
    await add(stationId, next);
    wechat.down = false;

    wechat.failNext('/wxa/img_sec_check', -1); // busy: stop, both still held
    expect(await recheckPhotos()).toMatchObject({ settled: 0 });
    wechat.failNext('/wxa/img_sec_check', 45009); // rate limit: the same
    expect(await recheckPhotos()).toMatchObject({ settled: 0 });
    expect((await detail(stationId, staff)).gallery.map((p) => p.contentCheck)).toEqual(['pending', 'pending']);

    wechat.failNext('/wxa/img_sec_check', 40006); // no verdict for this picture, ever
    const before = imageChecks().length;
    expect(await recheckPhotos()).toMatchObject({ settled: 2, held: 0 });
    expect(imageChecks()).toHaveLength(before + 2);
    const staffView = await detail(stationId, staff);
    expect(staffView.gallery).toEqual([
      expect.objectContaining({ id: stuck, contentCheck: 'refused', notice: photoCheckNotice.refused }),
      expect.not.objectContaining({ contentCheck: expect.anything() }),
    ]);
    expect(staffView.gallery[1]!.id).toBe(next);
    expect((await detail(stationId, worker)).gallery.map((p) => p.id)).toEqual([next]);
    expect((await pendingPhotoChecks(100)).some((c) => c.stationId === stationId)).toBe(false);
  });

  it('a held photo removed before the sweep is forgotten by it, and never asked about', async () => {
    const stationId = await newStationId();
    const uploadId = await upload(stationId, jpegOf(300, 200));
    wechat.down = true;
    await add(stationId, uploadId);
    wechat.down = false;
    await invoke(removeStationPhoto, { method: 'POST', params: { stationId, photoId: uploadId }, token: staff });
    const before = imageChecks().length;
    await sweep();
    expect(imageChecks()).toHaveLength(before);
    expect((await pendingPhotoChecks(100)).some((c) => c.photoId === uploadId)).toBe(false);
    expect((await detail(stationId, staff)).station.heldPhotoIds).toBeUndefined();
  });
});
