import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { describeWhen } from '../test/support/describe-when';
import { beijingDate } from '../shared/beijing-time';
import { startStack, h5Dir, type Stack } from './support/stack';
import { BROWSER_MISSING, apiCall, apiSession, hasChromium, launchChromium, phonePage, screenshot } from './support/browser';

jest.setTimeout(300_000);
const ready = hasChromium && existsSync(join(h5Dir, 'index.html'));
const describeInBrowser = describeWhen(ready, BROWSER_MISSING);

const STREET = 'fengtai-lugouqiao';
const HOUR = 3_600_000;
type Totals = Record<string, number>;
type Figures = {
  services: { key: string; registered: number; waitlisted: number; leased: number }[];
  tallies: { leaflet: number };
  checkins: number;
};

/**
 * The done-when (issue 12): a stall in a crowd with no network. Staff open 摊位模式 for an
 * event, the network goes, they register three workers for a 2-place service (the phone holds a
 * lease of 2), check one ticket in and count five leaflets; the network comes back and everything
 * syncs: the server's counts are exact, the third registration is 候补. A second phone that checked
 * the same ticket in offline is told at its sync who checked it in first, and when. The event's
 * dashboard and the street union's monthly report show the figures; the .xlsx is read back.
 */
describeInBrowser('摊位模式 without a network, then the figures unions report', () => {
  let stack: Stack;
  let browser: Browser;
  let staff: Awaited<ReturnType<typeof apiSession>>;
  let eventId: string;
  let ticket: string;
  let baseline: Totals;
  const workers: Awaited<ReturnType<typeof apiSession>>[] = [];
  // the event starts an hour before the test: just after a Beijing midnight that is another month
  const started = Date.now() - HOUR;
  const months = { from: beijingDate(new Date(started)).slice(0, 7), to: beijingDate(new Date()).slice(0, 7) };
  /** the street's monthly report: its totals, and its stations now */
  const monthReport = async (range = months): Promise<Totals> => {
    const query = new URLSearchParams({ orgId: STREET, unit: 'month', ...range });
    const report = await apiCall<{ totals: Totals; stations?: number }>(stack.apiUrl, staff.token, 'GET', `/staff/figures?${query}`);
    return { ...report.totals, stations: report.stations ?? 0 };
  };
  const figures = () => apiCall<Figures>(stack.apiUrl, staff.token, 'GET', `/staff/events/${eventId}/figures`);
  /** a worker's member card QR as their phone shows it now (valid three minutes) */
  const cardOf = async (i: number) =>
    (await apiCall<{ qr: { token: string } }>(stack.apiUrl, workers[i]!.token, 'GET', '/me/member-card')).qr.token;
  const enter = async (page: Page, code: string) => {
    await page.getByLabel('手动输入二维码').fill(code);
    await page.getByText('确定', { exact: true }).click();
  };
  const lines = (page: Page) => page.locator('.stall__line:visible');

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
    staff = await apiSession(stack.apiUrl, 'staff');
    // the demo data may already hold figures for these months: what this test adds is measured from here
    baseline = await monthReport();
    const now = Date.now();
    const event = {
      kind: 'worker',
      name: '卢沟桥职工沟通会',
      place: '卢沟桥文化广场',
      location: { lat: 39.85, lng: 116.22 },
      startsAt: new Date(started).toISOString(),
      endsAt: new Date(now + 3 * HOUR).toISOString(),
      services: [{ key: 'haircut', capacity: 2 }, { key: 'legal' }],
    };
    const created = await apiCall<{ event: { id: string } }>(stack.apiUrl, staff.token, 'POST', '/staff/events', {
      ...event,
      hostOrgId: STREET,
      clientRequestId: randomUUID(),
    });
    eventId = created.event.id;
    await apiCall(stack.apiUrl, staff.token, 'PUT', `/staff/events/${eventId}`, { ...event, status: 'open' });
    const code = await apiCall<{ token: string }>(stack.apiUrl, staff.token, 'POST', '/staff/join-codes', {
      orgId: STREET,
      eventId,
      autoApprove: true,
    });
    for (const [i, name] of ['周一鸣', '吴二强', '郑三立'].entries()) {
      const worker = await apiSession(stack.apiUrl, `stall-worker-${i + 1}`);
      await apiCall(stack.apiUrl, worker.token, 'POST', `/join/${code.token}`, {
        name,
        mobile: `1381234${String(5670 + i).padStart(4, '0')}`,
        employer: '美团',
        occupation: 'food-delivery',
        consent: true,
      });
      workers.push(worker);
    }
    const activity = await apiCall<{ id: string }>(stack.apiUrl, staff.token, 'POST', '/staff/activities', {
      orgId: STREET,
      eventId,
      title: '沟通会义诊',
      category: 'service',
      place: '卢沟桥文化广场',
      startsAt: new Date(now + HOUR).toISOString(),
      endsAt: new Date(now + 2 * HOUR).toISOString(),
      signupOpensAt: new Date(now - 60_000).toISOString(),
      signupClosesAt: new Date(now + HOUR).toISOString(),
      capacity: 5,
    });
    await apiCall(stack.apiUrl, workers[0]!.token, 'POST', `/activities/${activity.id}/signups`, { clientRequestId: randomUUID() });
    const mine = await apiCall<{ signups: { activityId: string; ticket?: { token: string } }[] }>(
      stack.apiUrl,
      workers[0]!.token,
      'GET',
      '/me/signups',
    );
    ticket = mine.signups.find((s) => s.activityId === activity.id)!.ticket!.token;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('offline: 2 registrations on a lease of 2 and a third 候补, a check-in, 5 leaflets; all synced exactly; a second phone is told who checked the ticket in first', async () => {
    const first = (await phonePage(browser, { session: staff })).page;
    await first.goto(`${stack.appUrl}#/staff/pages/stall/index?eventId=${eventId}`);
    await first.locator('.stall__title:visible', { hasText: '卢沟桥职工沟通会' }).waitFor();
    // choosing the service online leases its places to this phone: both of the 2
    await first.locator('.stall__chips .chip', { hasText: '理发' }).click();
    await first.getByText('理发（本机余 2）').waitFor();
    const admin = await apiSession(stack.apiUrl, 'admin');
    const second = (await phonePage(browser, { session: admin })).page;
    await second.goto(`${stack.appUrl}#/staff/pages/stall/index?eventId=${eventId}`);
    await second.locator('.stall__title:visible', { hasText: '卢沟桥职工沟通会' }).waitFor();
    const cards = [await cardOf(0), await cardOf(1), await cardOf(2)];

    // the network goes (both phones): every action is kept on the phone, 待同步
    await first.context().setOffline(true);
    await second.context().setOffline(true);
    for (const card of cards) await enter(first, card);
    await enter(first, ticket);
    for (let i = 0; i < 5; i++) await first.locator('.stall__tally-button', { hasText: '宣传册 +1' }).click();
    await first.getByText('待同步 9 条').waitFor();
    const states = async (page: Page) => (await lines(page).locator('.stall__state').allTextContents()).reverse();
    expect(await states(first)).toEqual([
      '已报名（待同步）',
      '已报名（待同步）',
      '候补（待同步）',
      '已签到（待同步）',
      ...Array(5).fill('待同步'),
    ]);
    await first.getByText('理发（本机余 0）').waitFor();
    await screenshot(first, '70-stall-offline');
    await enter(second, ticket);
    await lines(second).first().locator('.stall__state', { hasText: '已签到（待同步）' }).waitFor();

    // the network returns: the first phone syncs by itself
    await first.context().setOffline(false);
    await first.getByText('全部已同步').waitFor({ timeout: 90_000 });
    expect(await states(first)).toEqual(['已完成', '已完成', '候补', '已完成', ...Array(5).fill('已完成')]);
    await screenshot(first, '71-stall-synced');
    const after = await figures();
    expect(after.services.find((s) => s.key === 'haircut')).toMatchObject({ registered: 2, waitlisted: 1, leased: 0 });
    expect(after.tallies.leaflet).toBe(5);
    expect(after.checkins).toBe(1);

    // the second phone: the same ticket, checked in first by 李老师 on the first phone
    await second.context().setOffline(false);
    const told = lines(second).first();
    await told.locator('.stall__state', { hasText: '已处理过' }).waitFor({ timeout: 90_000 });
    expect(await told.locator('.stall__line-detail').textContent()).toMatch(/李\*师 于 \d+月\d+日 周. \d{2}:\d{2} 已处理/);
    await screenshot(second, '72-stall-second-phone');

    // syncing again (a replay of the whole queue) changes nothing
    await first.getByText('立即同步', { exact: true }).click();
    await first.getByText('全部已同步').waitFor();
    expect(await figures()).toMatchObject({ checkins: 1, tallies: { leaflet: 5 } });
    await first.context().close();
    await second.context().close();
  });

  it('the event dashboard and the street union’s monthly report show the figures; the .xlsx export reads back', async () => {
    const totals = await monthReport();
    // the three joins came through the event's code; the sign-up was made before the stall
    expect({
      meetings: totals.meetings! - baseline.meetings!,
      joins: totals.joins! - baseline.joins!,
      leaflets: totals.leaflets! - baseline.leaflets!,
      checkins: totals.checkins! - baseline.checkins!,
      services: totals.services! - baseline.services!,
    }).toEqual({ meetings: 1, joins: 3, leaflets: 5, checkins: 1, services: 2 });

    const { page } = await phonePage(browser, { session: staff });
    await page.goto(`${stack.appUrl}#/staff/pages/event/index?eventId=${eventId}`);
    const cell = (label: string) => page.locator(`[data-figure="${label}"]:visible .figure-grid__n`);
    await cell('宣传册').filter({ hasText: /^5$/ }).waitFor();
    expect(await cell('签到').textContent()).toBe('1');
    expect(await cell('入会').textContent()).toBe('3');
    await screenshot(page, '73-event-dashboard');

    // the report screen opens on this month: what it shows is the API's answer for this month
    const shown = await monthReport({ from: months.to, to: months.to });
    await page.goto(`${stack.appUrl}#/staff/pages/figures/index`);
    await page.getByText('按月', { exact: true }).click();
    await page.locator(`[data-report="${STREET}"]:visible`).waitFor();
    await cell('宣传册')
      .filter({ hasText: new RegExp(`^${shown.leaflets}$`) })
      .waitFor();
    expect(await cell('签到').textContent()).toBe(String(shown.checkins));
    expect(await cell('入会申请').textContent()).toBe(String(shown.joins));
    // the street's stations now (the demo data's, counted where they were written)
    expect(shown.stations).toBeGreaterThan(0);
    expect(await cell('驿站（现有）').textContent()).toBe(String(shown.stations));
    await screenshot(page, '74-monthly-report');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByText('导出 Excel', { exact: true }).click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const summary = book.getWorksheet('汇总')!;
    const rows = new Map<string, unknown>();
    summary.eachRow((row) => rows.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(Number(rows.get('宣传册（份）'))).toBe(shown.leaflets);
    expect(Number(rows.get('活动签到（人次）'))).toBe(shown.checkins);
    expect(book.worksheets.map((s) => s.name)).toEqual(expect.arrayContaining(['汇总', '按月', '沟通会类型', '入会职业', '服务类型']));
    await page.getByText('已导出').waitFor();
  });
});
