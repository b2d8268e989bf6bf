import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import jsQR from 'jsqr';
import type { Browser, Page } from 'playwright-core';
import { describeWhen } from '../test/support/describe-when';
import { startStack, root, type Stack } from './support/stack';
import { BROWSER_MISSING, hasChromium, launchChromium, phonePage, screenshot } from './support/browser';

jest.setTimeout(180_000);
const ready = hasChromium && existsSync(join(root, 'miniapp', 'dist', 'h5', 'index.html'));
const describeInBrowser = describeWhen(ready, BROWSER_MISSING);

describeInBrowser('sign-ups in Chromium: capacity, waiting list, promotion, ticket check-in', () => {
  let stack: Stack;
  let browser: Browser;
  let activityId: string;
  const sessions: Record<string, { token: string }> = {};

  const call = async (path: string, token: string | null, body?: unknown) => {
    const reply = await fetch(`${stack.apiUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await reply.json();
    if (reply.status >= 300) throw new Error(`${path}: ${reply.status} ${JSON.stringify(json)}`);
    return json;
  };

  /** A page already signed in as `who` (the session the app keeps in storage). */
  async function pageAs(who: string): Promise<Page> {
    const { page } = await phonePage(browser);
    const session = sessions[who];
    await page.addInitScript((value) => localStorage.setItem('union.session', JSON.stringify({ data: value })), session);
    return page;
  }

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startStack(), launchChromium()]);
    for (const who of ['staff', 'w-a', 'w-b', 'w-c']) sessions[who] = await call('/auth/wechat', null, { code: `dev:${who}` });
    const code = await call('/staff/join-codes', sessions.staff!.token, { orgId: 'fengtai-lugouqiao', autoApprove: true });
    for (const [i, who] of ['w-a', 'w-b', 'w-c'].entries()) {
      await call(`/join/${code.token}`, sessions[who]!.token, {
        name: ['赵一', '钱二', '孙三'][i],
        mobile: `1381234000${i}`,
        employer: '美团',
        occupation: 'food-delivery',
        consent: true,
      });
    }
    const now = Date.now();
    const activity = await call('/staff/activities', sessions.staff!.token, {
      orgId: 'fengtai-lugouqiao',
      title: '免费理发（两个名额）',
      category: 'service',
      place: '卢沟桥文化广场',
      // fixed, so the screens are checked against literal Beijing times: 07:30 on Monday 2 December 2030
      startsAt: '2030-12-01T23:30:00.000Z',
      endsAt: '2030-12-02T03:00:00.000Z',
      signupOpensAt: new Date(now - 60_000).toISOString(),
      signupClosesAt: new Date(now + 80_000_000).toISOString(),
      capacity: 2,
    });
    activityId = activity.id;
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  const card = (page: Page) => page.locator(`[data-activity="${activityId}"]`);
  async function openActivities(page: Page) {
    await page.goto(stack.appUrl);
    await page.locator('.taro-tabbar__tabbar').getByText('活动', { exact: true }).click();
    await card(page).waitFor();
  }

  it('two workers take the two places; the third is waitlisted first in line', async () => {
    for (const who of ['w-a', 'w-b']) {
      const page = await pageAs(who);
      await openActivities(page);
      await card(page).getByText('报名', { exact: true }).click();
      await card(page).getByText('报名成功').waitFor();
      await page.close();
    }
    const third = await pageAs('w-c');
    await openActivities(third);
    await card(third).getByText('名额已满，可候补').waitFor();
    await card(third).getByText('候补报名', { exact: true }).click();
    await card(third).getByText('候补中（第 1 位）').waitFor();
    expect(await card(third).locator('.activity__line').textContent()).toBe('12月2日 周一 07:30 · 卢沟桥文化广场 · 卢沟桥街道总工会');
    await screenshot(third, '30-waitlisted');
    await third.close();
  });

  it('the first cancels; the third is offered the place and confirms; the ticket QR checks in once', async () => {
    const first = await pageAs('w-a');
    await openActivities(first);
    await card(first).getByText('取消报名', { exact: true }).click();
    // a cancelled place goes to the waiting list and cannot be taken back, so the app asks first
    await first.locator('.taro-model__confirm').click();
    // the freed place went to the waiting list as an offer, so it is still not free for others
    await card(first).getByText('候补报名', { exact: true }).waitFor();
    await first.close();

    const third = await pageAs('w-c');
    await openActivities(third);
    await card(third).getByText('候补到名额了，请在', { exact: false }).waitFor();
    // the offer's 消息: 查看 opens 我的报名 at this activity's entry, marked, where 确认参加 is
    await third.goto(`${stack.appUrl}#/inbox/pages/messages/index`);
    await third.locator('.messages__row:visible', { hasText: '候补到名额了' }).click();
    const offered = third.locator(`.activity--focus[data-signup="${activityId}"]:visible`);
    await offered.getByText('消息里说的是这一项').waitFor();
    await offered.getByText('确认参加', { exact: true }).waitFor();
    // in view once the page has slid in
    await third.waitForTimeout(500);
    expect(await offered.evaluate((el) => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().top < window.innerHeight)).toBe(
      true,
    );
    await screenshot(third, '30b-offer-from-message');
    await openActivities(third);
    await card(third).getByText('确认参加', { exact: true }).click();
    await card(third).getByText('报名成功').waitFor();
    const ticketImage = card(third).locator('.activity__ticket');
    await ticketImage.waitFor();
    await screenshot(third, '31-ticket');
    const png = PNG.sync.read(await ticketImage.screenshot());
    const ticket = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
    expect(ticket).toMatch(/^ey/);
    // 我的报名: when and where, with the weekday, in Beijing time, on the ticket's card
    await third.goto(`${stack.appUrl}#/pages/my-signups/index`);
    const mine = third.locator(`[data-signup="${activityId}"]`);
    await mine.locator('.activity__where', { hasText: '12月2日 周一 07:30 · 卢沟桥文化广场' }).waitFor();
    await screenshot(third, '33-my-signups');
    await third.close();

    const staff = await pageAs('staff');
    await staff.goto(`${stack.appUrl}#/staff/pages/activity/index?id=${activityId}`);
    await staff.getByText('报名成功 2', { exact: false }).waitFor();
    const input = staff.locator('input[name="check-in-code"]:visible');
    await input.fill(ticket!);
    await staff.getByText('签到', { exact: true }).click();
    await staff.locator('.checkin', { hasText: '签到成功' }).waitFor();
    await input.fill(ticket!);
    await staff.getByText('签到', { exact: true }).click();
    await staff.locator('.checkin', { hasText: '已签到' }).waitFor();
    await screenshot(staff, '32-check-in');
  });
});
