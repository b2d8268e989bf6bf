import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeWhen } from '../test/support/describe-when';
import { startStack, h5Dir, type Stack } from './support/stack';
import { BROWSER_MISSING, apiCall, apiSession, hasChromium, launchChromium, phonePage, screenshot } from './support/browser';

jest.setTimeout(150_000);
const ready = hasChromium && existsSync(join(h5Dir, 'index.html'));
const describeInBrowser = describeWhen(ready, BROWSER_MISSING);

describeInBrowser('注销账号 in Chromium: a member deletes their account from 我的 → 个人信息与隐私', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let blocked: string[];

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
    ({ page, blocked } = await phonePage(browser));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const visible = (selector: string) => page.locator(`${selector}:visible`);
  const tab = (name: string) => page.locator('.taro-tabbar__tabbar').getByText(name, { exact: true });
  /** the session's token, once the app has stored one */
  const token = async () => {
    await page.waitForFunction(() => window.localStorage.getItem('union.session') !== null);
    return page.evaluate(() => JSON.parse(window.localStorage.getItem('union.session')!).data.token as string);
  };
  let oldToken = '';
  /** back on the 我的 tab's sign-in: the page left (switchTab closes it) and one picker is shown */
  const signInShown = async () => {
    for (let i = 0; i < 100 && (await page.locator('[data-login="worker"]:visible').count()) !== 1; i++) await page.waitForTimeout(100);
    await visible('.dev-login').getByText('请选择一个演示身份', { exact: false }).waitFor();
  };

  it('a worker who joined sees their membership on 个人信息与隐私', async () => {
    await page.goto(stack.appUrl);
    await visible('[data-login="worker"]').click();
    await page.locator('.page-header__title', { hasText: '附近驿站' }).waitFor();
    oldToken = await token();
    // joined at a stall (through the API, as the join e2e covers the form)
    const staff = await apiSession(stack.apiUrl, 'staff');
    const code = await apiCall<{ token: string }>(stack.apiUrl, staff.token, 'POST', '/staff/join-codes', {
      orgId: 'fengtai-lugouqiao',
      autoApprove: true,
    });
    await apiCall(stack.apiUrl, oldToken, 'POST', `/join/${code.token}`, {
      name: '王注销',
      mobile: '13700001234',
      employer: '美团',
      occupation: 'food-delivery',
      consent: true,
    });
    await tab('我的').click();
    await visible('.account-card__link').click();
    await visible('.privacy').getByText('13700001234').waitFor();
    await visible('.privacy').getByText('注销账号', { exact: true }).first().waitFor();
    await page.waitForTimeout(600); // the page slides in
    await visible('.privacy__delete').scrollIntoViewIfNeeded();
    await screenshot(page, '93b-my-privacy-rights');
  });

  it('注销账号 explains, asks twice in red, then returns to sign-in; the old session is refused', async () => {
    await visible('.privacy__delete').click();
    await page.locator('.taro-modal__content:visible').waitFor();
    await page.locator('.taro-model__confirm:visible', { hasText: '继续注销' }).click();
    await page.locator('.taro-model__confirm:visible', { hasText: '确认注销' }).click();
    await signInShown();
    await screenshot(page, '94-account-deleted');
    expect(await page.evaluate(() => window.localStorage.getItem('union.session'))).toBeNull();
    const refused = await fetch(`${stack.apiUrl}/me/membership`, { headers: { authorization: `Bearer ${oldToken}` } });
    expect(refused.status).toBe(401);
    expect((await refused.json()).message).toContain('注销');
  });

  it('the same WeChat account signs in as a new user, with nothing from before', async () => {
    await visible('[data-login="worker"]').click();
    await visible('.taro-tabbar__tabbar').waitFor();
    expect(await token()).not.toBe(oldToken);
    await tab('我的').click();
    await visible('.account-card__link').click();
    await visible('.privacy').getByText('您还没有入会', { exact: false }).waitFor();
  });

  it('退出登录 still works from 个人信息与隐私', async () => {
    await visible('.privacy').getByText('退出登录', { exact: true }).click();
    await page.locator('.taro-model__confirm:visible', { hasText: '退出登录' }).click();
    await signInShown();
  });

  it('never tried to reach anything but 127.0.0.1', () => {
    expect(blocked).toEqual([]);
  });
});
