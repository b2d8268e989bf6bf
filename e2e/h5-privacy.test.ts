import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeWhen } from '../test/support/describe-when';
import { PRIVACY_VERSION } from '../shared/schemas/privacy';
import { startStack, h5Dir, type Stack } from './support/stack';
import { BROWSER_MISSING, apiCall, hasChromium, launchChromium, phonePage, screenshot } from './support/browser';
import { auditScreen } from './support/audit';

jest.setTimeout(150_000);
const ready = hasChromium && existsSync(join(h5Dir, 'index.html'));
const describeInBrowser = describeWhen(ready, BROWSER_MISSING);

describeInBrowser('privacy in Chromium: the first-run notice, consent, 退出登录, 个人信息与隐私', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let blocked: string[];
  /** every request the page made to the API, in order */
  const apiRequests: string[] = [];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
    ({ page, blocked } = await phonePage(browser, { firstRun: true }));
    page.on('request', (request) => {
      const url = request.url();
      if (url.includes('/api/') || url.startsWith(stack.apiUrl)) apiRequests.push(`${request.method()} ${url}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const visible = (selector: string) => page.locator(`${selector}:visible`);
  const tab = (name: string) => page.locator('.taro-tabbar__tabbar').getByText(name, { exact: true });

  it('first run shows the privacy notice, with the full guideline a tap away, and sends nothing', async () => {
    await page.goto(stack.appUrl);
    await visible('.privacy-notice').getByText('个人信息保护提示').waitFor();
    await screenshot(page, '90-privacy-notice');
    // every tap target, the guideline link included, ≥ 44×44 over its whole area; text readable
    expect(await auditScreen(page)).toEqual([]);
    await visible('.privacy-notice').getByText('阅读完整的《工会服务用户隐私保护指引》 ›').click();
    await visible('.privacy').getByText('三、保存多久').waitFor();
    await visible('.privacy').getByText('【待填写', { exact: false }).waitFor();
    await screenshot(page, '91-privacy-guideline');
    // open the app afresh (Taro's H5 router keeps the guideline on top after a browser back)
    await page.goto('about:blank');
    await page.goto(stack.appUrl);
    await visible('.privacy-notice').getByText('同意并继续').waitFor();
    expect(apiRequests).toEqual([]);
    expect(await page.evaluate(() => window.localStorage.getItem('union.session'))).toBeNull();
  });

  it('after 同意 the app works, and the server records the consent with its version', async () => {
    await visible('.privacy-notice').getByText('同意并继续').click();
    await visible('[data-login="worker"]').click();
    await page.locator('.page-header__title', { hasText: '附近驿站' }).waitFor();
    // 同意 was scrolled to at the foot of the notice: the screen still opens at its top
    expect(
      await page.evaluate(() => Math.max(window.scrollY, ...[...document.querySelectorAll('.taro_page')].map((p) => p.scrollTop))),
    ).toBe(0);
    await visible('.location-purpose').getByText('用于查找离您最近的驿站，不保存您的位置').waitFor();
    const stored = await page.evaluate(() => JSON.parse(window.localStorage.getItem('union.privacy')!).data);
    expect(stored.version).toBe(PRIVACY_VERSION);
    const token = await page.evaluate(() => JSON.parse(window.localStorage.getItem('union.session')!).data.token as string);
    // the app tells the server right after signing in: wait for it
    let known: string | null = null;
    for (let i = 0; i < 40 && known !== PRIVACY_VERSION; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 250));
      known = (await apiCall<{ me: { privacyConsentVersion: string | null } }>(stack.apiUrl, token, 'GET', '/me')).me.privacyConsentVersion;
    }
    expect(known).toBe(PRIVACY_VERSION);
  });

  it('退出登录 from 我的 asks with a red confirm and returns to sign-in', async () => {
    await tab('我的').click();
    await visible('.account-card__sign-out').click();
    await page.locator('.taro-modal__content:visible').waitFor();
    // the destructive confirm says what it does, not 确定
    await page.locator('.taro-model__confirm:visible', { hasText: '退出登录' }).click();
    await visible('.dev-login').getByText('请选择一个演示身份', { exact: false }).waitFor();
    expect(await page.evaluate(() => window.localStorage.getItem('union.session'))).toBeNull();
    await screenshot(page, '92-signed-out');
  });

  it('signed in again, 我的 → 个人信息与隐私 shows what is held, without asking for consent again', async () => {
    await visible('[data-login="worker"]').click();
    await visible('.account-card__link').click();
    await visible('.privacy').getByText('会员信息').waitFor();
    await visible('.privacy').getByText('您还没有入会', { exact: false }).waitFor();
    await visible('.privacy').getByText('撤回同意').waitFor();
    await page.waitForTimeout(600); // the page slides in
    await screenshot(page, '93-my-privacy');
    expect(await page.locator('.privacy-notice:visible').count()).toBe(0);
  });

  it('never tried to reach anything but 127.0.0.1', () => {
    expect(blocked).toEqual([]);
  });
});
