import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeWhen } from '../test/support/describe-when';
import { beijingDisplay } from '../shared/beijing-time';
import { startStack, h5Dir, type Stack } from './support/stack';
import { BROWSER_MISSING, apiCall, apiSession, hasChromium, launchChromium, phonePage, screenshot } from './support/browser';
import { enlargeText } from './support/audit';

jest.setTimeout(180_000);
const ready = hasChromium && existsSync(join(h5Dir, 'index.html'));
const describeInBrowser = describeWhen(ready, BROWSER_MISSING);

type Summary = { memberId: string; joinedAt: string; employer: string; status: string };

/** 我的 → 消息 (docs/notifications.md): a worker's join is approved by staff through the API, and the worker reads it. */
describeInBrowser('消息 in Chromium: a join approved, told in-app with its Beijing time, read one by one or all at once', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let staff: { token: string };
  let rider: { token: string };
  /** when the approval was made, for its Beijing time on screen */
  let approvedBetween: [number, number];

  const visible = (selector: string) => page.locator(`${selector}:visible`);
  const tab = (name: string) => page.locator('.taro-tabbar__tabbar').getByText(name, { exact: true });
  const unread = () => apiCall<{ unread: number }>(stack.apiUrl, rider.token, 'GET', '/me/messages/unread-count');
  const labelsBetween = ([from, to]: [number, number]) => {
    const labels = new Set<string>();
    for (let t = from; t <= to + 60_000; t += 30_000) labels.add(beijingDisplay(new Date(Math.min(t, to))));
    return [...labels];
  };

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
    staff = await apiSession(stack.apiUrl, 'staff');
    rider = await apiSession(stack.apiUrl, 'messages-rider');
    // a join code that needs review, so the approval is a staff act and an event for the rider
    const code = await apiCall<{ token: string }>(stack.apiUrl, staff.token, 'POST', '/staff/join-codes', {
      orgId: 'fengtai-lugouqiao',
      autoApprove: false,
    });
    const employer = `消息测试快递${Date.now() % 100_000}`;
    const joined = await apiCall<{ membership: { status: string; joinedAt: string } }>(
      stack.apiUrl,
      rider.token,
      'POST',
      `/join/${code.token}`,
      { name: '吴消息', mobile: '13812340011', employer, occupation: 'courier', consent: true },
    );
    expect(joined.membership.status).toBe('pending');
    const queue = await apiCall<{ members: Summary[] }>(stack.apiUrl, staff.token, 'GET', '/staff/memberships?status=pending');
    const mine = queue.members.find((m) => m.employer === employer && m.joinedAt === joined.membership.joinedAt);
    expect(mine).toBeDefined();
    const before = Date.now();
    const reviewed = await apiCall<Summary>(stack.apiUrl, staff.token, 'POST', `/staff/memberships/${mine!.memberId}/review`, {
      decision: 'approve',
    });
    expect(reviewed.status).toBe('active');
    approvedBetween = [before, Date.now()];
    ({ page } = await phonePage(browser, { session: rider }));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('a rider on 活动 or 驿站 sees the unread badge on the 我的 tab without opening 我的', async () => {
    // one read at launch, none more within 30 s: not when the session is updated right after (the
    // rider's new session does not know the consent yet: the app sends it, then keeps the server's
    // answer in the session), nor when another tab shows. Counted from the start and after that
    // answer, so a slow answer cannot move an extra read out of (or into) the window.
    let reads = 0;
    const count = (r: { url: () => string }) => void (r.url().includes('/me/messages/unread-count') && reads++);
    page.on('request', count);
    const consentSynced = page.waitForResponse((r) => r.url().endsWith('/me/privacy-consent') && r.request().method() === 'POST');
    await page.goto(`${stack.appUrl}#/pages/activities/index`);
    await page.locator('.taro-tabbar__tabbar .weui-badge:visible', { hasText: '1' }).waitFor();
    await consentSynced;
    await tab('驿站').click();
    await page.locator('.page-header__title:visible', { hasText: '附近驿站' }).waitFor();
    await page.locator('.taro-tabbar__tabbar .weui-badge:visible', { hasText: '1' }).waitFor();
    page.off('request', count);
    expect(reads).toBe(1);
    await screenshot(page, '94-stations-unread-badge');
  });

  it('我的 shows 1 unread beside 消息 and on the 我的 tab', async () => {
    expect((await unread()).unread).toBe(1);
    await page.goto(`${stack.appUrl}#/pages/me/index`);
    const link = visible('.messages-link');
    await link.locator('.messages-link__count', { hasText: '1' }).waitFor();
    expect(await link.locator('.messages-link__count').getAttribute('aria-label')).toBe('1 条未读');
    await page.locator('.taro-tabbar__tabbar .weui-badge:visible', { hasText: '1' }).waitFor();
    await screenshot(page, '95-me-unread-message');
  });

  it('消息 lists 入会申请已通过 with its Beijing time, unread; a tap marks it read and opens the member card', async () => {
    await visible('.messages-link').click();
    const approved = page.locator('.messages__row:visible', { hasText: '入会申请已通过' });
    await approved.waitFor();
    expect(await approved.getAttribute('class')).toContain('messages__row--unread');
    expect(labelsBetween(approvedBetween)).toContain(await approved.locator('.messages__time').textContent());
    await approved.getByText('欢迎加入', { exact: false }).waitFor();
    await screenshot(page, '96-messages-unread');

    await approved.click();
    await page.locator('.member-card__status:visible', { hasText: '已入会' }).waitFor();
    await page.locator('.member-card__name:visible', { hasText: '吴消息' }).waitFor();
    // marked read on the server (the tap opens the card at once; the mark follows)
    for (let i = 0; i < 40 && (await unread()).unread !== 0; i++) await new Promise((r) => setTimeout(r, 250));
    expect((await unread()).unread).toBe(0);
  });

  it('全部已读 clears the count: neither 我的 nor its tab shows one afterwards', async () => {
    // another event for the rider: a transfer to 快递物流联合工会, accepted by the staff
    const transfer = await apiCall<{ id: string }>(stack.apiUrl, rider.token, 'POST', '/me/transfer', {
      toOrgId: 'fengtai-lugouqiao-logistics',
    });
    await apiCall(stack.apiUrl, staff.token, 'POST', `/staff/transfers/${transfer.id}/accept`);
    expect((await unread()).unread).toBe(1);

    await page.goto(`${stack.appUrl}#/pages/me/index`);
    await visible('.messages-link').locator('.messages-link__count', { hasText: '1' }).waitFor();
    await visible('.messages-link').click();
    const transferred = page.locator('.messages__row:visible', { hasText: '组织关系转移已完成' });
    await transferred.waitFor();
    expect(await transferred.getAttribute('class')).toContain('messages__row--unread');
    // the one already read stays read
    expect(await page.locator('.messages__row:visible', { hasText: '入会申请已通过' }).getAttribute('class')).not.toContain(
      'messages__row--unread',
    );

    await visible('.messages__all').click();
    await page.locator('.messages__row--unread:visible').first().waitFor({ state: 'detached' });
    await visible('.messages__all').waitFor({ state: 'detached' });
    expect((await unread()).unread).toBe(0);
    await screenshot(page, '97-messages-all-read');

    // back on 我的 (消息 is not a tab page: no tab bar there), which reads the count when shown:
    // once it has answered, neither place shows one
    const counted = page.waitForResponse((r) => r.url().includes('/me/messages/unread-count'));
    await page.goto(`${stack.appUrl}#/pages/me/index`);
    await visible('.messages-link').waitFor();
    await counted;
    await tab('我的').waitFor();
    expect(await visible('.messages-link__count').count()).toBe(0);
    expect(await page.locator('.taro-tabbar__tabbar .weui-badge:visible').count()).toBe(0);
  });

  it('on a 320 px phone with text 130% larger each title keeps the width (one line), the time goes below it', async () => {
    const { page: small } = await phonePage(browser, { session: rider, width: 320 });
    await small.goto(`${stack.appUrl}#/inbox/pages/messages/index`);
    await small.locator('.messages__row:visible', { hasText: '组织关系转移已完成' }).waitFor();
    await enlargeText(small, 1.3);
    await small.waitForTimeout(100);
    const rows = await small.locator('.messages__row:visible').evaluateAll((els) =>
      els.map((row) => {
        const box = (s: string) => row.querySelector(s)!.getBoundingClientRect();
        const title = row.querySelector('.messages__title')!;
        return {
          text: title.textContent,
          // one line is under two font sizes tall, whatever the line height
          oneLine: box('.messages__title').height < 2 * parseFloat(getComputedStyle(title).fontSize),
          timeBelow: box('.messages__time').top >= box('.messages__title').bottom - 1,
        };
      }),
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) expect(row).toEqual({ text: row.text, oneLine: true, timeBelow: true });
    await screenshot(small, '98-messages-320-large-text');
    await small.context().close();
  });
});
