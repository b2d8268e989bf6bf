import Taro from '@tarojs/taro';
import { MAX_SYNC_ACTIONS, type StallActionInput, type StallResult } from '@shared/schemas/stall';
import { newRequestId } from './request-id';

/**
 * Stall mode's queue (docs/outreach.md "Stall actions and sync"): every action is made on this
 * device first, with its idempotency key and the time it happened, stored at once, shown 待同步,
 * and sent in batches of ≤ 100 until the server has answered it; the answer is kept beside it.
 *
 * Storage (weapp: ≤ 1 MB a key, 10 MB in all): actions live in chunk keys of ≤ 50 by their
 * sequence number (`union.stall.queue:<n>`, ~2.3 KB an action at most: ≤ 120 KB a key), listed by
 * an index key. A change rewrites only the chunk it touches. Answered actions beyond the latest
 * 200 are dropped; unanswered ones are never dropped.
 */

/** Omit on each member of a union (plain Omit would merge the kinds into one). */
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An action as the screen makes it: the queue adds the key and the time. */
export type NewStallAction = OmitEach<StallActionInput, 'key' | 'at'>;

export interface QueuedAction {
  seq: number;
  action: StallActionInput;
  /** what the line in 最近操作 says before the server answers, e.g. "理发 · 会员 ****1234" */
  label: string;
  /** the server's answer, once it came */
  result?: StallResult;
  /** when the answer came (device time): figures read before then do not count the action yet */
  answeredAt?: string;
}

/** Synchronous key-value storage: Taro's on the device, a map in tests. */
export interface QueueStorage {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  remove(key: string): void;
}

/**
 * Sends one batch; answers one result per action. Throws `{ status }` (an ApiError) when the whole
 * batch failed: status 0 or ≥ 500 is retried later, a 4xx is not (it needs a person: sign in again).
 */
export type StallSender = (deviceId: string, actions: StallActionInput[]) => Promise<StallResult[]>;

export interface SyncReport {
  /** answers received in this run */
  answered: number;
  /** still waiting for an answer after it */
  pending: number;
  /** why it stopped early (Chinese), and whether it will try again by itself */
  error?: { message: string; retrying: boolean };
}

export const CHUNK_SIZE = 50;
export const KEEP_ANSWERED = 200;
const INDEX_KEY = 'union.stall.queue';
const DEVICE_KEY = 'union.stall.device';
const chunkKey = (n: number) => `${INDEX_KEY}:${n}`;
const chunkOf = (seq: number) => Math.floor(seq / CHUNK_SIZE);
/** waits after a failed sync: 2 s, 4 s, … at most a minute */
const RETRY_DELAYS_MS = [2_000, 4_000, 8_000, 16_000, 32_000, 60_000];

export const taroStorage: QueueStorage = {
  get: (key) => Taro.getStorageSync(key),
  set: (key, value) => Taro.setStorageSync(key, value),
  remove: (key) => Taro.removeStorageSync(key),
};

/** This device's id for leases and sync: made once, kept. */
export function stallDeviceId(storage: QueueStorage = taroStorage): string {
  const kept = storage.get(DEVICE_KEY);
  if (typeof kept === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(kept)) return kept;
  const id = `dev-${newRequestId()}`;
  storage.set(DEVICE_KEY, id);
  return id;
}

interface Index {
  next: number;
  chunks: number[];
}

/** One sync at a time on this device, whichever queue object asks (there is one JS context). */
let deviceLock: Promise<unknown> | null = null;

export class StallQueue {
  private items: QueuedAction[] = [];
  private next = 0;
  private chunks = new Set<number>();
  private readonly listeners = new Set<() => void>();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private autoRetry = false;
  /** the last sync's problem, until a sync gets through */
  lastError: SyncReport['error'] | null = null;
  readonly deviceId: string;

  constructor(
    private readonly send: StallSender,
    private readonly storage: QueueStorage = taroStorage,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.deviceId = stallDeviceId(storage);
    this.load();
  }

  private load() {
    const index = this.storage.get(INDEX_KEY) as Partial<Index> | '' | null;
    if (!index || typeof index !== 'object') return;
    this.next = typeof index.next === 'number' ? index.next : 0;
    for (const n of Array.isArray(index.chunks) ? index.chunks : []) {
      const chunk = this.storage.get(chunkKey(n));
      if (!Array.isArray(chunk)) continue;
      this.chunks.add(n);
      this.items.push(...(chunk as QueuedAction[]));
    }
    this.items.sort((a, b) => a.seq - b.seq);
    this.next = Math.max(this.next, ...this.items.map((i) => i.seq + 1));
  }

  private persist(touched: Iterable<number>) {
    for (const n of new Set(touched)) {
      const chunk = this.items.filter((i) => chunkOf(i.seq) === n);
      if (chunk.length > 0) {
        this.storage.set(chunkKey(n), chunk);
        this.chunks.add(n);
      } else {
        this.storage.remove(chunkKey(n));
        this.chunks.delete(n);
      }
    }
    const index: Index = { next: this.next, chunks: [...this.chunks].sort((a, b) => a - b) };
    this.storage.set(INDEX_KEY, index);
  }

  private changed() {
    this.listeners.forEach((listener) => listener());
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Stores the action at once (throws when the phone's storage refuses it: nothing was queued). */
  add(action: NewStallAction, label: string): QueuedAction {
    const item: QueuedAction = {
      seq: this.next,
      action: { ...action, key: newRequestId(), at: this.now().toISOString() } as StallActionInput,
      label,
    };
    this.items.push(item);
    this.next += 1;
    try {
      this.persist([chunkOf(item.seq)]);
    } catch (e) {
      this.items.pop();
      this.next -= 1;
      throw e;
    }
    this.changed();
    return item;
  }

  all(): readonly QueuedAction[] {
    return this.items;
  }

  pending(): QueuedAction[] {
    return this.items.filter((i) => !i.result);
  }

  /** The newest first. */
  recent(count = 10): QueuedAction[] {
    return this.items.slice(-count).reverse();
  }

  /**
   * Sends what is still unanswered, oldest first, in batches of ≤ 100. A second call while one runs
   * waits for it and then sends what was added meanwhile (never two requests at once).
   */
  async sync(): Promise<SyncReport> {
    while (deviceLock) await deviceLock.catch(() => undefined);
    const run = this.drain();
    deviceLock = run;
    try {
      return await run;
    } finally {
      deviceLock = null;
    }
  }

  private async drain(): Promise<SyncReport> {
    this.stopRetryTimer();
    let answered = 0;
    for (;;) {
      const batch = this.pending().slice(0, MAX_SYNC_ACTIONS);
      if (batch.length === 0) break;
      let results: StallResult[];
      try {
        results = await this.send(
          this.deviceId,
          batch.map((b) => b.action),
        );
      } catch (e) {
        const status = (e as { status?: unknown }).status;
        const retrying = !(typeof status === 'number' && status >= 400 && status < 500);
        const message = e instanceof Error && e.message ? e.message : '同步失败，稍后自动重试';
        this.lastError = { message, retrying };
        if (retrying) this.scheduleRetry();
        this.changed();
        return { answered, pending: this.pending().length, error: this.lastError };
      }
      const byKey = new Map(results.map((r) => [r.key, r]));
      const touched: number[] = [];
      for (const item of batch) {
        const result = byKey.get(item.action.key);
        if (!result) continue;
        item.result = result;
        item.answeredAt = this.now().toISOString();
        touched.push(chunkOf(item.seq));
        answered += 1;
      }
      touched.push(...this.trim());
      this.persist(touched);
      this.failures = 0;
      this.lastError = null;
      this.changed();
      // an answer missing for every action sent: stop rather than send the same batch forever
      if (!batch.some((b) => b.result)) break;
    }
    return { answered, pending: this.pending().length };
  }

  /** Drops answered actions older than the latest 200 answered; returns the chunks it touched. */
  private trim(): number[] {
    const answered = this.items.filter((i) => i.result);
    const drop = new Set(answered.slice(0, Math.max(0, answered.length - KEEP_ANSWERED)).map((i) => i.seq));
    if (drop.size === 0) return [];
    this.items = this.items.filter((i) => !drop.has(i.seq));
    return [...drop].map(chunkOf);
  }

  /** While stall mode is open, a failed sync tries again by itself (2 s, 4 s, … 1 min). */
  setAutoRetry(on: boolean) {
    this.autoRetry = on;
    if (!on) this.stopRetryTimer();
  }

  private scheduleRetry() {
    if (!this.autoRetry) return;
    const delay = RETRY_DELAYS_MS[Math.min(this.failures, RETRY_DELAYS_MS.length - 1)]!;
    this.failures += 1;
    this.stopRetryTimer();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.sync();
    }, delay);
  }

  private stopRetryTimer() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}
