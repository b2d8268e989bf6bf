import { existsSync } from 'node:fs';
import { join } from 'node:path';
import gcoord from 'gcoord';
import type { Browser, Page, Request } from 'playwright-core';
import { describeWhen } from '../test/support/describe-when';
import { startStack, h5Dir, type Stack } from './support/stack';
import {
  apiCall,
  apiSession,
  BROWSER_MISSING,
  hasChromium,
  launchChromium,
  phonePage,
  recentBeijingMorning,
  screenshot,
} from './support/browser';
import { demoStations } from '../scripts/demo-data/stations';
import { stationIdFor } from '../functions/tables/stations';
import { distanceMeters, formatDistance } from '../shared/geo';
import { formatHoursText } from '../shared/hours-text';

jest.setTimeout(240_000);
const ready = hasChromium && existsSync(join(h5Dir, 'index.html'));
const describeInBrowser = describeWhen(ready, BROWSER_MISSING);

// A rider standing near 卢沟桥; the browser reports WGS-84, as real browsers do.
const gcj = { lat: 39.8605, lng: 116.2541 };
const [wgsLng, wgsLat] = gcoord.transform([gcj.lng, gcj.lat], gcoord.GCJ02, gcoord.WGS84);
const geolocation = { latitude: wgsLat!, longitude: wgsLng! };

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

type Demo = ReturnType<typeof demoStations>[number];
/** demo stations within 5 km, nearest first (ties by id, as the server orders them) */
function nearby(filter: (s: Demo) => boolean = () => true): Demo[] {
  return demoStations()
    .map((s) => ({ s, d: Math.round(distanceMeters(gcj, s.location)), id: stationIdFor(s.orgId, s.externalId) }))
    .filter(({ s, d }) => d <= 5000 && filter(s))
    .sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))
    .map(({ s }) => s);
}
const names = (list: Demo[]) => list.map((s) => s.name);

/**
 * What the detail says at 07:30 Beijing time for each kind of demo hours, written out by hand. The
 * browser's clock is fixed there and its zone is UTC (23:30 the day before): a screen reading the
 * phone's zone would say 今天已关门 for the daily ones. Weekday-dependent hours are left out.
 */
const at0730: Record<string, string> = {
  '24小时': '24 小时开放',
  '每天 08:00-20:00': '今天 08:00 开门',
  '每天 07:00-22:00': '今天 22:00 关门',
  '每天 06:00-21:00': '今天 21:00 关门',
};

describeInBrowser('驿站 finder in Chromium', () => {
  let stack: Stack;
  let browser: Browser;
  let worker: Page;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
    ({ page: worker } = await phonePage(browser, { geolocation }));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const rowNames = (page: Page) => page.locator('.station-row__name').allTextContents();

  it('lists the nearest demo stations in the right order, says what it counts, and loads more as you scroll', async () => {
    await worker.goto(stack.appUrl);
    await worker.locator('[data-login="worker"]').click();
    await worker.locator('.station-row').first().waitFor();
    const all = names(nearby());
    expect(all.length).toBeGreaterThan(20);
    expect(await rowNames(worker)).toEqual(all.slice(0, 20));
    expect(await worker.locator('.results-head__count').textContent()).toBe('您附近 5 公里内的驿站，由近到远，已显示 20 个');
    await screenshot(worker, '10-stations-nearby');
    // scrolling to the bottom loads the next, farther stations until all within 5 km are there
    await until(
      async () => {
        await worker.mouse.wheel(0, 40_000);
        return (await rowNames(worker)).length === all.length;
      },
      'every station within 5 km',
      30_000,
    );
    expect(await rowNames(worker)).toEqual(all);
    expect(await worker.locator('.results-head__count').textContent()).toBe(`您附近 5 公里内共 ${all.length} 个驿站`);
    await worker.getByText('5 公里内的驿站都在这里了').waitFor();
  });

  it('filters to stations with a microwave, open 24 hours or open now', async () => {
    await worker.mouse.wheel(0, -80_000);
    await worker.locator('.chip', { hasText: '热饭' }).click();
    await worker.locator('.chip', { hasText: '24小时' }).click();
    // 24 hours is a property of the station, not of the clock: the same list at any time of day
    const allDay = names(nearby((s) => s.amenities.includes('microwave') && s.hours.allDay && s.status === 'open'));
    expect(allDay.length).toBeGreaterThan(0);
    await until(async () => JSON.stringify(await rowNames(worker)) === JSON.stringify(allDay), 'the 24-hour list');
    expect(await worker.locator('.results-head__count').textContent()).toBe(`您附近 5 公里内共 ${allDay.length} 个符合条件的驿站`);
    await screenshot(worker, '11-stations-filtered');

    // 营业中 depends on the server's clock: whatever the hour, the rows are microwave stations that
    // are not temporarily closed, nearest first, and no 24-hour one nearer than the last row is missing
    const openNowReply = worker.waitForResponse((r) => r.url().includes('openNow=true') && !r.url().includes('allDay=true'));
    await worker.locator('.chip', { hasText: '24小时' }).click();
    await worker.locator('.chip', { hasText: '营业中' }).click();
    await openNowReply;
    await worker.waitForLoadState('networkidle');
    await worker.waitForTimeout(300);
    const openNow = await rowNames(worker);
    const candidates = names(nearby((s) => s.amenities.includes('microwave') && s.status === 'open'));
    const positions = openNow.map((n) => candidates.indexOf(n));
    expect(positions).not.toContain(-1);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    const last = Math.max(...positions);
    expect(allDay.filter((n) => candidates.indexOf(n) <= last && !openNow.includes(n))).toEqual([]);
  });

  it('opens a detail page with the whole address, the distance and today’s hours in Beijing words', async () => {
    // a fresh page whose clock reads 07:30 in Beijing (23:30 the day before on this UTC phone)
    const { page } = await phonePage(browser, { geolocation });
    await page.clock.setFixedTime(recentBeijingMorning());
    await page.goto(stack.appUrl);
    await page.locator('[data-login="worker"]').click();
    await page.locator('.station-row').first().waitFor();
    for (const [hours, words] of Object.entries(at0730)) {
      const station = nearby().find((s) => formatHoursText(s.hours) === hours && s.status === 'open');
      if (!station) throw new Error(`no demo station with ${hours} within 5 km`);
      const meters = Math.round(distanceMeters(gcj, station.location));
      // opened as the list opens it, with the distance passed along (the list's part is checked below)
      await page.goto(`${stack.appUrl}#/pages/station/index?id=${stationIdFor(station.orgId, station.externalId)}&distance=${meters}`);
      await page.locator('.page-header__title:visible', { hasText: station.name }).waitFor();
      const facts = page.locator('.station-facts:visible');
      await facts.waitFor();
      expect(await facts.locator('.station-facts__address').textContent()).toBe(station.address);
      expect(await facts.locator('.station-facts__distance').textContent()).toBe(`距您 ${formatDistance(meters)}`);
      expect(await facts.locator('.station-facts__hours').textContent()).toBe(words);
      expect(await facts.locator('.open-badge').textContent()).toBe(
        // not yet open at 07:30 is 未开门: 已打烊 would say the day is over
        words === '今天 08:00 开门' ? '未开门' : hours === '24小时' ? '24小时' : '营业中',
      );
      const labels = await page.locator('.amenities--large:visible .amenity__label').allTextContents();
      expect(labels.slice(0, 2)).toEqual(['热水饮水', '休息座椅']);
      if (words === '今天 08:00 开门') await screenshot(page, '12-station-detail');
    }
    await page.context().close();
  });

  it('posts on the wall and sends a problem report to the owning staff’s queue, shown in Beijing time', async () => {
    const first = (await rowNames(worker))[0]!;
    const distance = await worker.locator('.station-row__distance').first().textContent();
    await worker.locator('.station-row').first().click();
    await worker.locator('.page-header__title:visible', { hasText: first }).waitFor();
    // the list passed its distance along
    expect(await worker.locator('.station-facts__distance:visible').textContent()).toBe(`距您 ${distance}`);
    // with nothing written, 留言 and 提交 are grey with readable labels, and a tap sends nothing
    // (Taro's H5 button still calls onClick while disabled)
    const posted: string[] = [];
    const recordPost = (r: Request) => void (r.method() === 'POST' && posted.push(new URL(r.url()).pathname));
    worker.on('request', recordPost);
    const send = worker.locator('.message-wall__send:visible');
    const submit = worker.locator('.big-button:visible', { hasText: '请先选择问题' });
    for (const button of [send, submit]) {
      expect(await button.getAttribute('disabled')).toBe('');
      const look = await button.evaluate((el) => {
        const style = getComputedStyle(el);
        return { color: style.color, background: style.backgroundColor, opacity: style.opacity };
      });
      expect(look).toEqual({ color: 'rgb(51, 51, 51)', background: 'rgb(224, 224, 224)', opacity: '1' });
    }
    await send.click({ force: true });
    await submit.click({ force: true });
    await worker.waitForTimeout(500);
    worker.off('request', recordPost);
    expect(posted).toEqual([]);
    await worker.locator('.message-wall:visible textarea').fill('冬天能在这里热饭，太好了！');
    await worker.getByText('留言', { exact: true }).click();
    await worker.locator('.post', { hasText: '冬天能在这里热饭，太好了！' }).waitFor();

    await worker.locator('.report-type', { hasText: '微波炉坏了' }).click();
    await worker.getByText('提交：微波炉坏了', { exact: true }).click();
    await worker.getByText('已收到，工会工作人员会尽快处理', { exact: false }).waitFor();

    const staffSession = await apiSession(stack.apiUrl, 'staff');
    const { reports } = await apiCall<{ reports: { stationName: string; type: string; createdAt: string }[] }>(
      stack.apiUrl,
      staffSession.token,
      'GET',
      '/staff/reports',
    );
    const report = reports.find((r) => r.stationName === first && r.type === 'microwave-broken')!;
    expect(report).toBeDefined();
    const beijing = new Date(new Date(report.createdAt).getTime() + 8 * 3600_000);
    const day = `${beijing.getUTCMonth() + 1}月${beijing.getUTCDate()}日`;
    const clock = `${String(beijing.getUTCHours()).padStart(2, '0')}:${String(beijing.getUTCMinutes()).padStart(2, '0')}`;

    const { page: staff } = await phonePage(browser);
    await staff.goto(stack.appUrl);
    await staff.locator('[data-login="staff"]').click();
    await staff.locator('.taro-tabbar__tabbar').getByText('我的', { exact: true }).click();
    await staff.getByText('驿站问题待办', { exact: true }).click();
    const card = staff.locator('.card', { hasText: first }).filter({ hasText: '微波炉坏了' });
    await card.waitFor();
    const text = await card.textContent();
    expect(text).toContain(day);
    expect(text).toContain(clock);
    await screenshot(staff, '13-staff-report-queue');
    await card.getByText('已处理', { exact: true }).click();
    // 已处理 asks what was done (and for a photo), both optional
    await card.getByText('确认已处理', { exact: true }).click();
    await card.waitFor({ state: 'detached' });
    // the card did not just vanish: the platform toast says why
    await staff.getByText('已标记处理', { exact: true }).waitFor();
    await staff.close();
  });

  it('a post WeChat’s content check refuses is said so beside 留言, stays its author’s, and reaches nobody else', async () => {
    // still on the nearest station's detail; the fake WeChat refuses any text with 违禁
    const words = '这里有违禁内容';
    const box = worker.locator('.message-wall:visible textarea');
    await box.fill(words);
    await worker.getByText('留言', { exact: true }).click();
    await worker.getByText('未通过内容审核，仅您自己可见。请修改后再发。', { exact: true }).waitFor();
    expect(await box.inputValue()).toBe(words); // kept, to be changed
    await worker.locator('.post', { hasText: words }).getByText('未通过内容审核，仅您自己可见', { exact: true }).waitFor();
    await screenshot(worker, '12b-wall-post-refused');

    const stationId = decodeURIComponent(/[?&]id=([^&]+)/.exec(worker.url())![1]!); // the detail's own
    const path = `/stations/${stationId}/posts`;
    for (const login of ['another-rider', 'staff']) {
      const { posts } = await apiCall<{ posts: { text: string }[] }>(
        stack.apiUrl,
        (await apiSession(stack.apiUrl, login)).token,
        'GET',
        path,
      );
      expect(posts.map((p) => p.text)).not.toContain(words);
      expect(posts.map((p) => p.text)).toContain('冬天能在这里热饭，太好了！');
    }
  });

  it('我的 shows the member card with the name the member gave, one tap from its QR', async () => {
    // a rider who signed in with WeChat (the server calls them 微信用户) and joined at a stall
    const staffSession = await apiSession(stack.apiUrl, 'staff');
    const code = await apiCall<{ token: string }>(stack.apiUrl, staffSession.token, 'POST', '/staff/join-codes', {
      orgId: 'fengtai-lugouqiao',
      autoApprove: true,
    });
    const rider = await apiSession(stack.apiUrl, 'stations-rider');
    expect(rider.me.displayName).toBe('微信用户');
    const joined = await apiCall<{ membership: { memberNo: string } }>(stack.apiUrl, rider.token, 'POST', `/join/${code.token}`, {
      name: '欧阳小明',
      mobile: '13912345671',
      employer: '顺丰速运',
      occupation: 'courier',
      consent: true,
    });
    const { page } = await phonePage(browser, { session: rider });
    await page.goto(`${stack.appUrl}#/pages/me/index`);
    const card = page.locator('.me-member__card:visible');
    await card.waitFor();
    expect(await page.locator('.me-card__name:visible').textContent()).toBe('欧阳小明');
    expect(await card.locator('.me-member__name').textContent()).toBe('欧阳小明');
    expect(await card.locator('.me-member__no').textContent()).toBe(`会员号 ${joined.membership.memberNo}`);
    expect(await page.locator('body').textContent()).not.toContain('微信用户');
    await screenshot(page, '14-me-member-card');
    await card.click();
    await page.locator('.member-card__qr:visible').waitFor();
    await page.context().close();
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
