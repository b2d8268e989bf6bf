import { existsSync } from 'node:fs';
import { join } from 'node:path';
import gcoord from 'gcoord';
import type { Browser, Page } from 'playwright-core';
import { describeWhen } from '../test/support/describe-when';
import { startStack, h5Dir, type Stack } from './support/stack';
import { apiCall, apiSession, BROWSER_MISSING, hasChromium, launchChromium, phonePage, screenshot } from './support/browser';
import { auditScreen, enlargeText } from './support/audit';
import { stationIdFor } from '../functions/tables/stations';

jest.setTimeout(240_000);
const ready = hasChromium && existsSync(join(h5Dir, 'index.html'));
const describeInBrowser = describeWhen(ready, BROWSER_MISSING);

// a rider near 卢沟桥; the browser reports WGS-84
const [lng, lat] = gcoord.transform([116.2541, 39.8605], gcoord.GCJ02, gcoord.WGS84);
const geolocation = { latitude: lat!, longitude: lng! };

type Who = 'member' | 'staff';
interface Screen {
  name: string;
  who: Who;
  path: string;
  /** something only the loaded screen shows */
  shows: string;
}
const station = stationIdFor('fengtai-lugouqiao', 'demo-fengtai-lugouqiao-01');
const screens: Screen[] = [
  { name: '驿站 list', who: 'member', path: 'pages/stations/index', shows: '.station-row' },
  { name: 'station detail', who: 'member', path: `pages/station/index?id=${station}&distance=640`, shows: '.station-facts__address' },
  { name: '活动', who: 'member', path: 'pages/activities/index', shows: '.page-header__title' },
  { name: '我的', who: 'member', path: 'pages/me/index', shows: '.me-member__card' },
  { name: '我的 (staff)', who: 'staff', path: 'pages/me/index', shows: '.me-card__action' },
  { name: 'staff 驿站问题待办', who: 'staff', path: 'staff/pages/reports/index', shows: '.chip' },
];

/** The screen has loaded: its own content is there and nothing is still spinning. */
async function settle(page: Page, shows: string) {
  await page.locator(`${shows}:visible`).first().waitFor({ timeout: 60_000 });
  await page.waitForLoadState('networkidle');
  await page
    .locator('[aria-busy="true"]:visible')
    .first()
    .waitFor({ state: 'detached', timeout: 5_000 })
    .catch(() => undefined);
}

describeInBrowser('tap targets, contrast and small screens in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  const sessions = {} as Record<Who, unknown>;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
    // a rider who signed in with WeChat (so the server calls them 微信用户) and joined at a stall
    const staff = await apiSession(stack.apiUrl, 'staff');
    const code = await apiCall<{ token: string }>(stack.apiUrl, staff.token, 'POST', '/staff/join-codes', {
      orgId: 'fengtai-lugouqiao',
      autoApprove: true,
    });
    const rider = await apiSession(stack.apiUrl, 'screens-rider');
    expect(rider.me.displayName).toBe('微信用户');
    await apiCall(stack.apiUrl, rider.token, 'POST', `/join/${code.token}`, {
      name: '欧阳小明',
      mobile: '13912345670',
      employer: '美团',
      occupation: 'food-delivery',
      consent: true,
    });
    Object.assign(sessions, { member: rider, staff });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function open(screen: Screen, width: number): Promise<Page> {
    const { page } = await phonePage(browser, { geolocation, width, session: sessions[screen.who] });
    await page.goto(`${stack.appUrl}#/${screen.path}`);
    await settle(page, screen.shows);
    return page;
  }

  it.each(screens)('$name: every tap target ≥ 44×44 over its whole area, text ≥ 4.5:1, on a 390 px phone', async (screen) => {
    const page = await open(screen, 390);
    expect(await auditScreen(page)).toEqual([]);
    await page.context().close();
  });

  it.each(screens)('$name: fits a 320 px phone, also with text 130% larger', async (screen) => {
    const page = await open(screen, 320);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    expect(await auditScreen(page)).toEqual([]);
    await enlargeText(page, 1.3);
    await page.waitForTimeout(100);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    // at a larger font the targets only grow; what can break is width and cut-off text
    expect((await auditScreen(page)).filter((p) => !p.startsWith('tap target') && !p.startsWith('contrast'))).toEqual([]);
    await screenshot(page, `60-${screen.name.replace(/[^\w\u4e00-\u9fa5]+/g, '-')}-320-large-text`);
    await page.context().close();
  });

  it('the H5 tab bar labels are readable (≥ 14 px) and each tab is ≥ 44 px tall', async () => {
    const page = await open(screens[0]!, 390);
    const tabs = await page.locator('.weui-tabbar__item').evaluateAll((items) =>
      items.map((item) => ({
        height: item.getBoundingClientRect().height,
        label: parseFloat(getComputedStyle(item.querySelector('.weui-tabbar__label')!).fontSize),
      })),
    );
    expect(tabs).toHaveLength(4);
    for (const tab of tabs) {
      expect(tab.height).toBeGreaterThanOrEqual(44);
      expect(tab.label).toBeGreaterThanOrEqual(14);
    }
    await page.context().close();
  });
});
