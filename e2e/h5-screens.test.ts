import { existsSync } from 'node:fs';
import { join } from 'node:path';
import gcoord from 'gcoord';
import type { Browser, Page } from 'playwright-core';
import { describeWhen } from '../test/support/describe-when';
import { startStack, h5Dir, type Stack } from './support/stack';
import { apiCall, apiSession, BROWSER_MISSING, hasChromium, launchChromium, phonePage, screenshot } from './support/browser';
import { auditScreen, enlargeText, taroStylesLast } from './support/audit';
import { stationIdFor } from '../functions/tables/stations';

jest.setTimeout(240_000);
const ready = hasChromium && existsSync(join(h5Dir, 'index.html'));
const describeInBrowser = describeWhen(ready, BROWSER_MISSING);

// a rider near 卢沟桥; the browser reports WGS-84
const [lng, lat] = gcoord.transform([116.2541, 39.8605], gcoord.GCJ02, gcoord.WGS84);
const geolocation = { latitude: lat!, longitude: lng! };

type Who = 'member' | 'staff' | 'admin' | 'canceller';
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
  { name: 'staff 驿站管理', who: 'staff', path: 'staff/pages/stations/index', shows: '.card' },
  { name: 'staff 新建驿站', who: 'staff', path: 'staff/pages/station-edit/index', shows: '.station-form' },
  { name: 'staff 工作人员与邀请', who: 'staff', path: 'staff/pages/invite/index', shows: '.invite__submit' },
  { name: 'staff 沟通会', who: 'staff', path: 'staff/pages/events/index', shows: '.event-card' },
  { name: 'staff 新建沟通会', who: 'staff', path: 'staff/pages/event-edit/index', shows: '.event-form__save' },
  { name: 'staff 沟通会现场数据', who: 'staff', path: 'staff/pages/event/index?eventId=EVENT', shows: '.figure-grid' },
  { name: 'staff 统计报表', who: 'staff', path: 'staff/pages/figures/index', shows: '[data-report]' },
  { name: 'admin 组织管理', who: 'admin', path: 'staff/pages/orgs/index', shows: '.org-admin__action' },
  { name: 'admin 操作记录', who: 'admin', path: 'staff/pages/audit/index', shows: '.audit__row' },
  { name: '消息', who: 'member', path: 'inbox/pages/messages/index', shows: '.messages__header' },
  { name: '个人信息与隐私', who: 'member', path: 'pages/my-privacy/index', shows: '.privacy .page-header__title' },
  { name: '隐私保护指引', who: 'member', path: 'pages/privacy/index', shows: '.privacy .page-header__title' },
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
  let activityId: string;
  let eventId: string;

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
    // another member with a place in an activity, to open 取消报名's confirm dialog
    const canceller = await apiSession(stack.apiUrl, 'screens-canceller');
    await apiCall(stack.apiUrl, canceller.token, 'POST', `/join/${code.token}`, {
      name: '李小红',
      mobile: '13912345671',
      employer: '顺丰速运',
      occupation: 'courier',
      consent: true,
    });
    const now = Date.now();
    const activity = await apiCall<{ id: string }>(stack.apiUrl, staff.token, 'POST', '/staff/activities', {
      orgId: 'fengtai-lugouqiao',
      title: '冬日送温暖理发',
      category: 'service',
      place: '卢沟桥文化广场',
      startsAt: '2030-12-01T23:30:00.000Z',
      endsAt: '2030-12-02T03:00:00.000Z',
      signupOpensAt: new Date(now - 60_000).toISOString(),
      signupClosesAt: new Date(now + 80_000_000).toISOString(),
      capacity: 5,
    });
    await apiCall(stack.apiUrl, canceller.token, 'POST', `/activities/${activity.id}/signups`, { clientRequestId: 'screens-cancel-0001' });
    activityId = activity.id;
    // a 沟通会 for its dashboard (EVENT in a screen's path)
    const event = await apiCall<{ event: { id: string } }>(stack.apiUrl, staff.token, 'POST', '/staff/events', {
      kind: 'worker',
      hostOrgId: 'fengtai-lugouqiao',
      name: '卢沟桥新就业形态劳动者沟通会',
      place: '卢沟桥文化广场',
      location: { lat: 39.8492, lng: 116.2213 },
      startsAt: '2030-11-29T04:00:00.000Z',
      endsAt: '2030-11-29T06:00:00.000Z',
      services: [{ key: 'haircut', capacity: 30 }, { key: 'legal' }, { name: '手机贴膜' }],
      clientRequestId: 'screens-event-0001',
    });
    eventId = event.event.id;
    Object.assign(sessions, { member: rider, staff, canceller, admin: await apiSession(stack.apiUrl, 'admin') });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  async function open(screen: Screen, width: number): Promise<Page> {
    const { page } = await phonePage(browser, { geolocation, width, session: sessions[screen.who] });
    await page.goto(`${stack.appUrl}#/${screen.path.replace('EVENT', eventId)}`);
    await settle(page, screen.shows);
    return page;
  }

  it.each(screens)('$name: every tap target ≥ 44×44 over its whole area, text ≥ 4.5:1, on a 390 px phone', async (screen) => {
    const page = await open(screen, 390);
    expect(await auditScreen(page)).toEqual([]);
    // and still so with Taro's own styles loaded after ours
    await taroStylesLast(page);
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

  it('the H5 tab bar labels are readable (≥ 14 px) and each tab is ≥ 44 px tall, whichever styles load last', async () => {
    const page = await open(screens[0]!, 390);
    const measure = () =>
      page.locator('.weui-tabbar__item').evaluateAll((items) =>
        items.map((item) => {
          const label = item.querySelector('.weui-tabbar__label')!;
          return {
            text: label.textContent,
            height: item.getBoundingClientRect().height,
            label: parseFloat(getComputedStyle(label).fontSize),
          };
        }),
      );
    const check = (tabs: Awaited<ReturnType<typeof measure>>) => {
      expect(tabs.map((t) => t.text)).toEqual(['驿站', '入会', '活动', '我的']);
      for (const tab of tabs) {
        expect(tab.height).toBeGreaterThanOrEqual(44);
        expect(tab.label).toBeGreaterThanOrEqual(14);
      }
    };
    check(await measure());
    // this build loads Taro's weui styles before ours; loaded after, its 10 px label won before
    await taroStylesLast(page);
    check(await measure());
    await page.context().close();
  });

  /** every visible element matching `selector`, with its size */
  const boxes = (page: Page, selector: string) =>
    page
      .locator(`${selector}:visible`)
      .evaluateAll((els) =>
        els.map((el) => ({ text: el.textContent, width: el.getBoundingClientRect().width, height: el.getBoundingClientRect().height })),
      );

  it('the H5 date picker: 取消 and 确定 are ≥ 44 px tall and readable', async () => {
    const page = await open({ name: '发布活动', who: 'staff', path: 'staff/pages/publish/index', shows: '.time-field__date' }, 390);
    await page.locator('.time-field__date:visible').first().click();
    await page.locator('.weui-picker__action:visible').first().waitFor();
    await page.waitForTimeout(500); // the slide-up animation
    for (const order of ['as built', 'Taro styles last']) {
      if (order !== 'as built') await taroStylesLast(page);
      const actions = await boxes(page, '.weui-picker__action');
      expect(actions.map((a) => a.text)).toEqual(['取消', '确定']);
      for (const action of actions) {
        expect(action.height).toBeGreaterThanOrEqual(44);
        expect(action.width).toBeGreaterThanOrEqual(44);
      }
      expect(await auditScreen(page, { within: '.weui-picker__hd' })).toEqual([]);
    }
    await screenshot(page, '61-picker');
    await page.context().close();
  });

  it('the H5 confirm dialog (取消报名): its text is readable and its buttons ≥ 44 px tall', async () => {
    const page = await open(
      { name: '活动', who: 'canceller', path: 'pages/activities/index', shows: `[data-activity="${activityId}"]` },
      390,
    );
    await page.locator(`[data-activity="${activityId}"]`).getByText('取消报名', { exact: true }).click();
    await page.locator('.taro-modal__content:visible').waitFor();
    await page.waitForTimeout(300); // the fade-in
    expect(await page.locator('.taro-modal__text').textContent()).toBe('取消后名额会让给候补的职工，确定取消吗？');
    for (const order of ['as built', 'Taro styles last']) {
      if (order !== 'as built') await taroStylesLast(page);
      expect(await auditScreen(page, { within: '.taro-modal__content' })).toEqual([]);
      const buttons = await boxes(page, '.taro-model__btn');
      expect(buttons.map((b) => b.text)).toEqual(['不取消', '取消报名']);
      for (const button of buttons) expect(button.height).toBeGreaterThanOrEqual(44);
    }
    await screenshot(page, '62-confirm-dialog');
    // leave the place booked
    await page.locator('.taro-model__cancel').click();
    await page.context().close();
  });
});
