import { callWechat, WechatUnavailable } from '../lib/wechat/access-token';
import { createLogger, type Logger } from '../lib/log';
import {
  abandonDelivery,
  claimDelivery,
  dueDeliveries,
  retryDelivery,
  settleDelivery,
  type DeliveryStatus,
  type InboxItem,
} from '../tables/inbox';
import { clearCount, giveBack, takeOne } from '../tables/notify';
import { messageFor, miniprogramState, type SubscribeMessage } from './templates';

/**
 * The WeChat subscribe-message sender (docs/notifications.md, "WeChat subscribe messages").
 *
 * Every inbox item is born `delivery: 'pending'`. The action that recorded it is long done: the
 * sender runs from the inbox table's stream (deployed) and from the deliveries sweep (retries,
 * anything the stream missed, and the whole job under npm start). For one item:
 *   1. claim: pending (or a retry whose time has come) → sending, conditionally: only one sender
 *      ever holds it, so a stream record delivered twice, or the stream and the sweep together,
 *      send once;
 *   2. its template (templates.ts); an inbox-only kind → skipped;
 *   3. take one of the member's subscriptions for it (conditional decrement); none → declined,
 *      WeChat is not called;
 *   4. subscribeMessage.send through callWechat (cached stable_token, refreshed once on 40001/42001):
 *        ok                → sent
 *        43101             → declined, the member's count set to 0, never retried
 *        47003             → logged (the field's name only), fields cut harder and sent once more; else failed
 *        45009/45047/45011/-1, or WeChat unreachable → retry with backoff (1, 2, 4 … 30 min; 6 tries)
 *        anything else     → failed
 *      A send WeChat did not use is given back to the member's count.
 *      A step failing before WeChat is called (takeOne throttled, a DynamoDB error) → retry, as above.
 * A claim whose lease runs out (the sender died or timed out after claiming) is given up as
 * failed by the sweep, never sent again: at-most-once wins, because nothing tells a sender that
 * died before calling WeChat from one that died after WeChat delivered (the call and the settling
 * write are not atomic). To keep that rare, the stream handler stops taking records well before its
 * timeout (deliver-stream.ts) and every failure this code can see before the send is put back.
 * Nothing logged names the member's openid or a field's value.
 */

export const SEND_PATH = '/cgi-bin/message/subscribe/send';
/** how long a claim lasts: after it the sweep gives the message up as failed (never sends it twice; see above) */
export const LEASE_MS = 5 * 60_000;
export const MAX_ATTEMPTS = 6;
const RATE_LIMITED = new Set([45009, 45047, 45011, -1]);
const NO_SUBSCRIPTION = 43101;
const BAD_FIELD = 47003;
/** the `thing` limit on the one retry after a 47003 */
const HARDER_LIMIT = 12;

export const backoffMs = (attempts: number) => Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 30 * 60_000);

type Outcome = DeliveryStatus | 'busy';

async function send(openid: string, message: SubscribeMessage) {
  return callWechat(SEND_PATH, {
    touser: openid,
    template_id: message.templateId,
    page: message.page,
    data: message.data,
    miniprogram_state: miniprogramState(),
    lang: 'zh_CN',
  });
}

/** The field WeChat named in a 47003 (e.g. "data.thing3.value invalid"), never its value. */
const fieldOf = (errmsg: string | undefined) => /data\.([a-z_]+\d*)\./i.exec(errmsg ?? '')?.[1];

async function sendItem(item: InboxItem, now: Date, log: Logger): Promise<Outcome> {
  const { userId, id } = item;
  /** WeChat did not get it (down, rate-limited, or we never called it): back in the queue, or given up after MAX_ATTEMPTS */
  const requeue = async (why: string): Promise<Outcome> => {
    if ((item.attempts ?? 1) >= MAX_ATTEMPTS) {
      log.warn('subscribe message given up', { messageId: id, kind: item.kind, why });
      await settleDelivery(userId, id, 'failed');
      return 'failed';
    }
    await retryDelivery(userId, id, new Date(now.getTime() + backoffMs(item.attempts ?? 1)));
    log.info('subscribe message to retry', { messageId: id, kind: item.kind, why });
    return 'retry';
  };
  let message: SubscribeMessage | null;
  let openid: string | null;
  try {
    message = messageFor(item);
    if (!message) {
      await settleDelivery(userId, id, 'skipped');
      return 'skipped';
    }
    openid = await takeOne(userId, message.template);
    if (!openid) {
      await settleDelivery(userId, id, 'declined');
      return 'declined';
    }
  } catch (error) {
    // before WeChat was called (a throttled or failed DynamoDB step): not left 'sending' until the
    // lease gives it up unsent, but put back for a later try
    return requeue(`before the send: ${(error as Error).name}`);
  }
  const template = message.template;
  const later = async (why: string): Promise<Outcome> => {
    await giveBack(userId, template);
    return requeue(why);
  };
  try {
    let reply = await send(openid, message);
    if (reply.errcode === BAD_FIELD) {
      log.warn('subscribe message field refused, cut harder', { messageId: id, template: message.template, field: fieldOf(reply.errmsg) });
      reply = await send(openid, messageFor(item, HARDER_LIMIT)!);
    }
    const errorCode = reply.errcode ?? 0;
    if (errorCode === 0) {
      await settleDelivery(userId, id, 'sent');
      return 'sent';
    }
    if (errorCode === NO_SUBSCRIPTION) {
      await clearCount(userId, message.template);
      await settleDelivery(userId, id, 'declined');
      return 'declined';
    }
    if (RATE_LIMITED.has(errorCode)) return later(`errcode ${errorCode}`);
    log.warn('subscribe message refused', { messageId: id, template: message.template, errorCode, field: fieldOf(reply.errmsg) });
    await giveBack(userId, message.template);
    await settleDelivery(userId, id, 'failed');
    return 'failed';
  } catch (error) {
    if (error instanceof WechatUnavailable) return later(error.message);
    throw error;
  }
}

/**
 * Delivers one inbox message if nobody else is (the stream's and the sweep's entry). Returns what
 * became of it, or 'busy' when it was not this caller's to send (taken, done, or not yet due).
 */
export async function deliver(
  userId: string,
  id: string,
  now = new Date(),
  log: Logger = createLogger({ job: 'deliver' }),
): Promise<Outcome> {
  const item = await claimDelivery(userId, id, now, LEASE_MS);
  if (!item) return 'busy';
  return sendItem(item, now, log);
}

/** Rounds of 50 one sweep takes at most: 500 messages a minute, the Lambda's budget with room to spare. */
const SWEEP_ROUNDS = 10;

/**
 * The sweep: messages due by `now` (new ones the stream has not sent within a minute, retries
 * whose time has come, claims whose lease ran out), 50 a round, earliest first, round after round
 * until fewer than 50 are due or SWEEP_ROUNDS are done: a backlog (WeChat back after an outage)
 * drains at 500 a run instead of 50, and one message is not starved behind others.
 * Deployed every minute; npm start every few seconds, with `now` a minute ahead so new messages
 * go out at once (there is no stream locally).
 */
export async function deliverDue(now = new Date(), log: Logger = createLogger({ job: 'deliverDue' })) {
  const counts: Record<string, number> = {};
  for (let round = 0; round < SWEEP_ROUNDS; round++) {
    const due = await dueDeliveries(now);
    let moved = 0;
    for (const { userId, id, delivery } of due) {
      let outcome: Outcome | 'abandoned';
      try {
        if (delivery === 'sending') outcome = (await abandonDelivery(userId, id, now)) ? 'abandoned' : 'busy';
        else outcome = await deliver(userId, id, now, log);
      } catch (error) {
        log.warn('subscribe message not delivered this round', { messageId: id, error: (error as Error).name });
        outcome = 'busy';
      }
      if (outcome !== 'busy') moved++;
      counts[outcome] = (counts[outcome] ?? 0) + 1;
    }
    // a round that moved nothing would find the same items again
    if (due.length < 50 || moved === 0) break;
  }
  return counts;
}

export const handler = async () => {
  const log = createLogger({ job: 'deliverDue' });
  const counts = await deliverDue(new Date(), log);
  if (Object.keys(counts).length > 0) log.info('subscribe messages swept', counts);
  return counts;
};
