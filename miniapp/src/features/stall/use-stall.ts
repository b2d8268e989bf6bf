import { useCallback, useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import type { OutreachEvent } from '@shared/schemas/outreach';
import type { EventFigures, Lease, StallActionInput, TallyTarget } from '@shared/schemas/stall';
import { ApiError, api } from '../../lib/api';
import type { NewStallAction, QueuedAction, StallQueue } from '../../lib/stall-queue';
import { KEYS, isNetworkFailure, keep, kept, openStallQueue, type Kept } from './stall-store';
import type { PublicJwk } from './offline-verify';

/** How often the live figures are fetched while the screen is open (and how often a lost network is tried). */
export const FIGURES_EVERY_MS = 15_000;
/** Places a device asks to hold for a service with a capacity (fewer when fewer are left). */
export const LEASE_PLACES = 5;
/** A join code's QR as kept for the full-screen view. */
export interface JoinQr {
  id: string;
  dataUrl: string;
}

/** The event's join codes (issue 12 adds `joinCodeIds` to the event; older events have none). */
const joinCodeIdsOf = (ev: OutreachEvent & { joinCodeIds?: string[] }) => ev.joinCodeIds ?? [];

type Register = Extract<StallActionInput, { kind: 'register' }>;
const isRegister = (a: StallActionInput): a is Register => a.kind === 'register';

/**
 * Stall mode's state: the event and its figures (kept for offline), whether the network is there,
 * the queue, this device's leases, the verification keys and the join QR. Sends the queue on open,
 * when the network comes back, after each action while online, and every 15 s with the figures.
 */
export function useStall(eventId: string) {
  const [queue] = useState<StallQueue>(openStallQueue);
  const [, setVersion] = useState(0);
  const [event, setEvent] = useState<Kept<OutreachEvent> | null>(() => kept('event', eventId));
  const [figures, setFigures] = useState<Kept<EventFigures> | null>(() => kept('figures', eventId));
  const [leases, setLeasesState] = useState<Kept<Lease[]>>(() => kept<Lease[]>('leases', eventId) ?? { savedAt: '', data: [] });
  const [keys, setKeys] = useState<PublicJwk[]>(() => kept<PublicJwk[]>('keys', KEYS)?.data ?? []);
  const [joinQr, setJoinQr] = useState<JoinQr[] | null>(() => kept<JoinQr[]>('join-qr', eventId)?.data ?? null);
  const [service, setServiceState] = useState<string | null>(() => kept<string>('service', eventId)?.data ?? null);
  const [online, setOnline] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const refreshing = useRef(false);
  const keysFetched = useRef(false);
  const joinQrFetched = useRef(false);
  const latest = useRef({ event, figures, leases });
  latest.current = { event, figures, leases };

  useEffect(() => queue.subscribe(() => setVersion((v) => v + 1)), [queue]);

  const setLeases = useCallback(
    (next: Lease[]) => {
      setLeasesState({ savedAt: new Date().toISOString(), data: next });
      keep('leases', eventId, next);
    },
    [eventId],
  );

  /** Calls the API, and learns from the outcome whether the network is there. */
  const call = useCallback(async <T>(request: () => Promise<T>): Promise<T> => {
    try {
      const reply = await request();
      setOnline(true);
      return reply;
    } catch (e) {
      if (isNetworkFailure(e)) setOnline(false);
      throw e;
    }
  }, []);

  const sync = useCallback(async () => {
    const report = await queue.sync();
    if (report.error?.retrying) setOnline(false);
    else if (report.answered > 0) setOnline(true);
    return report;
  }, [queue]);

  /**
   * Holds places of a capacity service on this device (5, or what is left), unless it holds enough
   * already; answers the device's leases with it.
   */
  const ensureLease = useCallback(
    async (key: string, ev: OutreachEvent, fig: EventFigures, held: Lease[]): Promise<Lease[]> => {
      const capacity = ev.services.find((s) => s.key === key)?.capacity;
      if (capacity === undefined) return held;
      const counts = fig.services.find((s) => s.key === key);
      const mine = held.find((l) => l.service === key);
      const unused = mine ? mine.places - mine.used : 0;
      const left = capacity - (counts?.registered ?? 0) - (counts?.leased ?? 0) + unused;
      const want = Math.min(LEASE_PLACES, left);
      if (want < 1 || unused >= want) return held;
      const lease = await call(() => api.takeLease({ body: { eventId, deviceId: queue.deviceId, service: key, places: want } }));
      return [...held.filter((l) => l.service !== key), lease];
    },
    [call, eventId, queue],
  );

  /** The join codes' QR images, fetched while online so 入会二维码 works without a network. */
  const loadJoinQr = useCallback(
    async (ev: OutreachEvent) => {
      const ids = joinCodeIdsOf(ev);
      const tokens = new Map<string, string>();
      let cursor: string | undefined;
      // the event's codes are among the newest of the staff member's subtree: a few pages at most
      for (let page = 0; page < 5 && tokens.size < ids.length; page++) {
        const reply = await call(() => api.listJoinCodes({ query: cursor ? { cursor } : {} }));
        reply.codes.filter((c) => ids.includes(c.id) && !c.revoked).forEach((c) => tokens.set(c.id, c.token));
        cursor = reply.nextCursor;
        if (!cursor) break;
      }
      const codes: JoinQr[] = [];
      for (const id of ids) {
        const token = tokens.get(id);
        if (!token) continue;
        const qr = await call(() => api.getJoinCodeQr({ params: { token }, query: { format: 'png' } }));
        codes.push({ id, dataUrl: qr.dataUrl });
      }
      setJoinQr(codes);
      keep('join-qr', eventId, codes);
    },
    [call, eventId],
  );

  /** Sends the queue, then fetches the event and figures (they then count what this phone did), keys, leases. */
  const refresh = useCallback(async () => {
    if (refreshing.current) return;
    refreshing.current = true;
    try {
      if (queue.pending().length > 0) await sync();
      const [ev, fig] = await Promise.all([
        call(() => api.getEvent({ params: { eventId } })),
        call(() => api.eventFigures({ params: { eventId }, query: { deviceId: queue.deviceId } })),
      ]);
      setEvent({ savedAt: new Date().toISOString(), data: ev });
      keep('event', eventId, ev);
      setFigures({ savedAt: new Date().toISOString(), data: fig });
      keep('figures', eventId, fig);
      setLeases(fig.leases);
      setLoadError(null);
      // once each time stall mode opens: a new signing key reaches the phone before the network goes
      if (!keysFetched.current) {
        const { keys: fresh } = await call(() => api.getMemberCardKey());
        keysFetched.current = true;
        setKeys(fresh);
        keep('keys', KEYS, fresh);
      }
      // a lease for every service with places, so any of them can be handed out when the network goes
      let held = fig.leases;
      for (const { key, capacity } of ev.services) {
        if (capacity !== undefined) held = await ensureLease(key, ev, fig, held).catch(() => held);
      }
      if (held !== fig.leases) setLeases(held);
      // once each time stall mode opens (a code made or revoked since shows then), kept for offline
      if (!joinQrFetched.current)
        joinQrFetched.current = await loadJoinQr(ev).then(
          () => true,
          () => false,
        );
    } catch (e) {
      if (!isNetworkFailure(e)) setLoadError(e instanceof ApiError ? e.message : '加载失败，请重试');
    } finally {
      refreshing.current = false;
    }
  }, [call, ensureLease, eventId, loadJoinQr, queue, setLeases, sync]);

  useEffect(() => {
    queue.setAutoRetry(true);
    void refresh();
    const timer = setInterval(() => void refresh(), FIGURES_EVERY_MS);
    const onNetwork = ({ isConnected }: { isConnected: boolean }) => {
      setOnline(isConnected);
      if (isConnected) void refresh();
    };
    Taro.onNetworkStatusChange(onNetwork);
    void Taro.getNetworkType().then(
      ({ networkType }) => networkType === 'none' && setOnline(false),
      () => undefined,
    );
    return () => {
      clearInterval(timer);
      queue.setAutoRetry(false);
      Taro.offNetworkStatusChange?.(onNetwork);
    };
  }, [queue, refresh]);

  const chooseService = (key: string) => {
    setServiceState(key);
    keep('service', eventId, key);
    const { event: ev, figures: fig } = latest.current;
    const held = latest.current.leases.data;
    if (online && ev && fig)
      void ensureLease(key, ev.data, fig.data, held).then(
        (next) => next !== held && setLeases(next),
        () => undefined,
      );
  };

  const pending = queue.pending();
  /** Not yet in figures read at `readAt`: unanswered, or done after they were read (until the next read). */
  const notCounted = (item: QueuedAction, readAt: string | undefined) =>
    !item.result || (item.result.outcome === 'done' && !!item.answeredAt && (!readAt || item.answeredAt > readAt));
  /** Places of the service this phone may still hand out: its lease less the registrations not yet counted on it. */
  const leaseLeft = (key: string) => {
    const lease = leases.data.find((l) => l.service === key);
    if (!lease) return 0;
    const unsynced = queue
      .all()
      .filter((i) => isRegister(i.action) && i.action.service === key && !i.action.waitlisted && notCounted(i, leases.savedAt)).length;
    return Math.max(0, lease.places - lease.used - unsynced);
  };

  /** Queues the action at once; online, sends it and refreshes the figures. */
  const act = (action: NewStallAction, label: string): QueuedAction => {
    const item = queue.add(action, label);
    if (online) void sync().then(refresh);
    return item;
  };

  /** A tally's count: the server's figure plus what this phone has not synced yet. */
  const tallyCount = (target: { target?: TallyTarget; service?: string }) => {
    const served = target.target
      ? (figures?.data.tallies[target.target] ?? 0)
      : (figures?.data.services.find((s) => s.key === target.service)?.tallied ?? 0);
    const local = queue
      .all()
      .filter((i) => notCounted(i, figures?.savedAt))
      .map((i) => i.action)
      .filter((a) => a.kind === 'tally' && a.target === target.target && a.service === target.service)
      .reduce((sum, a) => sum + (a.kind === 'tally' ? a.count : 0), 0);
    return served + local;
  };

  /**
   * The top figures (签到 / 报名) as the tallies count them: the server's figure plus this phone's check-ins
   * and registrations (not 候补) not in it yet, so the headline moves with each scan offline too.
   */
  const shownFigures = (() => {
    if (!figures) return null;
    const local = queue
      .all()
      .filter((i) => notCounted(i, figures.savedAt))
      .map((i) => i.action);
    const checkins = local.filter((a) => a.kind === 'checkin').length;
    const registered = local.filter((a) => isRegister(a) && !a.waitlisted).length;
    return {
      joins: figures.data.joins.total,
      checkins: figures.data.checkins + checkins,
      registered: figures.data.services.reduce((sum, s) => sum + s.registered, 0) + registered,
    };
  })();

  /** 立即同步: sends now even while a figures refresh is under way, then refreshes. */
  const syncNow = async () => {
    await sync();
    await refresh();
  };

  /** 结束摊位: send what is left, give the unused places back. */
  const finish = async () => {
    await sync();
    if (queue.pending().length > 0) throw new ApiError(0, 'network', '还有未同步的记录：联网后再结束摊位（记录已保存在本机，不会丢失）');
    for (const lease of leases.data.filter((l) => l.places > l.used)) {
      await call(() => api.returnLease({ body: { eventId, deviceId: queue.deviceId, service: lease.service } }));
    }
    setLeases([]);
  };

  return {
    queue,
    event: event?.data ?? null,
    figures: figures?.data ?? null,
    shownFigures,
    savedAt: figures?.savedAt ?? null,
    keys,
    joinQr,
    online,
    loadError,
    service,
    chooseService,
    leaseLeft,
    pending,
    act,
    tallyCount,
    refresh,
    syncNow,
    finish,
  };
}
