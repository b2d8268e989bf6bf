import { existsSync } from 'node:fs';
import { join } from 'node:path';
import gcoord from 'gcoord';
import type { Browser, Page } from 'playwright-core';
import { describeWhen } from '../test/support/describe-when';
import { startStack, root, type Stack } from './support/stack';
import { BROWSER_MISSING, hasChromium, launchChromium, phonePage, screenshot } from './support/browser';
import { demoStations } from '../scripts/demo-data/stations';
import { stationIdFor } from '../functions/tables/stations';
import { distanceMeters } from '../shared/geo';
import { isOpen, openStateAt } from '../shared/station-hours';

jest.setTimeout(150_000);
const ready = hasChromium && existsSync(join(root, 'miniapp', 'dist', 'h5', 'index.html'));
const describeInBrowser = describeWhen(ready, BROWSER_MISSING);

// A rider standing near 卢沟桥; the browser reports WGS-84, as real browsers do.
const gcj = { lat: 39.8605, lng: 116.2541 };
const [wgsLng, wgsLat] = gcoord.transform([gcj.lng, gcj.lat], gcoord.GCJ02, gcoord.WGS84);

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function expectedNames(filter: (s: ReturnType<typeof demoStations>[number]) => boolean, n: number): string[] {
  return demoStations()
    .map((s) => ({ s, d: Math.round(distanceMeters(gcj, s.location)), id: stationIdFor(s.orgId, s.externalId) }))
    .filter(({ s, d }) => d <= 5000 && filter(s))
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
    .slice(0, n)
    .map(({ s }) => s.name);
}

describeInBrowser('驿站 finder in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let worker: Page;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
    ({ page: worker } = await phonePage(browser, { geolocation: { latitude: wgsLat, longitude: wgsLng } }));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const rowNames = (page: Page) => page.locator('.station-row__name').allTextContents();

  it('lists the nearest demo stations in the right order', async () => {
    await worker.goto(stack.appUrl);
    await worker.locator('[data-login="worker"]').click();
    await worker.locator('.station-row').first().waitFor();
    expect((await rowNames(worker)).slice(0, 10)).toEqual(expectedNames(() => true, 10));
    await screenshot(worker, '10-stations-nearby');
  });

  it('filters to stations with a microwave that are open now', async () => {
    await worker.locator('.chip', { hasText: '热饭' }).click();
    await worker.locator('.chip', { hasText: '营业中' }).click();
    const now = new Date();
    const expected = expectedNames((s) => s.amenities.includes('microwave') && isOpen(openStateAt(s.hours, s.status, now)), 20);
    expect(expected.length).toBeGreaterThan(0);
    await until(async () => JSON.stringify(await rowNames(worker)) === JSON.stringify(expected), 'the filtered list');
    expect(await rowNames(worker)).toEqual(expected);
    await screenshot(worker, '11-stations-filtered');
  });

  it('opens a detail page with amenities and hours, and posts a message', async () => {
    const first = (await rowNames(worker))[0]!;
    await worker.locator('.station-row').first().click();
    await worker.locator('.page-header__title:visible', { hasText: first }).waitFor();
    await worker.getByText('微波炉热饭').first().waitFor();
    await worker.getByText('去这里').waitFor();
    await worker.locator('.composer textarea').fill('冬天能在这里热饭，太好了！');
    await worker.getByText('留言', { exact: true }).click();
    await worker.locator('.post', { hasText: '冬天能在这里热饭，太好了！' }).waitFor();
    await screenshot(worker, '12-station-detail');
  });

  it("sends a problem report to the owning staff's queue", async () => {
    const stationName = await worker.locator('.page-header__title:visible').textContent();
    await worker.locator('.report-type', { hasText: '微波炉坏了' }).click();
    await worker.getByText('提交', { exact: true }).click();
    await worker.getByText('已收到，工会工作人员会尽快处理').waitFor();

    const { page: staff } = await phonePage(browser);
    await staff.goto(stack.appUrl);
    await staff.locator('[data-login="staff"]').click();
    await staff.locator('.taro-tabbar__tabbar').getByText('我的', { exact: true }).click();
    await staff.getByText('驿站问题待办').click();
    const card = staff.locator('.card', { hasText: stationName! }).filter({ hasText: '微波炉坏了' });
    await card.waitFor();
    await screenshot(staff, '13-staff-report-queue');
    await card.getByText('已处理', { exact: true }).click();
    await card.waitFor({ state: 'detached' });
    await staff.close();
  });

  it('offers a street picker when location is refused', async () => {
    const { page } = await phonePage(browser, { geolocation: null });
    await page.goto(stack.appUrl);
    await page.locator('[data-login="worker"]').click();
    await page.getByText('没能获取您的位置').waitFor();
    await page.locator('.area-picker__area', { hasText: '太平桥街道' }).click();
    await page.locator('.station-row').first().waitFor();
    expect((await rowNames(page))[0]).toContain('太平桥');
    await page.close();
  });
});
