import Taro from '@tarojs/taro';
import type { StallResult } from '@shared/schemas/stall';
import { ApiError, api } from '../../lib/api';
import { StallQueue } from '../../lib/stall-queue';

/**
 * What stall mode keeps on the phone besides its queue, so the screen works without a network: the
 * event, its last figures, this device's leases, the card/ticket public keys, the join QR images
 * and the service last chosen. Small, and not personal (the queue holds the scanned codes).
 */
export interface Kept<T> {
  savedAt: string;
  data: T;
}

const keyOf = (what: string, eventId: string) => `union.stall.${what}:${eventId}`;

export function keep<T>(what: string, eventId: string, data: T): void {
  try {
    Taro.setStorageSync(keyOf(what, eventId), { savedAt: new Date().toISOString(), data });
  } catch {
    // storage full: the screen still works online; the queue's own writes are what must succeed
  }
}

export function kept<T>(what: string, eventId: string): Kept<T> | null {
  try {
    const value: unknown = Taro.getStorageSync(keyOf(what, eventId));
    return value && typeof value === 'object' && 'data' in value && 'savedAt' in value ? (value as Kept<T>) : null;
  } catch {
    return null;
  }
}

/** The public keys are the same for every event. */
export const KEYS = 'all';

/** The device's queue as kept in storage, sending through POST /staff/stall/sync (one sync at a time however many are made). */
export function openStallQueue(): StallQueue {
  return new StallQueue(async (deviceId, actions) => {
    const reply = await api.stallSync({ body: { deviceId, actions } });
    return reply.results as StallResult[];
  });
}

/** True when the failure is the network (no answer at all), not the server saying no. */
export const isNetworkFailure = (e: unknown) => e instanceof ApiError && e.status === 0;
