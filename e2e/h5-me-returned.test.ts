import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { describeWhen } from '../test/support/describe-when';
import { startStack, h5Dir, type Stack } from './support/stack';
import { BROWSER_MISSING, apiCall, apiSession, hasChromium, launchChromium, phonePage, screenshot } from './support/browser';

jest.setTimeout(180_000);
const ready = hasChromium && existsSync(join(h5Dir, 'index.html'));
const describeInBrowser = describeWhen(ready, BROWSER_MISSING);

type Summary = { memberId: string; joinedAt: string; employer: string; status: string };

/**
 * 我的 for a returned application, in Chromium: the status and reason instead of a member card's
 * QR, and after 修改后重新提交 我的 shows 待审核 at once (it read the old status until a second
 * tab switch), then 已入会 once staff approve.
 */
describeInBrowser('我的 in Chromium: a returned application, sent again, approved', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let staff: { token: string };
  let memberId: string;

  const visible = (selector: string) => page.locator(`${selector}:visible`);
  const tab = (name: string) => page.locator('.taro-tabbar__tabbar').getByText(name, { exact: true });

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
    staff = await apiSession(stack.apiUrl, 'staff');
    const rider = await apiSession(stack.apiUrl, 'returned-rider');
    const code = await apiCall<{ token: string }>(stack.apiUrl, staff.token, 'POST', '/staff/join-codes', {
      orgId: 'fengtai-lugouqiao',
      autoApprove: false,
    });
    const employer = `退回测试快递${Date.now() % 100_000}`;
    const joined = await apiCall<{ membership: { joinedAt: string } }>(stack.apiUrl, rider.token, 'POST', `/join/${code.token}`, {
      name: '郑退回',
      mobile: '13812340022',
      employer,
      occupation: 'courier',
      consent: true,
    });
    const queue = await apiCall<{ members: Summary[] }>(stack.apiUrl, staff.token, 'GET', '/staff/memberships?status=pending');
    memberId = queue.members.find((m) => m.employer === employer && m.joinedAt === joined.membership.joinedAt)!.memberId;
    await apiCall(stack.apiUrl, staff.token, 'POST', `/staff/memberships/${memberId}/review`, {
      decision: 'reject',
      reason: '单位名称请写全称',
    });
    ({ page } = await phonePage(browser, { session: rider }));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('我的 shows 已退回 with the reason and 修改后重新提交, and offers no member card QR', async () => {
    await page.goto(`${stack.appUrl}#/pages/me/index`);
    await visible('.me-member__status').getByText('已退回').waitFor();
    await visible('[data-returned]').getByText('单位名称请写全称', { exact: false }).waitFor();
    expect(await page.getByText('出示会员卡二维码 ›').count()).toBe(0);
    await screenshot(page, '85-me-returned');
  });

  it('after 修改后重新提交, 我的 shows 待审核 at once; after staff approve, 已入会 when shown again', async () => {
    await visible('[data-returned]').getByText('修改后重新提交').click();
    await visible('.join__submit').getByText('修改好了，重新提交').click();
    await visible('.joined__me').click();
    await visible('.me-member__status').getByText('待审核').waitFor();
    expect(await visible('.page-header__sub').textContent()).toContain('待审核');
    expect(await page.getByText('出示会员卡二维码 ›').count()).toBe(0);
    await screenshot(page, '86-me-after-reapply');

    await apiCall(stack.apiUrl, staff.token, 'POST', `/staff/memberships/${memberId}/review`, { decision: 'approve' });
    await tab('驿站').click();
    await page.locator('.page-header__title:visible', { hasText: '附近驿站' }).waitFor();
    await tab('我的').click();
    await visible('.me-member__status').getByText('已入会').waitFor();
    await page.getByText('出示会员卡二维码 ›').waitFor();
  });
});
