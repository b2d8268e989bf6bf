import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PRIVACY_VERSION } from '../../shared/schemas/privacy';

/**
 * Runs the built weapp bundle (dist/weapp) in plain Node with fake `wx`, `App`, `Page`: enough of
 * the mini-program runtime to launch the app, load a page, read what it renders (the tree Taro
 * sends through setData) and tap nodes through the page's event handler.
 */
/** the weapp build under test; WEAPP_DIST points elsewhere to test a build made on the side */
export const distDir = process.env.WEAPP_DIST ?? join(__dirname, '..', 'dist', 'weapp');
export const hasBuild = () => existsSync(join(distDir, 'app.js'));

type Json = Record<string, unknown>;
export type Responder = (req: { url: string; method: string; data: unknown; header: Record<string, string> }) => {
  statusCode: number;
  data: unknown;
};

export interface PageInstance {
  route: string;
  data: Json;
  options: Json;
  setData(patch: Json, cb?: () => void): void;
  [key: string]: unknown;
}

function setPath(target: Json, path: string, value: unknown) {
  // Taro sends paths like "root.cn.[0].cn.[2].v"
  const keys = path
    .replace(/\[(\d+)\]/g, '$1')
    .split('.')
    .filter(Boolean);
  let node: Json = target;
  keys.slice(0, -1).forEach((key, i) => {
    if (node[key] === undefined || node[key] === null) node[key] = /^\d+$/.test(keys[i + 1]!) ? [] : {};
    node = node[key] as Json;
  });
  node[keys[keys.length - 1]!] = value;
}

export function textsOf(node: unknown): string[] {
  if (!node || typeof node !== 'object') return [];
  const n = node as Json;
  const own = typeof n.v === 'string' && n.v.trim() ? [n.v] : [];
  return [...own, ...(Array.isArray(n.cn) ? n.cn.flatMap(textsOf) : [])];
}

/**
 * The sids from the innermost element (not a text node) whose text includes `text` up to the root:
 * the path a native tap bubbles along, every element calling the page's `eh`.
 */
export function bubblePath(node: unknown, text: string, exact = false): string[] {
  if (!node || typeof node !== 'object') return [];
  const n = node as Json;
  const own = textsOf(n).join('');
  if (!own.includes(text)) return [];
  for (const child of (Array.isArray(n.cn) ? n.cn : []) as unknown[]) {
    const inner = bubblePath(child, text, exact);
    if (inner.length > 0) return typeof n.sid === 'string' ? [...inner, n.sid] : inner;
  }
  // text nodes (those with `v`) receive no events
  if (exact && own !== text) return [];
  return typeof n.sid === 'string' && n.v === undefined ? [n.sid] : [];
}

export function createWeapp(respond: Responder) {
  // the person agreed to the current privacy guideline before (the first-run notice has jsdom and browser tests)
  const storage = new Map<string, unknown>([['union.privacy', { version: PRIVACY_VERSION, at: new Date().toISOString() }]]);
  const requests: { url: string; method: string; data?: unknown }[] = [];
  const downloads: string[] = [];
  const documents: { filePath: string; fileType?: string }[] = [];
  const clipboard: string[] = [];
  /** what the camera reads at the next wx.scanCode calls, in turn (none left: the person closed the scanner) */
  const scans: string[] = [];
  const networkListeners = new Set<(status: Json) => void>();
  const stack: PageInstance[] = [];
  let app: Json | undefined;
  let lastPage: Json | undefined;
  const later = (fn: () => void) => setTimeout(fn, 0);
  const ok = <T extends Json>(opts: { success?: (r: T) => void; complete?: (r: T) => void }, result: T) =>
    later(() => {
      opts.success?.(result);
      opts.complete?.(result);
    });

  // Real function keys: Taro promisifies Object.keys(wx).
  const wx: Record<string, (...args: any[]) => unknown> = {
    login: (o) => ok(o, { code: 'smoke-code', errMsg: 'login:ok' }),
    // near 卢沟桥, in GCJ-02 as asked for with type: 'gcj02'
    getLocation: (o) => ok(o, { latitude: 39.8605, longitude: 116.2541, accuracy: 30, errMsg: 'getLocation:ok' }),
    openLocation: (o) => ok(o, { errMsg: 'openLocation:ok' }),
    makePhoneCall: (o) => ok(o, { errMsg: 'makePhoneCall:ok' }),
    request: (o) => {
      requests.push({ url: o.url, method: o.method });
      const reply = respond({ url: o.url, method: o.method ?? 'GET', data: o.data, header: o.header ?? {} });
      ok(o, { ...reply, header: {}, errMsg: 'request:ok' });
      return { abort() {} };
    },
    getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
    getStorage: (o) => ok(o, { data: storage.get(o.key), errMsg: 'getStorage:ok' }),
    setStorage: (o) => (storage.set(o.key, o.data), ok(o, { errMsg: 'setStorage:ok' })),
    getSystemInfoSync: () => ({
      platform: 'devtools',
      windowWidth: 375,
      windowHeight: 667,
      pixelRatio: 2,
      language: 'zh_CN',
      version: '8.0.50',
      SDKVersion: '3.5.0',
    }),
    getSystemInfo: (o) => ok(o, wx.getSystemInfoSync!() as Json),
    getWindowInfo: () => ({ windowWidth: 375, windowHeight: 667, pixelRatio: 2 }),
    getAppBaseInfo: () => ({ SDKVersion: '3.5.0', language: 'zh_CN', version: '8.0.50' }),
    getDeviceInfo: () => ({ platform: 'devtools' }),
    navigateTo: (o) => ok(o, { errMsg: 'navigateTo:ok' }),
    switchTab: (o) => ok(o, { errMsg: 'switchTab:ok' }),
    showToast: (o) => ok(o, { errMsg: 'showToast:ok' }),
    pageScrollTo: (o) => ok(o, { errMsg: 'pageScrollTo:ok' }),
    showModal: (o) => ok(o, { confirm: true, errMsg: 'showModal:ok' }),
    // 沟通会 and 统计报表: a place picked on WeChat's map (GCJ-02), a report downloaded and opened, a CSV link copied
    chooseLocation: (o) =>
      ok(o, { name: '卢沟桥文化广场', address: '北京市丰台区卢沟桥', latitude: 39.8492, longitude: 116.2213, errMsg: 'chooseLocation:ok' }),
    downloadFile: (o) => {
      downloads.push(o.url);
      ok(o, { statusCode: 200, tempFilePath: `wxfile://tmp/${String(o.url).split('/').pop()?.split('?')[0]}`, errMsg: 'downloadFile:ok' });
      return { abort() {}, onProgressUpdate() {} };
    },
    openDocument: (o) => (documents.push({ filePath: o.filePath, fileType: o.fileType }), ok(o, { errMsg: 'openDocument:ok' })),
    setClipboardData: (o) => (clipboard.push(o.data), ok(o, { errMsg: 'setClipboardData:ok' })),
    // stall mode: the network as WeChat reports it, and the camera reading the codes a test lines up
    getNetworkType: (o) => ok(o, { networkType: 'wifi', errMsg: 'getNetworkType:ok' }),
    onNetworkStatusChange: (listener: (status: Json) => void) => void networkListeners.add(listener),
    offNetworkStatusChange: (listener: (status: Json) => void) => void networkListeners.delete(listener),
    scanCode: (o) => {
      const result = scans.shift();
      if (result !== undefined) return ok(o, { result, scanType: 'QR_CODE', charSet: 'utf-8', errMsg: 'scanCode:ok' });
      later(() => (o.fail?.({ errMsg: 'scanCode:fail cancel' }), o.complete?.({ errMsg: 'scanCode:fail cancel' })));
    },
    nextTick: (fn: () => void) => void later(fn),
    canIUse: () => true,
    // WeChat's own privacy record: already agreed, so it never asks
    onNeedPrivacyAuthorization: () => undefined,
    onAppShow: () => undefined,
    onAppHide: () => undefined,
    createSelectorQuery: () => ({}),
  };

  Object.assign(globalThis, {
    wx,
    App: (config: Json) => void (app = config),
    Page: (config: Json) => void (lastPage = config),
    Component: (config: Json) => void (lastPage = config),
    getApp: () => app,
    getCurrentPages: () => stack,
    requirePlugin: () => ({}),
  });

  return {
    wx,
    requests,
    storage,
    downloads,
    documents,
    clipboard,
    scans,
    /** the phone's network goes or comes back (wx.onNetworkStatusChange listeners hear it) */
    setNetwork(connected: boolean) {
      networkListeners.forEach((listener) => listener({ isConnected: connected, networkType: connected ? 'wifi' : 'none' }));
    },
    launch(options: Json = { path: 'pages/stations/index', query: {}, scene: 1001 }) {
      require(join(distDir, 'app.js'));
      if (!app) throw new Error('app.js did not call App()');
      (app.onLaunch as (o: Json) => void)?.call(app, options);
      (app.onShow as (o: Json) => void)?.call(app, options);
      return app;
    },
    /** Loads a page module and runs onLoad (ONE argument: a second is taken as a prerender hook). */
    open(route: string, query: Json = {}): PageInstance {
      lastPage = undefined;
      require(join(distDir, `${route}.js`));
      if (!lastPage) throw new Error(`${route}.js did not call Page()`);
      const page = Object.assign(Object.create(lastPage), {
        route,
        options: query,
        data: JSON.parse(JSON.stringify((lastPage as Json).data ?? {})),
        setData(patch: Json, cb?: () => void) {
          for (const [path, value] of Object.entries(patch)) setPath(this.data, path, value);
          cb?.();
        },
      }) as PageInstance;
      stack.push(page);
      (page.onLoad as (q: Json) => void).call(page, query);
      (page.onShow as () => void)?.call(page);
      (page.onReady as () => void)?.call(page);
      return page;
    },
    /** What tapping a tab or opening a link does: the current page is hidden, the next one opens. */
    switchTab(from: PageInstance, route: string, query: Json = {}): PageInstance {
      (from.onHide as () => void)?.call(from);
      return this.open(route, query);
    },
    texts(page: PageInstance): string[] {
      return textsOf(page.data.root);
    },
    tap(page: PageInstance, text: string) {
      // the element showing exactly `text` (a button), else the first that contains it: a line of
      // copy that mentions the button's words must not take its tap
      const exact = bubblePath(page.data.root, text, true);
      const path = exact.length > 0 ? exact : bubblePath(page.data.root, text);
      if (path.length === 0) throw new Error(`nothing on ${page.route} shows "${text}"`);
      const target = { id: path[0], dataset: { sid: path[0] } };
      for (const sid of path) {
        const currentTarget = { id: sid, dataset: { sid } };
        (page.eh as (e: Json) => void).call(page, { type: 'tap', target, currentTarget, detail: {}, timeStamp: Date.now() });
      }
    },
  };
}

/** Waits until `check` passes (rendering and fake network are asynchronous). */
export async function until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
