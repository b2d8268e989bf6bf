import { StallAction, type StallActionInput, type StallResult } from '@shared/schemas/stall';
import { CHUNK_SIZE, KEEP_ANSWERED, StallQueue, stallDeviceId, type QueueStorage, type StallSender } from './stall-queue';

/** weapp's storage as it refuses: more than 1 MB under one key, or 10 MB in all */
function weappStorage() {
  const map = new Map<string, string>();
  const size = (value: string) => value.length * 2; // WeChat counts the stored string, UTF-16
  const storage: QueueStorage & { map: Map<string, string>; largest: () => number } = {
    map,
    get: (key) => (map.has(key) ? JSON.parse(map.get(key)!) : ''),
    set: (key, value) => {
      const text = JSON.stringify(value);
      if (size(text) > 1024 * 1024) throw new Error('setStorageSync:fail exceed max size 1MB');
      const total = [...map].reduce((sum, [k, v]) => sum + (k === key ? 0 : size(v)), size(text));
      if (total > 10 * 1024 * 1024) throw new Error('setStorageSync:fail exceed storage limit 10MB');
      map.set(key, text);
    },
    remove: (key) => void map.delete(key),
    largest: () => Math.max(...[...map.values()].map(size)),
  };
  return storage;
}

/** The server as the contract says: one answer per key, the same on every replay; records what it did. */
function fakeServer() {
  const answers = new Map<string, StallResult>();
  const batches: number[] = [];
  let created = 0;
  const send: StallSender = async (deviceId, actions) => {
    expect(deviceId).toMatch(/^[A-Za-z0-9-]{8,64}$/);
    batches.push(actions.length);
    return actions.map((raw) => {
      const action = StallAction.parse(raw);
      let answer = answers.get(action.key);
      if (!answer) {
        created += 1;
        answer = { key: action.key, outcome: 'done', message: `第 ${created} 条` };
        answers.set(action.key, answer);
      }
      return answer;
    });
  };
  return { send, batches, created: () => created, answers };
}

const tally = (count = 1) => ({ kind: 'tally' as const, eventId: 'ev-1', target: 'leaflet' as const, count });

describe('stall queue', () => {
  it('keeps unsent actions across an app restart, with their keys and times', () => {
    const storage = weappStorage();
    const first = new StallQueue(fakeServer().send, storage, () => new Date('2026-11-29T04:00:00Z'));
    first.add(tally(), '宣传册 +1');
    first.add({ kind: 'checkin', eventId: 'ev-1', ticket: 'eyJ.a.b' }, '签到');

    const restarted = new StallQueue(fakeServer().send, storage);
    expect(restarted.pending().map((i) => i.label)).toEqual(['宣传册 +1', '签到']);
    expect(restarted.pending().map((i) => i.action.key)).toEqual(first.pending().map((i) => i.action.key));
    expect(restarted.pending()[0]!.action.at).toBe('2026-11-29T04:00:00.000Z');
    expect(restarted.deviceId).toBe(first.deviceId);
    expect(stallDeviceId(storage)).toBe(first.deviceId);
  });

  it('syncs 250 actions in three batches and keeps every answer', async () => {
    const server = fakeServer();
    const queue = new StallQueue(server.send, weappStorage());
    for (let i = 0; i < 250; i++) queue.add(tally(), '宣传册 +1');

    const report = await queue.sync();

    expect(server.batches).toEqual([100, 100, 50]);
    expect(report).toEqual({ answered: 250, pending: 0 });
    // the answered beyond the latest 200 are let go; the newest are kept to show
    expect(queue.all()).toHaveLength(KEEP_ANSWERED);
    expect(queue.recent(1)[0]!.result?.message).toBe('第 250 条');
  });

  it('replaying a synced queue creates nothing twice and shows the same answers', async () => {
    const server = fakeServer();
    const storage = weappStorage();
    const queue = new StallQueue(server.send, storage);
    for (let i = 0; i < 5; i++) queue.add(tally(), '宣传册 +1');
    // the server did the work but the reply was lost on the way back
    const lostReply: StallSender = async (deviceId, actions) => {
      await server.send(deviceId, actions);
      throw Object.assign(new Error('网络连接失败，请检查网络后重试'), { status: 0 });
    };
    const flaky = new StallQueue(lostReply, storage);
    expect((await flaky.sync()).error).toEqual({ message: '网络连接失败，请检查网络后重试', retrying: true });
    expect(flaky.pending()).toHaveLength(5);

    await new StallQueue(server.send, storage).sync();
    const replayed = new StallQueue(server.send, storage);
    const first = replayed.all().map((i) => i.result);
    // the same actions sent again (another device's copy, a bug): the same answers, nothing new
    const again = await server.send(
      replayed.deviceId,
      replayed.all().map((i) => i.action),
    );

    expect(server.created()).toBe(5);
    expect(again).toEqual(first);
    expect(first.map((r) => r?.message)).toEqual(['第 1 条', '第 2 条', '第 3 条', '第 4 条', '第 5 条']);
  });

  it('resumes an interrupted sync where it stopped, after a restart', async () => {
    const server = fakeServer();
    const storage = weappStorage();
    let calls = 0;
    const dropsSecond: StallSender = async (deviceId, actions) => {
      calls += 1;
      if (calls === 2) throw Object.assign(new Error('服务暂时不可用'), { status: 503 });
      return server.send(deviceId, actions);
    };
    const queue = new StallQueue(dropsSecond, storage);
    for (let i = 0; i < 150; i++) queue.add(tally(), '宣传册 +1');

    const stopped = await queue.sync();
    expect(stopped).toEqual({ answered: 100, pending: 50, error: { message: '服务暂时不可用', retrying: true } });

    const restarted = new StallQueue(server.send, storage);
    expect(restarted.pending()).toHaveLength(50);
    expect(await restarted.sync()).toEqual({ answered: 50, pending: 0 });
    expect(server.created()).toBe(150);
  });

  it('a 4xx for the whole batch loses nothing and does not retry by itself', async () => {
    jest.useFakeTimers();
    try {
      const send = jest.fn<ReturnType<StallSender>, Parameters<StallSender>>(async () => {
        throw Object.assign(new Error('登录已过期，请重新登录'), { status: 401 });
      });
      const queue = new StallQueue(send, weappStorage());
      queue.setAutoRetry(true);
      queue.add(tally(), '宣传册 +1');

      expect((await queue.sync()).error).toEqual({ message: '登录已过期，请重新登录', retrying: false });
      jest.advanceTimersByTime(120_000);

      expect(send).toHaveBeenCalledTimes(1);
      expect(queue.pending()).toHaveLength(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('never runs two syncs at once on one device', async () => {
    const server = fakeServer();
    let inFlight = 0;
    let most = 0;
    const slow: StallSender = async (deviceId, actions) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight -= 1;
      return server.send(deviceId, actions);
    };
    const storage = weappStorage();
    const queue = new StallQueue(slow, storage);
    const other = new StallQueue(slow, storage);
    queue.add(tally(), '宣传册 +1');

    await Promise.all([queue.sync(), queue.sync(), other.sync()]);

    expect(most).toBe(1);
    expect(server.created()).toBe(1);
  });

  it('keeps every key under 1 MB with the largest QR codes, in chunks of 50', async () => {
    const storage = weappStorage();
    const queue = new StallQueue(fakeServer().send, storage);
    const card = `eyJ${'x'.repeat(1990)}`;
    for (let i = 0; i < 400; i++) {
      const action: Omit<Extract<StallActionInput, { kind: 'register' }>, 'key' | 'at'> = {
        kind: 'register',
        eventId: 'ev-1',
        service: 'haircut',
        card,
        waitlisted: false,
      };
      queue.add(action, `理发 · 会员 ****${String(i).padStart(4, '0')}`);
    }

    expect(storage.largest()).toBeLessThan(1024 * 1024);
    const chunkKeys = [...storage.map.keys()].filter((k) => k.startsWith('union.stall.queue:'));
    expect(chunkKeys).toHaveLength(400 / CHUNK_SIZE);
    expect(new StallQueue(fakeServer().send, storage).pending()).toHaveLength(400);
  });
});
