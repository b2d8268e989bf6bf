import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import type { Browser, Page } from 'playwright-core';
import { describeWhen } from '../test/support/describe-when';
import { startStack, root, type Stack } from './support/stack';
import { BROWSER_MISSING, hasChromium, launchChromium, phonePage, screenshot } from './support/browser';

jest.setTimeout(150_000);
const ready = hasChromium && existsSync(join(root, 'miniapp', 'dist', 'h5', 'index.html'));
const describeInBrowser = describeWhen(ready, BROWSER_MISSING);

describeInBrowser('scan to join in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let staff: Page;
  let worker: Page;
  let joinUrl: string;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
    ({ page: staff } = await phonePage(browser));
    ({ page: worker } = await phonePage(browser));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`);

  it('staff create a code for an outreach event; its poster QR decodes to the join URL', async () => {
    await staff.goto(stack.appUrl);
    await staff.locator('[data-login="staff"]').click();
    await staff.locator('.taro-tabbar__tabbar').getByText('我的', { exact: true }).click();
    await staff.getByText('扫码入会 · 二维码与统计').click();
    await visible(staff, 'input[name="event-title"]').fill('卢沟桥职工沟通会');
    await visible(staff, 'input[name="event-place"]').fill('卢沟桥文化广场');
    await staff.getByText('生成二维码', { exact: true }).click();
    await staff.getByText('微信扫一扫 加入工会').waitFor();
    await screenshot(staff, '20-join-poster');
    const src = await visible(staff, '.poster__qr img').getAttribute('src');
    const png = PNG.sync.read(Buffer.from(src!.split(',')[1]!, 'base64'));
    joinUrl = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)!.data;
    expect(joinUrl).toMatch(new RegExp(`^${stack.appUrl}j/[A-Za-z0-9_-]{20,32}$`));
  });

  it('a worker opens the URL, joins in one screen and sees a pending card', async () => {
    await worker.goto(joinUrl);
    await worker.locator('[data-login="worker"]').click();
    await worker.getByText('加入卢沟桥街道总工会').waitFor();
    await worker.getByText('卢沟桥职工沟通会 · 卢沟桥文化广场').waitFor();
    await visible(worker, 'input[name="name"]').fill('王大勇');
    await visible(worker, 'input[name="mobile"]').fill('13912345678');
    await visible(worker, 'input[name="employer"]').fill('美团');
    await worker.locator('.join__option', { hasText: '外卖配送员' }).click();
    await worker.getByText('我已阅读并同意个人信息说明').click();
    await screenshot(worker, '21-join-form');
    await worker.getByText('提交，立即领取会员卡').click();
    await worker.locator('.member-card__status', { hasText: '待审核' }).waitFor();
    // what 待审核 means, who reviews and how long it takes; the member's own card shows their own name
    await worker.getByText('待审核：您的入会申请已交给卢沟桥街道总工会的工作人员核对，通常 3 个工作日内完成。').waitFor();
    await worker.locator('.member-card__name', { hasText: '王大勇' }).waitFor();
    await worker.getByText('去首页，找附近驿站').waitFor();
    await screenshot(worker, '22-join-pending');
  });

  it('staff approve in one tap; the worker’s card shows 已入会 with a QR that refreshes', async () => {
    await staff.goto(stack.appUrl);
    await staff.locator('.taro-tabbar__tabbar').getByText('我的', { exact: true }).click();
    await staff.getByText('入会审核', { exact: true }).click();
    const card = staff.locator('.card', { hasText: '王大勇' });
    // when the worker applied, in Beijing time with the weekday
    expect(await card.textContent()).toMatch(/\d{1,2}月\d{1,2}日 周[一二三四五六日] \d{2}:\d{2} 申请/);
    await screenshot(staff, '24-review-queue');
    const reviewed = staff.waitForResponse((r) => r.url().endsWith('/review') && r.request().method() === 'POST', { timeout: 20_000 });
    await card.getByText('通过', { exact: true }).click();
    await card.waitFor({ state: 'detached' });
    // a few seconds to take it back before anything is sent
    await staff.locator('.undo-bar', { hasText: '已通过 王大勇' }).waitFor();
    await screenshot(staff, '25-review-undo');
    expect((await reviewed).status()).toBe(200);
    await staff.locator('.undo-bar').waitFor({ state: 'detached' });

    await worker.clock.install();
    await worker.getByText('打开电子会员卡').click();
    await worker.locator('.member-card__status:visible', { hasText: '已入会' }).waitFor();
    const qr = visible(worker, '.member-card__qr');
    const first = await qr.getAttribute('data-token');
    expect(first).toMatch(/^ey/);
    await screenshot(worker, '23-member-card');
    await new Promise((r) => setTimeout(r, 1100)); // a new token needs a new second
    await worker.clock.fastForward(61_000);
    await expect(waitForChange(() => qr.getAttribute('data-token'), first)).resolves.not.toBe(first);
  });
});

async function waitForChange(read: () => Promise<string | null>, before: string | null): Promise<string | null> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const now = await read();
    if (now !== before || Date.now() > deadline) return now;
    await new Promise((r) => setTimeout(r, 200));
  }
}
