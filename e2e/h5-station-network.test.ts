import { existsSync } from 'node:fs';
import { join } from 'node:path';
import gcoord from 'gcoord';
import jpeg from 'jpeg-js';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { describeWhen } from '../test/support/describe-when';
import { startStack, h5Dir, type Stack } from './support/stack';
import { apiCall, apiSession, BROWSER_MISSING, hasChromium, launchChromium, phonePage, screenshot } from './support/browser';
import { demoStations } from '../scripts/demo-data/stations';
import { stationIdFor } from '../functions/tables/stations';

jest.setTimeout(300_000);
const ready = hasChromium && existsSync(join(h5Dir, 'index.html'));
const describeInBrowser = describeWhen(ready, BROWSER_MISSING);

// a 24-hour demo station of 卢沟桥 (李老师's street): 门关着 there is always "in its open hours"
const demo = demoStations().find((s) => s.orgId === 'fengtai-lugouqiao' && s.hours.allDay && s.status === 'open')!;
const stationId = stationIdFor(demo.orgId, demo.externalId);
// the supervisor stands at the station; a browser reports WGS-84
const [wgsLng, wgsLat] = gcoord.transform([demo.location.lng, demo.location.lat], gcoord.GCJ02, gcoord.WGS84);
const atTheStation = { latitude: wgsLat!, longitude: wgsLng! };

type Session = Awaited<ReturnType<typeof apiSession>>;

/** A small JPEG, as a phone camera would send (a grey-green wall). */
function samplePhoto(): Buffer {
  const width = 64;
  const height = 48;
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set([90, 120, 100, 255], i);
  return Buffer.from(jpeg.encode({ data, width, height }, 85).data);
}

/**
 * Issue 14's done-when, in Chromium against the local system: the door poster's QR counts a visit
 * once; a supervisor's inspection with a failed item and a photo opens a task that staff resolve and
 * the supervisor sees resolved; two 门关着 show on the station in the nearby list.
 */
describeInBrowser('The station network in Chromium: door QR, a supervisor inspection, its task, live status', () => {
  let stack: Stack;
  let browser: Browser;
  let staff: Session;
  let rider: Session;
  let staffPage: Page;
  let riderPage: Page;
  let doorUrl: string;
  let inspectionUrl: string;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
    staff = await apiSession(stack.apiUrl, 'staff');
    rider = await apiSession(stack.apiUrl, 'network-rider');
    // the rider is a member (an auto-approved join at a stall), so staff can appoint them by 会员号
    const code = await apiCall<{ token: string }>(stack.apiUrl, staff.token, 'POST', '/staff/join-codes', {
      orgId: 'fengtai-lugouqiao',
      autoApprove: true,
    });
    await apiCall(stack.apiUrl, rider.token, 'POST', `/join/${code.token}`, {
      name: '孙监督',
      mobile: '13812340077',
      employer: '驿站监督测试快递',
      occupation: 'courier',
      consent: true,
    });
    ({ page: staffPage } = await phonePage(browser, { session: staff }));
    ({ page: riderPage } = await phonePage(browser, { session: rider, geolocation: atTheStation }));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('staff print the door poster; its QR opens the station and counts the visit once', async () => {
    await staffPage.goto(`${stack.appUrl}#/pages/station/index?id=${encodeURIComponent(stationId)}`);
    await staffPage.getByText('打印门口二维码', { exact: true }).click();
    const qr = staffPage.locator('.door-poster__qr img, img.door-poster__qr').first();
    await qr.waitFor();
    await staffPage.locator('.door-poster__title', { hasText: demo.name }).waitFor();
    await screenshot(staffPage, '140-door-poster');
    const src = await qr.getAttribute('src');
    const png = PNG.sync.read(Buffer.from(src!.split(',')[1]!, 'base64'));
    doorUrl = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)!.data;
    expect(doorUrl).toMatch(new RegExp(`^${stack.appUrl.replace(/\/$/, '')}/d/${stationId}/[A-Za-z0-9_-]{16}$`));

    const visit = riderPage.waitForResponse((r) => r.url().includes(`/stations/${stationId}/visits`));
    await riderPage.goto(doorUrl);
    expect((await visit).status()).toBe(200);
    await riderPage.locator('.live-card__visits', { hasText: '今天 1 人次' }).waitFor();
    await screenshot(riderPage, '141-door-visit');

    // scanned again within two hours: answered, not counted again
    const again = riderPage.waitForResponse((r) => r.url().includes(`/stations/${stationId}/visits`));
    await riderPage.goto('about:blank');
    await riderPage.goto(doorUrl);
    expect(await (await again).json()).toEqual({ counted: false, todayVisits: 1 });
    await riderPage.locator('.live-card__visits', { hasText: '今天 1 人次' }).waitFor();
  });

  it('staff appoint the rider as the station’s supervisor by 会员号', async () => {
    const { membership } = await apiCall<{ membership: { memberNo: string; status: string } }>(
      stack.apiUrl,
      rider.token,
      'GET',
      '/me/membership',
    );
    expect(membership.status).toBe('active');
    const { memberNo } = membership;
    await staffPage.goto(`${stack.appUrl}#/pages/station/index?id=${encodeURIComponent(stationId)}`);
    await staffPage.getByText('义务监督员', { exact: true }).click();
    await staffPage.locator('input[name="supervisor-member-no"]:visible').fill(memberNo);
    await staffPage.getByText('任命监督员', { exact: true }).last().click();
    await staffPage.locator('.net-row', { hasText: memberNo }).waitFor();
    expect(await staffPage.locator('.net-row', { hasText: memberNo }).textContent()).toContain('孙*督');
  });

  it('the supervisor inspects on site: one item fails with a photo, and a task opens', async () => {
    await riderPage.goto(`${stack.appUrl}#/pages/station/index?id=${encodeURIComponent(stationId)}`);
    await riderPage.getByText('检查驿站', { exact: true }).click();
    await riderPage.locator('[data-item="site"]').waitFor();
    for (const item of ['site', 'facilities', 'publicity', 'service', 'rules', 'results'])
      await riderPage.locator(`[data-item="${item}"] .choice`, { hasText: /^合格$/ }).click();
    const sign = riderPage.locator('[data-item="sign"]');
    await sign.locator('.choice', { hasText: '不合格' }).click();
    await sign.locator('input[name="note-sign"], textarea[name="note-sign"]').first().fill('门口标识牌脱落');
    const chooser = riderPage.waitForEvent('filechooser');
    await sign.getByText('拍照 / 添加照片').click();
    await (await chooser).setFiles({ name: 'sign.jpg', mimeType: 'image/jpeg', buffer: samplePhoto() });
    // the photo is in storage before the inspection is sent
    await sign.locator('.upload-tile__done', { hasText: '已上传' }).waitFor();
    const submitted = riderPage.waitForResponse(
      (r) => r.url().includes(`/stations/${stationId}/inspections`) && r.request().method() === 'POST',
    );
    await riderPage.getByText('提交检查', { exact: true }).click();
    const reply = await Promise.race([
      submitted,
      riderPage
        .locator('.field-error:visible')
        .first()
        .waitFor()
        .then(async () => {
          throw new Error(`refused in the form: ${(await riderPage.locator('.field-error:visible').allTextContents()).join(' / ')}`);
        }),
    ]);
    expect(reply.status()).toBe(201);
    const inspection = (await reply.json()) as { id: string; score: number; failed: number };
    expect(inspection).toMatchObject({ failed: 1, score: 86 });
    await riderPage.locator('.task__status', { hasText: '待整改' }).waitFor();
    inspectionUrl = riderPage.url();
    await screenshot(riderPage, '142-inspection-submitted');
  });

  it('the task is in the station staff’s queue with the photo; staff resolve it and the supervisor sees it resolved', async () => {
    await staffPage.goto(`${stack.appUrl}#/staff/pages/reports/index`);
    const task = staffPage.locator('.report-row, .card', { hasText: '门口标识牌脱落' }).first();
    await task.waitFor();
    expect(await task.textContent()).toContain('有标识');
    expect(await task.locator('img').count()).toBeGreaterThan(0);
    await task.getByText('已处理', { exact: true }).click();
    await staffPage.locator('textarea[name^="resolve-note-"]:visible').first().fill('已重新张贴标识牌');
    const resolved = staffPage.waitForResponse((r) => /\/staff\/reports\/[^/]+\/resolve$/.test(r.url()));
    await staffPage.getByText('确认已处理', { exact: true }).click();
    expect((await resolved).status()).toBe(200);
    await screenshot(staffPage, '143-task-resolved');

    await riderPage.goto('about:blank');
    await riderPage.goto(inspectionUrl);
    await riderPage.locator('.task__status', { hasText: '已整改' }).waitFor();
    await riderPage.getByText('已重新张贴标识牌').waitFor();
    const inbox = await apiCall<{ messages: { title: string }[] }>(stack.apiUrl, rider.token, 'GET', '/me/messages');
    expect(inbox.messages.map((m) => m.title)).toContain('您检查发现的问题已处理');
  });

  it('two 门关着 show on the station in the nearby list', async () => {
    await riderPage.goto(`${stack.appUrl}#/pages/station/index?id=${encodeURIComponent(stationId)}`);
    const tap = riderPage.waitForResponse((r) => r.url().includes(`/stations/${stationId}/live`));
    await riderPage.locator('.live-tap', { hasText: '门关着' }).click();
    expect((await tap).status()).toBe(201);
    // a second worker, at the same door
    const other = await apiSession(stack.apiUrl, 'network-rider-2');
    await apiCall(stack.apiUrl, other.token, 'POST', `/stations/${stationId}/live`, {
      status: 'closed',
      clientRequestId: 'e2e-closed-0002',
    });

    await riderPage.goto('about:blank');
    await riderPage.goto(stack.appUrl);
    const row = riderPage.locator('.station-row', { hasText: demo.name }).first();
    await row.waitFor();
    await row.locator('.live-line', { hasText: /2 人.*反映：门关着/ }).waitFor();
    expect(await row.locator('.live-line').textContent()).toContain('今天 1 人次');
    await screenshot(riderPage, '144-nearby-live');
  });
});
