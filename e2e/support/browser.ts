import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PRIVACY_VERSION } from '../../shared/schemas/privacy';
import { root } from './stack';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const BROWSER_MISSING = `the browser test needs Chromium at ${CHROMIUM} (apt-get install chromium fonts-noto-cjk) and the H5 build (npm run build:h5)`;
export const screenshotDir = join(root, '.artifacts', 'screenshots');

/** Debian's Chromium, headless, with the flags a closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A phone-sized page that can reach nothing but 127.0.0.1; the blocked requests are listed.
 * With `geolocation` the page may read that position; with null, location is refused.
 * The phone's time zone is UTC, not Beijing: a screen that shows the phone's local time instead of
 * Beijing time is then visibly wrong (8 hours off) and the tests asserting Beijing text catch it.
 * `width` narrows the phone (320 is the smallest still sold); `session` starts the page signed in.
 */
export async function phonePage(
  browser: Browser,
  options: {
    geolocation?: { latitude: number; longitude: number } | null;
    width?: number;
    session?: unknown;
    /** a first run: no privacy consent stored, so the app opens on its privacy notice (e2e/h5-privacy.test.ts) */
    firstRun?: boolean;
  } = {},
): Promise<{ page: Page; blocked: string[] }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'UTC',
    ...(options.geolocation ? { geolocation: options.geolocation, permissions: ['geolocation'] } : {}),
  });
  // every other test starts after the first-run notice: the current guideline already agreed to
  // (Taro's H5 storage keeps { data } as JSON under the key miniapp/src/lib/privacy-consent.ts uses)
  if (!options.firstRun) {
    await context.addInitScript(
      (stored) => window.localStorage.getItem('union.privacy') ?? window.localStorage.setItem('union.privacy', stored),
      JSON.stringify({ data: { version: PRIVACY_VERSION, at: new Date().toISOString() } }),
    );
  }
  // Taro's H5 storage keeps { data } as JSON under the key the app uses (miniapp/src/lib/session-store.ts)
  if (options.session) {
    await context.addInitScript(
      (stored) => window.localStorage.setItem('union.session', stored),
      JSON.stringify({ data: options.session }),
    );
  }
  // the machines running these share two cores with other builds: waits get room before failing
  context.setDefaultTimeout(60_000);
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    blocked.push(url.href);
    return route.abort();
  });
  return { page: await context.newPage(), blocked };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/**
 * The most recent 07:30 in Beijing (within the last day): a fixed browser clock for screens that
 * show times, early enough that a UTC phone still reads the day before. Recent, so a session
 * signed by the server now is not yet expired on that clock.
 */
export function recentBeijingMorning(now = new Date()): Date {
  const beijing = new Date(now.getTime() + 8 * 3600_000);
  const morning = Date.UTC(beijing.getUTCFullYear(), beijing.getUTCMonth(), beijing.getUTCDate(), 7, 30) - 8 * 3600_000;
  return new Date(morning <= now.getTime() ? morning : morning - 24 * 3600_000);
}

/** Signs in through the API (local stage dev codes), as the app would; returns the session. */
export async function apiSession(
  apiUrl: string,
  login: string,
): Promise<{ token: string; expiresAt: string; me: { displayName: string } }> {
  const reply = await fetch(`${apiUrl}/auth/wechat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: `dev:${login}` }),
  });
  if (!reply.ok) throw new Error(`sign-in as ${login}: ${reply.status} ${await reply.text()}`);
  return reply.json();
}

/** One API call with a session's token; throws with the body on an unexpected status. */
export async function apiCall<T>(apiUrl: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const reply = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!reply.ok) throw new Error(`${method} ${path}: ${reply.status} ${await reply.text()}`);
  return reply.json() as Promise<T>;
}
