import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { handler as createStation } from './create-station';
import { handler as updateStation } from './update-station';
import { handler as getStation } from './get-station';
import { handler as createPhotoUpload } from './create-photo-upload';
import { handler as addStationPhoto } from './add-station-photo';
import { handler as removeStationPhoto } from './remove-station-photo';
import { photoKey, thumbKey, uploadKey } from './station-photos';
import { jpegOrientation, orient } from './photo-image';
import { objectSize } from '../lib/s3';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { startFakeWechat, type FakeWechat } from '../../test/functions-support/fake-wechat';
import { MAX_PHOTO_BYTES, PHOTO_TOO_LARGE, PHOTO_WRONG_TYPE, PHOTOS_FULL } from '../../shared/schemas/station-photo';
import type { StationInput } from '../../shared/schemas/station';

// Far from the demo data (near Lhasa), as in staff-stations.test.ts.
const input = (overrides: Partial<StationInput> = {}): StationInput => ({
  name: '照片测试驿站',
  address: '测试路 9 号',
  orgId: 'fengtai-lugouqiao-logistics',
  kind: 'union-station',
  location: { lat: 29.66, lng: 91.12 },
  amenities: ['hot-water'],
  hours: { allDay: true, weekly: [[], [], [], [], [], [], []] },
  photos: [],
  honours: [],
  status: 'open',
  ...overrides,
});

/** A JPEG as a phone makes it: a colour gradient, `width` × `height`. */
function jpegOf(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([(i % width) % 256, Math.floor(i / width) % 256, 120, 255], i * 4);
  return jpeg.encode({ data, width, height }, 80).data;
}

function pngOf(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  png.data.fill(200);
  return PNG.sync.write(png);
}

let staff: string;
let wechat: FakeWechat;
beforeAll(async () => {
  // every added photo passes WeChat's picture check first (photo-check.test.ts tests the check)
  wechat = await startFakeWechat();
  process.env.WECHAT_API_BASE = wechat.baseUrl;
  staff = await tokenFor('staff');
});
afterAll(() => wechat.close());

async function newStationId(overrides: Partial<StationInput> = {}): Promise<string> {
  const reply = await invoke(createStation, { method: 'POST', body: input(overrides), token: staff });
  expect(reply.status).toBe(201);
  return reply.body.id;
}

/** Asks for an upload and posts the file to the presigned URL exactly as a browser form would. */
async function upload(stationId: string, file: Buffer, contentType = 'image/jpeg', declaredSize = file.length): Promise<string> {
  const ticket = await invoke(createPhotoUpload, {
    method: 'POST',
    params: { stationId },
    body: { contentType, size: Math.min(declaredSize, MAX_PHOTO_BYTES) },
    token: staff,
  });
  expect(ticket.status).toBe(201);
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.body.fields as Record<string, string>)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(file)], { type: contentType }), 'photo.jpg');
  const posted = await fetch(ticket.body.url, { method: 'POST', body: form });
  expect(posted.status).toBeLessThan(300);
  return ticket.body.uploadId;
}

const add = (stationId: string, uploadId: string, token = staff) =>
  invoke(addStationPhoto, { method: 'POST', params: { stationId }, body: { uploadId }, token });

describe('station photos: presigned upload, checked on the server, thumbnails, shown to workers', () => {
  it('adds an uploaded photo with a thumbnail; a worker sees both through signed links; the upload is cleared', async () => {
    const stationId = await newStationId();
    const uploadId = await upload(stationId, jpegOf(1200, 900));

    const added = await add(stationId, uploadId);
    expect(added.status).toBe(200);
    expect(added.body.photos).toHaveLength(1);
    expect(added.body.photos[0].id).toBe(uploadId);
    expect(await objectSize(uploadKey(stationId, uploadId))).toBeNull();

    const detail = await invoke(getStation, { params: { stationId }, token: await tokenFor('worker') });
    expect(detail.status).toBe(200);
    const [photo] = detail.body.gallery;
    const thumb = await fetch(photo.thumbUrl);
    expect(thumb.status).toBe(200);
    const small = jpeg.decode(new Uint8Array(await thumb.arrayBuffer()));
    expect([small.width, small.height]).toEqual([360, 270]);
    const full = jpeg.decode(new Uint8Array(await (await fetch(photo.url)).arrayBuffer()));
    expect([full.width, full.height]).toEqual([1200, 900]); // under 1600 px: not enlarged
    // the bucket is private: links are signed and expire (s3rver serves unsigned reads too; S3 does not)
    expect(new URL(photo.url).searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(new URL(photo.thumbUrl).searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('accepts a PNG (stored as JPEG) and a retry of the same upload adds nothing', async () => {
    const stationId = await newStationId();
    const uploadId = await upload(stationId, pngOf(400, 300), 'image/png');
    const [first, retry] = [await add(stationId, uploadId), await add(stationId, uploadId)];
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(retry.body.photos.map((p: { id: string }) => p.id)).toEqual([uploadId]);
  });

  it('refuses a file that is not really a JPEG or PNG (by its first bytes), deletes it and never shows it', async () => {
    const stationId = await newStationId();
    const uploadId = await upload(stationId, Buffer.from('<html>not a photo</html>'), 'image/jpeg');
    const reply = await add(stationId, uploadId);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ code: 'bad_request', message: PHOTO_WRONG_TYPE, fieldErrors: { uploadId: [PHOTO_WRONG_TYPE] } });
    expect(await objectSize(uploadKey(stationId, uploadId))).toBeNull();
    const detail = await invoke(getStation, { params: { stationId }, token: staff });
    expect(detail.body.gallery).toEqual([]);
  });

  it('refuses a file over 5 MB that the local store let through (S3 would refuse it at the policy)', async () => {
    const stationId = await newStationId();
    const big = Buffer.concat([jpegOf(8, 8), Buffer.alloc(MAX_PHOTO_BYTES)]);
    const uploadId = await upload(stationId, big, 'image/jpeg', MAX_PHOTO_BYTES);
    const reply = await add(stationId, uploadId);
    expect(reply.status).toBe(400);
    expect(reply.body.message).toBe(PHOTO_TOO_LARGE);
    expect(await objectSize(uploadKey(stationId, uploadId))).toBeNull();
  });

  it('refuses to sign an upload of the wrong declared type or size, with field errors', async () => {
    const stationId = await newStationId();
    const reply = await invoke(createPhotoUpload, {
      method: 'POST',
      params: { stationId },
      body: { contentType: 'image/gif', size: MAX_PHOTO_BYTES + 1 },
      token: staff,
    });
    expect(reply.status).toBe(400);
    expect(reply.body.fieldErrors).toEqual({ contentType: [PHOTO_WRONG_TYPE], size: [PHOTO_TOO_LARGE] });
  });

  it('keeps at most 6 photos: a 7th is refused, and of two added at once at 5 only one gets in', async () => {
    const stationId = await newStationId();
    for (let i = 0; i < 5; i++) expect((await add(stationId, await upload(stationId, jpegOf(64, 48)))).status).toBe(200);

    const [a, b] = [await upload(stationId, jpegOf(64, 48)), await upload(stationId, jpegOf(64, 48))];
    const replies = await Promise.all([add(stationId, a), add(stationId, b)]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = replies[0]!.status === 409 ? a : b;
    expect(replies.find((r) => r.status === 409)!.body.message).toBe(PHOTOS_FULL);
    expect(await objectSize(photoKey(stationId, loser))).toBeNull();
    expect(await objectSize(uploadKey(stationId, loser))).toBeNull();

    const seventh = await invoke(createPhotoUpload, {
      method: 'POST',
      params: { stationId },
      body: { contentType: 'image/jpeg', size: 1000 },
      token: staff,
    });
    expect(seventh.status).toBe(409);
    const detail = await invoke(getStation, { params: { stationId }, token: staff });
    expect(detail.body.gallery).toHaveLength(6);
  });

  it('removes a photo and its files; removing it again answers the same; editing the station keeps the others', async () => {
    const stationId = await newStationId();
    const keep = await upload(stationId, jpegOf(64, 48));
    const drop = await upload(stationId, jpegOf(64, 48));
    await add(stationId, keep);
    await add(stationId, drop);

    const removed = await invoke(removeStationPhoto, { method: 'POST', params: { stationId, photoId: drop }, token: staff });
    expect(removed.status).toBe(200);
    expect(removed.body.photos.map((p: { id: string }) => p.id)).toEqual([keep]);
    expect(await objectSize(photoKey(stationId, drop))).toBeNull();
    expect(await objectSize(thumbKey(stationId, drop))).toBeNull();
    const again = await invoke(removeStationPhoto, { method: 'POST', params: { stationId, photoId: drop }, token: staff });
    expect(again.body.photos.map((p: { id: string }) => p.id)).toEqual([keep]);

    const edited = await invoke(updateStation, {
      method: 'PUT',
      params: { stationId },
      body: input({ name: '改过名字的驿站' }),
      token: staff,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.photoIds).toEqual([keep]);
  });

  it("answers 403 for another district's station and 404 for an unknown one", async () => {
    const stationId = await newStationId();
    const shunyi = await tokenFor('shunyi-staff');
    const denied = await invoke(createPhotoUpload, {
      method: 'POST',
      params: { stationId },
      body: { contentType: 'image/jpeg', size: 1000 },
      token: shunyi,
    });
    expect(denied.status).toBe(403);
    const unknown = await add('st-missing-station', '6f1c2a7e-8d7b-4c39-9b1e-0f4f1b2c3d4e');
    expect(unknown.status).toBe(404);
  });
});

describe('photo orientation', () => {
  it('reads the EXIF orientation and turns the picture upright', () => {
    // a JPEG with an APP1 Exif block (big-endian TIFF) whose IFD0 holds Orientation = 6
    const exif = Buffer.from([
      0xff, 0xd8, 0xff, 0xe1, 0x00, 0x22, 0x45, 0x78, 0x69, 0x66, 0x00, 0x00, 0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01,
      0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xda,
    ]);
    expect(jpegOrientation(exif)).toBe(6);
    expect(jpegOrientation(jpegOf(4, 4))).toBe(1);
    // 2 × 1: red, blue → rotated 90° clockwise: 1 × 2, red on top
    const image = { width: 2, height: 1, data: new Uint8Array([255, 0, 0, 255, 0, 0, 255, 255]) };
    expect(orient(image, 6)).toEqual({ width: 1, height: 2, data: new Uint8Array([255, 0, 0, 255, 0, 0, 255, 255]) });
    expect(orient(image, 8)).toEqual({ width: 1, height: 2, data: new Uint8Array([0, 0, 255, 255, 255, 0, 0, 255]) });
  });
});
