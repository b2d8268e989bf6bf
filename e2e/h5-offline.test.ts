import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import { decodeJwt } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { describeWhen } from '../test/support/describe-when';
import { beijingClock } from '../shared/beijing-time';
import { startStack, h5Dir, type Stack } from './support/stack';
import { BROWSER_MISSING, apiCall, apiSession, hasChromium, launchChromium, phonePage, screenshot } from './support/browser';

jest.setTimeout(180_000);
const ready = hasChromium && existsSync(join(h5Dir, 'index.html'));
const describeInBrowser = describeWhen(ready, BROWSER_MISSING);

/** "离线 · 更新于 HH:mm" for a copy fetched between `from` and now, in Beijing time (the phone is on UTC) */
const labelsSince = (from: number) => {
  const labels = new Set<string>();
  for (let t = from - 60_000; t <= Date.now() + 60_000; t += 30_000) labels.add(`离线 · 更新于 ${beijingClock(new Date(t))}`);
  return [...labels];
};

describeInBrowser('the member card and tickets in Chromium with the network blocked', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let activityId: string;

  /** what a rider at a stall in a crowd has: no answer from the API at all */
  const blockApi = () => page.route(`${stack.appUrl}api/**`, (route) => route.abort('internetdisconnected'));
  const unblockApi = () => page.unroute(`${stack.appUrl}api/**`);
  const qrIn = async (selector: string) => {
    const png = PNG.sync.read(await page.locator(`${selector}:visible`).screenshot());
    return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
  };

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
    const staff = await apiSession(stack.apiUrl, 'staff');
    const rider = await apiSession(stack.apiUrl, 'offline-rider');
    const code = await apiCall<{ token: string }>(stack.apiUrl, staff.token, 'POST', '/staff/join-codes', {
      orgId: 'fengtai-lugouqiao',
      autoApprove: true,
    });
    await apiCall(stack.apiUrl, rider.token, 'POST', `/join/${code.token}`, {
      name: '周离线',
      mobile: '13812349876',
      employer: '顺丰',
      occupation: 'courier',
      consent: true,
    });
    const now = Date.now();
    const activity = await apiCall<{ id: string }>(stack.apiUrl, staff.token, 'POST', '/staff/activities', {
      orgId: 'fengtai-lugouqiao',
      title: '冬季体检',
      category: 'service',
      place: '卢沟桥文化广场',
      startsAt: '2030-12-01T23:30:00.000Z',
      endsAt: '2030-12-02T03:00:00.000Z',
      signupOpensAt: new Date(now - 60_000).toISOString(),
      signupClosesAt: new Date(now + 80_000_000).toISOString(),
      capacity: 5,
    });
    activityId = activity.id;
    await apiCall(stack.apiUrl, rider.token, 'POST', `/activities/${activityId}/signups`, { clientRequestId: randomUUID() });
    ({ page } = await phonePage(browser, { session: rider }));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('opened once online, the card still shows its QR after a reload with the API blocked, marked 离线 · 更新于', async () => {
    const openedAt = Date.now();
    await page.goto(`${stack.appUrl}#/pages/member-card/index`);
    await page.locator('.member-card__status:visible', { hasText: '已入会' }).waitFor();
    const online = await page.locator('.member-card__qr:visible').getAttribute('data-token');
    expect(decodeJwt(online!).off).toBeUndefined();
    expect(await page.locator('.offline-notice').count()).toBe(0);

    await blockApi();
    await page.reload();
    const notice = page.locator('.offline-notice:visible');
    await notice.waitFor();
    expect(labelsSince(openedAt)).toContain(await notice.locator('.offline-notice__label').textContent());
    await page.locator('.member-card__name:visible', { hasText: '周离线' }).waitFor();
    // the QR on screen is the 12-hour offline one, and a staff phone reads it
    const scanned = await qrIn('.member-card__qr');
    expect(scanned).toBe(await page.locator('.member-card__qr:visible').getAttribute('data-token'));
    const claims = decodeJwt(scanned!);
    expect(claims.off).toBe(1);
    expect(claims.exp! - claims.iat!).toBe(12 * 3600);
    await page.getByText('离线二维码', { exact: false }).waitFor();
    await screenshot(page, '40-member-card-offline');

    // the network is back: 重试 (or the quiet retry) brings the live, minute-by-minute QR back
    await unblockApi();
    await notice.getByText('重试', { exact: true }).click();
    await notice.waitFor({ state: 'detached' });
    expect(decodeJwt((await page.locator('.member-card__qr:visible').getAttribute('data-token'))!).off).toBeUndefined();
  });

  it('我的报名 keeps the entry ticket on a reload with the API blocked, read-only', async () => {
    const openedAt = Date.now();
    await page.goto(`${stack.appUrl}#/pages/my-signups/index`);
    const mine = page.locator(`[data-signup="${activityId}"]:visible`);
    await mine.locator('.activity__ticket').waitFor();
    const ticket = await qrIn(`[data-signup="${activityId}"] .activity__ticket`);
    expect(ticket).toMatch(/^ey/);

    await blockApi();
    await page.reload();
    const notice = page.locator('.offline-notice:visible');
    await notice.waitFor();
    expect(labelsSince(openedAt)).toContain(await notice.locator('.offline-notice__label').textContent());
    expect(await qrIn(`[data-signup="${activityId}"] .activity__ticket`)).toBe(ticket);
    expect(await mine.getByText('取消报名', { exact: true }).count()).toBe(0);
    await screenshot(page, '41-my-signups-offline');
    await unblockApi();
  });

  it('我的 keeps the membership with the way to the card, and 入会 one error with what still works, with the API blocked', async () => {
    const openedAt = Date.now();
    await page.goto(`${stack.appUrl}#/pages/me/index`);
    await page.locator('.me-member__card:visible', { hasText: '周离线' }).waitFor();

    await blockApi();
    await page.reload();
    const notice = page.locator('.offline-notice:visible');
    await notice.waitFor();
    expect(labelsSince(openedAt)).toContain(await notice.locator('.offline-notice__label').textContent());
    expect(await page.locator('.me-card__name:visible').textContent()).toBe('周离线');
    await page.getByText('我的报名', { exact: true }).first().waitFor();
    expect(await page.getByText('加载失败', { exact: true }).count()).toBe(0);
    await screenshot(page, '42-me-offline');
    await page.getByText('出示会员卡二维码 ›').click();
    await page.locator('.member-card__name:visible', { hasText: '周离线' }).waitFor();
    await page.getByText('离线二维码', { exact: false }).waitFor();

    await page.goto(`${stack.appUrl}#/pages/join/index`);
    const usable = page.locator('[data-usable-offline]:visible');
    await usable.waitFor();
    expect(await page.locator('.state--error:visible').count()).toBe(1);
    await screenshot(page, '43-join-tab-offline');
    await usable.getByText('电子会员卡', { exact: true }).click();
    // the card opened from 我的 is still in the page stack: the one on top
    await page.locator('.member-card__name:visible', { hasText: '周离线' }).last().waitFor();
    await unblockApi();
  });
});
