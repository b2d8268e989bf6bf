/**
 * A stand-in for @tarojs/taro in jsdom tests: storage in memory, and request/login answered by
 * whatever the test installs with `taroFake.respond`. Only what the app uses.
 */
type Reply = { statusCode: number; data: unknown } | Error;
const storage = new Map<string, unknown>();

export const taroFake = {
  requests: [] as { url: string; method: string; header: Record<string, string>; data: unknown }[],
  respond: (_req: { url: string; method: string; data: unknown }): Reply | Promise<Reply> => ({ statusCode: 404, data: {} }),
  loginCode: 'fake-code',
  /** what the person taps in a confirm dialog */
  modalAnswer: true,
  modals: [] as { title?: string; content?: string; confirmText?: string; confirmColor?: string }[],
  /** platform toasts shown (Taro.showToast), oldest first */
  toasts: [] as { title: string; icon?: string; duration?: number }[],
  /** pages opened (navigateTo, redirectTo, switchTab), oldest first */
  navigations: [] as { how: 'navigateTo' | 'redirectTo' | 'switchTab'; url: string }[],
  /** Taro.pageScrollTo calls (weapp scrolls to a selector this way) */
  scrolls: [] as { selector?: string; scrollTop?: number }[],
  /** the tab badges as they stand, by tab index (setTabBarBadge / removeTabBarBadge) */
  badges: new Map<number, string>(),
  /** requestSubscribeMessage calls: the template ids, and how many requests had been sent by then */
  subscribeAsks: [] as { tmplIds: string[]; requestsBefore: number }[],
  /** what the person answers in WeChat's subscribe dialog, per template id (unlisted: reject) */
  subscribeAnswer: {} as Record<string, string>,
  /** Taro.downloadFile URLs and Taro.openDocument calls (weapp opens a file this way) */
  downloads: [] as string[],
  documents: [] as { filePath: string; fileType?: string; showMenu?: boolean }[],
  /** what Taro.setClipboardData copied, oldest first */
  clipboard: [] as string[],
  /** the network as Taro.getNetworkType reports it; `setNetwork` also tells onNetworkStatusChange listeners */
  connected: true,
  networkListeners: new Set<(status: { isConnected: boolean; networkType: string }) => void>(),
  setNetwork(connected: boolean) {
    this.connected = connected;
    const status = { isConnected: connected, networkType: connected ? 'wifi' : 'none' };
    this.networkListeners.forEach((listener) => listener(status));
  },
  reset() {
    this.connected = true;
    this.networkListeners.clear();
    this.downloads.length = 0;
    this.documents.length = 0;
    this.clipboard.length = 0;
    storage.clear();
    this.requests.length = 0;
    this.modals.length = 0;
    this.toasts.length = 0;
    this.navigations.length = 0;
    this.scrolls.length = 0;
    this.badges.clear();
    this.subscribeAsks.length = 0;
    this.subscribeAnswer = {};
    this.modalAnswer = true;
  },
};

const Taro = {
  request: async (opts: { url: string; method: string; header: Record<string, string>; data: unknown }) => {
    taroFake.requests.push(opts);
    // a test may answer later (a promise), to see what the app shows while it waits
    const reply = await taroFake.respond(opts);
    if (reply instanceof Error) throw reply;
    return { ...reply, header: {}, errMsg: 'request:ok' };
  },
  login: async () => ({ code: taroFake.loginCode, errMsg: 'login:ok' }),
  getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
  setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
  removeStorageSync: (key: string) => void storage.delete(key),
  // as weapp: a missing key fails; the options (e.g. encrypt) are what the app sent
  getStorage: async ({ key }: { key: string }) => {
    if (!storage.has(key)) throw Object.assign(new Error('getStorage:fail data not found'), { errMsg: 'getStorage:fail data not found' });
    return { data: storage.get(key), errMsg: 'getStorage:ok' };
  },
  setStorage: async ({ key, data }: { key: string; data: unknown }) => (storage.set(key, data), { errMsg: 'setStorage:ok' }),
  navigateTo: async ({ url }: { url: string }) => (taroFake.navigations.push({ how: 'navigateTo', url }), { errMsg: 'navigateTo:ok' }),
  redirectTo: async ({ url }: { url: string }) => (taroFake.navigations.push({ how: 'redirectTo', url }), { errMsg: 'redirectTo:ok' }),
  switchTab: async ({ url }: { url: string }) => (taroFake.navigations.push({ how: 'switchTab', url }), { errMsg: 'switchTab:ok' }),
  showToast: async (opts: { title: string; icon?: string; duration?: number }) => (taroFake.toasts.push(opts), { errMsg: 'showToast:ok' }),
  hideToast: async () => ({ errMsg: 'hideToast:ok' }),
  pageScrollTo: async (opts: { selector?: string; scrollTop?: number }) => (taroFake.scrolls.push(opts), { errMsg: 'pageScrollTo:ok' }),
  setTabBarBadge: async ({ index, text }: { index: number; text: string }) => (
    taroFake.badges.set(index, text),
    { errMsg: 'setTabBarBadge:ok' }
  ),
  removeTabBarBadge: async ({ index }: { index: number }) => (taroFake.badges.delete(index), { errMsg: 'removeTabBarBadge:ok' }),
  nextTick: (callback: () => void) => void Promise.resolve().then(callback),
  // as weapp: the dialog's answers by template id; recorded at the moment of the call
  requestSubscribeMessage: (opts: { tmplIds: string[]; success?: (r: Record<string, string>) => void }) => {
    taroFake.subscribeAsks.push({ tmplIds: opts.tmplIds, requestsBefore: taroFake.requests.length });
    const result = Object.fromEntries(opts.tmplIds.map((id) => [id, taroFake.subscribeAnswer[id] ?? 'reject']));
    return Promise.resolve().then(() => {
      opts.success?.({ ...result, errMsg: 'requestSubscribeMessage:ok' });
      return { ...result, errMsg: 'requestSubscribeMessage:ok' };
    });
  },
  showModal: async (opts: { title?: string; content?: string; confirmText?: string; confirmColor?: string }) => {
    taroFake.modals.push(opts);
    return { confirm: taroFake.modalAnswer, cancel: !taroFake.modalAnswer, errMsg: 'showModal:ok' };
  },
  /** weapp's file download: the file lands at a temporary path named after the URL */
  downloadFile: async (opts: { url: string }) => {
    taroFake.downloads.push(opts.url);
    return {
      statusCode: 200,
      tempFilePath: `wxfile://tmp/${opts.url.split('/').pop()?.split('?')[0] ?? 'file'}`,
      errMsg: 'downloadFile:ok',
    };
  },
  getNetworkType: async () => ({ networkType: taroFake.connected ? 'wifi' : 'none', errMsg: 'getNetworkType:ok' }),
  onNetworkStatusChange: (listener: (status: { isConnected: boolean; networkType: string }) => void) =>
    void taroFake.networkListeners.add(listener),
  offNetworkStatusChange: (listener: (status: { isConnected: boolean; networkType: string }) => void) =>
    void taroFake.networkListeners.delete(listener),
  setClipboardData: async ({ data }: { data: string }) => (taroFake.clipboard.push(data), { errMsg: 'setClipboardData:ok' }),
  openDocument: async (opts: { filePath: string; fileType?: string; showMenu?: boolean }) => {
    taroFake.documents.push(opts);
    return { errMsg: 'openDocument:ok' };
  },
};

/** A jsdom test renders one screen once: there is no page to show again. */
export const useDidShow = (_callback: () => void) => undefined;
export const useReachBottom = (_callback: () => void) => undefined;

export default Taro;
