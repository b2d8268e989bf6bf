import { offlineLabel } from '../components/offline-notice';

it('stores the copy encrypted on weapp (and reads it back the same way), plainly on H5', async () => {
  const before = process.env.TARO_ENV;
  for (const [platform, encrypt] of [
    ['weapp', true],
    ['h5', undefined],
  ] as const) {
    process.env.TARO_ENV = platform;
    await jest.isolateModulesAsync(async () => {
      const { default: Taro } = await import('@tarojs/taro');
      const set = jest.spyOn(Taro, 'setStorage');
      const get = jest.spyOn(Taro, 'getStorage');
      const { readOffline, saveOffline } = await import('./offline-cache');
      await saveOffline('signups', 'u-wang', { signups: [] });
      expect(await readOffline('signups', 'u-wang')).toMatchObject({ data: { signups: [] } });
      expect((set.mock.calls[0]![0] as { encrypt?: boolean }).encrypt).toBe(encrypt);
      expect((get.mock.calls[0]![0] as { encrypt?: boolean }).encrypt).toBe(encrypt);
      // the key names whose data it is
      expect(set.mock.calls[0]![0].key).toBe('union.offline:u-wang:signups');
    });
  }
  process.env.TARO_ENV = before;
});

it('labels a copy with the Beijing time it was fetched, and the day when it is not today', () => {
  const now = new Date('2026-11-30T12:00:00.000Z'); // 20:00 in Beijing
  expect(offlineLabel('2026-11-30T10:05:00.000Z', now)).toBe('离线 · 更新于 18:05');
  // 23:30 UTC on the 29th is 07:30 on the 30th in Beijing: today
  expect(offlineLabel('2026-11-29T23:30:00.000Z', now)).toBe('离线 · 更新于 07:30');
  expect(offlineLabel('2026-11-29T10:05:00.000Z', now)).toBe('离线 · 更新于 11月29日 周日 18:05');
});
