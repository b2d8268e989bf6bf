import { contract } from '../../shared/contract';
import { beijingDisplay } from '../../shared/beijing-time';
import { maskName } from '../../shared/schemas/common';
import type { Org } from '../../shared/schemas/org';
import { tallyLabel, type StallAction, type StallOutcome, type StallResult } from '../../shared/schemas/stall';
import { recordAudit } from '../lib/audit';
import { defineHandler } from '../lib/http/handler';
import { readCardTokenAt } from '../lib/member-card-key';
import { readTicketAt } from '../lib/ticket';
import { getActivity, type ActivityRecord } from '../tables/activities';
import { findUserIdByMemberNo, getMember, type MemberRecord } from '../tables/members';
import { getOrg, isWithin } from '../tables/orgs';
import { getEvent, type EventRecord } from '../tables/outreach';
import { checkIn } from '../tables/signups';
import {
  activityEventId,
  answerStep,
  keepAnswer,
  readAnswers,
  readLeases,
  register,
  storedAnswer,
  tally,
  tallyBatch,
  type TallyEntry,
} from '../tables/stall';
import { getUser } from '../tables/users';

/**
 * Stall mode's sync (issue 12, docs/outreach.md "Stall actions and sync"): up to 100 actions made
 * offline, each answered in order. Each action is one transaction that starts with the Put of its
 * answer (attribute_not_exists): a replayed queue, or the same queue uploaded twice at once, gets
 * the stored answers and counts nothing twice. Requests to DynamoDB are bounded per request: each
 * event and each org read once, the stored answers in one BatchGetItem, this device's leases in
 * one; then per action its own reads (the member, the activity once per activity) and transactions.
 */

/** Actions in flight at once; actions on the same counter run one after another, in the order sent. */
const PARALLEL = 10;
/** An action dated further than this outside the event's start and end is not counted on it. */
const EVENT_SLACK_MS = 12 * 3600_000;

type Answer = { result: StallResult; fresh: boolean };
const outcome = (key: string, o: StallOutcome, message: string, extra: Partial<StallResult> = {}): StallResult => ({
  key,
  outcome: o,
  message,
  ...extra,
});

/** One promise per key: what a request reads once however many actions need it. */
function memo<T>(load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key) => {
    let hit = cache.get(key);
    if (!hit) cache.set(key, (hit = load(key)));
    return hit;
  };
}

/** The lane an action waits in: those writing the same counter keep their order. */
function laneOf(a: StallAction, index: number): string {
  if (a.kind === 'register') return `${a.eventId}|svc|${a.service}`;
  if (a.kind === 'tally') return `${a.eventId}|${a.target ? `tally|${a.target}` : `svc|${a.service}`}`;
  return `checkin|${index}`;
}

export const handler = defineHandler(contract.stallSync, async ({ body }, { principal, log }) => {
  const { deviceId } = body;
  // a key sent twice in one queue (a phone's bug, a merge of two queues) is one action: answered
  // once, the same answer in both places (two writes of one item in one transaction would fail)
  const seen = new Set<string>();
  const actions = body.actions.filter((a) => {
    const id = `${a.eventId}\u0000${a.key}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  const now = new Date();
  const orgOf = memo(getOrg);
  const eventOf = memo((id) => getEvent(id));
  const events = new Map<string, { event: EventRecord; org: Org } | null>();
  await Promise.all(
    [...new Set(actions.map((a) => a.eventId))].map(async (id) => {
      const event = await eventOf(id);
      const org = event ? await orgOf(event.hostOrgId) : null;
      events.set(id, event && org && principal.actingOrgId && isWithin(org, principal.actingOrgId) ? { event, org } : null);
    }),
  );
  const ours = actions.filter((a) => events.get(a.eventId));
  const registering = [...new Set(ours.flatMap((a) => (a.kind === 'register' ? [`${a.eventId}|${a.service}`] : [])))];
  const [stored, staff, leases] = await Promise.all([
    readAnswers(ours),
    getUser(principal.userId),
    // this device's leases on the services it registers for: whether a lease is worth trying
    Promise.all(
      [...new Set(registering.map((k) => k.split('|')[0]!))].map(async (eventId) => {
        const services = registering.filter((k) => k.startsWith(`${eventId}|`)).map((k) => k.split('|')[1]!);
        return (await readLeases(eventId, deviceId, services)).map((l) => [`${eventId}|${l.service}`, l.places - l.used] as const);
      }),
    ),
  ]);
  const leaseLeft = new Map<string, number>(leases.flat());
  const staffName = staff?.displayName ?? '工作人员';
  const memberOf = memo(async (memberNo): Promise<MemberRecord | null> => {
    const userId = await findUserIdByMemberNo(memberNo);
    return userId ? getMember(userId) : null;
  });
  const activityOf = memo((id) => getActivity(id));
  const meta = (a: StallAction) => ({ kind: a.kind, deviceId, by: principal.userId });

  /** What every action is checked for first: the event (ours, open, the action in its time) and a stored answer. */
  async function gate(a: StallAction): Promise<{ answered: Answer } | { event: EventRecord; org: Org; at: number }> {
    const mine = events.get(a.eventId);
    if (!mine) {
      const exists = await eventOf(a.eventId);
      return { answered: { result: outcome(a.key, 'closed', exists ? '不是本组织的沟通会' : '找不到这场沟通会'), fresh: false } };
    }
    const previous = stored.get(`${a.eventId}\u0000${a.key}`);
    if (previous) return { answered: { result: previous, fresh: false } };
    const { event, org } = mine;
    if (event.status === 'closed') return { answered: { result: outcome(a.key, 'closed', '沟通会已结束'), fresh: false } };
    const at = Date.parse(a.at);
    if (at < Date.parse(event.startsAt) - EVENT_SLACK_MS || at > Date.parse(event.endsAt) + EVENT_SLACK_MS) {
      return { answered: { result: outcome(a.key, 'closed', '操作时间不在沟通会期间'), fresh: false } };
    }
    return { event, org, at };
  }
  const tallyLabelOf = (a: Extract<StallAction, { kind: 'tally' }>, event: EventRecord) =>
    a.target ? tallyLabel[a.target] : event.services.find((s) => s.key === a.service)?.name;
  const tallyDone = (a: Extract<StallAction, { kind: 'tally' }>, label: string) =>
    outcome(a.key, 'done', a.count > 0 ? `${label} +${a.count}` : `已撤销 ${label} ${-a.count}`);

  async function answer(a: StallAction): Promise<Answer> {
    const gated = await gate(a);
    if ('answered' in gated) return gated.answered;
    const { event, org, at } = gated;
    // what the request decides alone (a forged or expired code) is not stored: a replay decides the same
    const keep = async (result: StallResult): Promise<Answer> => ({ result: await keepAnswer(a.eventId, result, meta(a)), fresh: true });
    const statsPath = [...org.path, event.id];

    if (a.kind === 'register') {
      const service = event.services.find((s) => s.key === a.service);
      if (!service) return keep(outcome(a.key, 'unknown_service', '本沟通会没有这项服务'));
      const card = await readCardTokenAt(a.card, new Date(at));
      if ('refused' in card) {
        return {
          result: outcome(
            a.key,
            card.refused,
            card.refused === 'expired' ? '二维码已过期，请职工刷新会员卡后再扫' : '二维码伪造或无法识别',
          ),
          fresh: false,
        };
      }
      const member = await memberOf(card.memberNo);
      if (!member || member.status !== 'active') return keep(outcome(a.key, 'not_eligible', '不是有效会员'));
      const name = maskName(member.name);
      const laneKey = `${a.eventId}|${a.service}`;
      const useLease = service.capacity !== undefined && !a.waitlisted && (leaseLeft.get(laneKey) ?? 0) > 0;
      const placed = await register(
        {
          eventId: event.id,
          service: service.key,
          capacity: service.capacity,
          memberNo: card.memberNo,
          deviceId,
          by: principal.userId,
          at: a.at,
          useLease,
          statsPath,
        },
        {
          done: outcome(a.key, 'done', `已报名「${service.name}」`, { name }),
          waitlisted: outcome(a.key, 'waitlisted', `「${service.name}」名额已满，已候补`, { name }),
        },
        { kind: 'register', deviceId, by: principal.userId },
        now,
      );
      if ('answered' in placed) return { result: placed.answered, fresh: false };
      if ('already' in placed) {
        return keep(
          outcome(a.key, 'already', placed.already === 'waitlisted' ? `已在「${service.name}」候补中` : `已报名过「${service.name}」`, {
            name,
          }),
        );
      }
      if ('placed' in placed) {
        if (placed.placed === 'lease') leaseLeft.set(laneKey, (leaseLeft.get(laneKey) ?? 1) - 1);
        else if (useLease) leaseLeft.set(laneKey, 0); // the lease turned out used up
        return { result: placed.result, fresh: true };
      }
      return { result: placed.waitlisted, fresh: true };
    }

    if (a.kind === 'tally') {
      const label = tallyLabelOf(a, event);
      if (!label) return keep(outcome(a.key, 'unknown_service', '本沟通会没有这项服务'));
      const done = tallyDone(a, label);
      const counted = await tally(
        a.target ? { eventId: event.id, target: a.target } : { eventId: event.id, service: a.service! },
        a.count,
        a.at,
        statsPath,
        done,
        { kind: 'tally', deviceId, by: principal.userId },
        now,
      );
      if ('answered' in counted) return { result: counted.answered, fresh: false };
      if ('belowZero' in counted) return keep(outcome(a.key, 'not_eligible', `「${label}」撤销后会少于 0，未计入`));
      return { result: done, fresh: true };
    }

    // a ticket: checked in once, by whichever device syncs it first
    const ticket = await readTicketAt(a.ticket, new Date(at));
    if ('refused' in ticket) {
      return {
        result: outcome(a.key, ticket.refused, ticket.refused === 'expired' ? '入场票已过期' : '二维码伪造或无法识别'),
        fresh: false,
      };
    }
    const activity = await activityOf(ticket.activityId);
    if (!activity) return keep(outcome(a.key, 'not_eligible', '找不到这个活动'));
    if ((eventIdOf(activity) ?? (await activityEventId(activity.id))) !== event.id)
      return keep(outcome(a.key, 'wrong_event', '这是其他活动的入场票，不属于本沟通会'));
    const activityOrg = await orgOf(activity.orgId);
    const done = (name: string) => outcome(a.key, 'done', '签到成功', { name });
    const checked = await checkIn(activity.id, ticket.memberId, staffName, {
      at: new Date(at),
      statsPath: [...(activityOrg?.path ?? [activity.orgId]), event.id],
      steps: (signup) => [answerStep(event.id, done(maskName(signup.memberName)), meta(a), now)],
    });
    if ('stepFailed' in checked) return { result: await storedAnswer(event.id, a.key), fresh: false };
    if ('done' in checked) return { result: done(maskName(checked.done.memberName)), fresh: true };
    if ('missing' in checked) return keep(outcome(a.key, 'not_eligible', '这位职工没有报名这个活动'));
    if ('already' in checked) {
      const s = checked.already;
      const firstBy = maskName(s.checkedInBy ?? '工作人员');
      return keep(
        outcome(a.key, 'already', `已签到（${beijingDisplay(s.checkedInAt!)}，${firstBy}）`, {
          name: maskName(s.memberName),
          firstBy,
          firstAt: s.checkedInAt,
        }),
      );
    }
    const s = checked.notLive;
    const why =
      s.status === 'cancelled' || s.status === 'expired'
        ? '这个报名已取消'
        : s.status === 'waitlisted'
          ? '这位职工还在候补中，没有名额'
          : '这位职工的候补名额还没确认';
    return keep(outcome(a.key, 'not_eligible', why, { name: maskName(s.memberName) }));
  }

  const results: Answer[] = new Array(actions.length);
  // the +n taps first, an event's in one transaction (tables/stall.ts tallyBatch); undos after them
  const taps = new Map<string, { index: number; entry: TallyEntry; path: string[] }[]>();
  for (const [index, a] of actions.entries()) {
    if (a.kind !== 'tally' || a.count < 0) continue;
    const gated = await gate(a);
    const label = 'event' in gated ? tallyLabelOf(a, gated.event) : undefined;
    if (!('event' in gated) || !label) continue;
    const entry: TallyEntry = { target: a.target, service: a.service, count: a.count, at: a.at, answer: tallyDone(a, label) };
    taps.set(a.eventId, [...(taps.get(a.eventId) ?? []), { index, entry, path: [...gated.org.path, gated.event.id] }]);
  }
  for (const [eventId, list] of taps) {
    let rest = list;
    while (rest.length > 0) {
      const sent = await tallyBatch(
        eventId,
        rest.map((t) => t.entry),
        rest[0]!.path,
        { deviceId, by: principal.userId },
        now,
      );
      if (!sent) break; // some were answered before: each goes alone below, finding its answer
      const done = rest.length - sent.rest.length;
      for (const t of rest.slice(0, done)) results[t.index] = { result: t.entry.answer, fresh: true };
      rest = rest.slice(done);
    }
  }

  // lanes: actions on one counter in order, at most PARALLEL actions in flight
  const lanes = new Map<string, number[]>();
  actions.forEach((a, i) => {
    if (!results[i]) lanes.set(laneOf(a, i), [...(lanes.get(laneOf(a, i)) ?? []), i]);
  });
  const queue = [...lanes.values()];
  let running = 0;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const next = () => {
      if (failed) return;
      if (queue.length === 0 && running === 0) return resolve();
      while (running < PARALLEL && queue.length > 0) {
        const lane = queue.shift()!;
        running++;
        (async () => {
          for (const i of lane) results[i] = await answer(actions[i]!);
        })().then(
          () => {
            running--;
            next();
          },
          (error) => {
            failed = true;
            reject(error);
          },
        );
      }
    };
    next();
  });

  const fresh = actions.filter((_, i) => results[i]!.fresh);
  if (fresh.length > 0) {
    const { event, org } = events.get(fresh[0]!.eventId)!;
    const count = (kind: StallAction['kind']) => fresh.filter((a) => a.kind === kind).length;
    const parts = [
      ['报名', count('register')],
      ['签到', count('checkin')],
      ['计数', count('tally')],
    ].filter(([, n]) => n);
    log.info('stall synced', { actions: actions.length, fresh: fresh.length, deviceId });
    await recordAudit({
      principal,
      org,
      kind: 'stall.sync',
      object: { type: 'event', id: event.id, label: event.name },
      summary: `同步 ${fresh.length} 条摊位操作（${parts.map(([what, n]) => `${what} ${n}`).join('、')}）`,
    });
  }
  const answerOf = new Map(actions.map((a, i) => [`${a.eventId}\u0000${a.key}`, results[i]!.result]));
  return { results: body.actions.map((a) => answerOf.get(`${a.eventId}\u0000${a.key}`)!) };
});

/** The outreach event an activity names (read leniently: older items have none). */
function eventIdOf(activity: ActivityRecord): string | undefined {
  const id = (activity as { eventId?: unknown }).eventId;
  return typeof id === 'string' ? id : undefined;
}
