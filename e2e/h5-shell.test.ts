import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeWhen } from '../test/support/describe-when';
import { startStack, root, type Stack } from './support/stack';
import { BROWSER_MISSING, hasChromium, launchChromium, phonePage, screenshot } from './support/browser';

jest.setTimeout(120_000);
const built = existsSync(join(root, 'miniapp', 'dist', 'h5', 'index.html'));
const describeInBrowser = describeWhen(hasChromium && built, BROWSER_MISSING);

describeInBrowser('the H5 app in Chromium against the local stack', () => {
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

  const tab = (name: string) => page.locator('.taro-tabbar__tabbar').getByText(name, { exact: true });

  it('offers the demo identities, signs in as staff and shows the tab bar', async () => {
    await page.goto(stack.appUrl);
    await page.getByText('请选择一个演示身份').waitFor();
    await screenshot(page, '01-dev-login');
    await page.locator('[data-login="staff"]').click();
    await page.locator('.page-header__title', { hasText: '附近驿站' }).waitFor();
    for (const name of ['驿站', '入会', '活动', '我的']) await tab(name).waitFor();
    await screenshot(page, '02-home');
  });

  it('loads the org tree from the API on the 入会 tab', async () => {
    await tab('入会').click();
    await page.getByText('丰台区总工会').waitFor();
    await expectVisible(page, ['北京市总工会', '丰台区总工会', '顺义区总工会']);
    // a level at a time: a district's streets load when it is opened
    await page.getByText('丰台区总工会').click();
    await page.getByText('卢沟桥街道总工会').click();
    await page.getByText('卢沟桥街道快递物流行业联合工会').waitFor();
    await screenshot(page, '03-org-tree');
  });

  it('shows the staff member on 我的 and opens the staff workbench (subpackage)', async () => {
    await tab('我的').click();
    await page.getByText('李老师').waitFor();
    await page.getByText('进入工作台').click();
    await page.getByText('直属下级 2 个').waitFor();
    await screenshot(page, '04-staff-scope');
  });

  it('says clearly when the API cannot be reached, and recovers on 重试', async () => {
    const { page: offline } = await phonePage(browser);
    await offline.route('**/api/**', (route) => route.abort('connectionrefused'));
    await offline.goto(stack.appUrl);
    await offline.locator('[data-login="staff"]').click();
    await offline.getByText('网络连接失败，请检查网络后重试').waitFor();
    await screenshot(offline, '05-api-unreachable');
    await offline.unroute('**/api/**');
    // the dev login panel retries by choosing again
    await offline.locator('[data-login="staff"]').click();
    await offline.locator('.page-header__title', { hasText: '附近驿站' }).waitFor();
    await offline.close();
  });

  it('never tried to reach anything but 127.0.0.1', () => {
    expect(blocked).toEqual([]);
  });
});

async function expectVisible(page: Page, texts: string[]) {
  for (const text of texts) await page.getByText(text, { exact: true }).first().waitFor();
}
