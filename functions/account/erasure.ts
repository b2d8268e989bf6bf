import { createHash, randomUUID } from 'node:crypto';
import { BatchWriteCommand, DeleteCommand, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { beijingDate } from '../../shared/beijing-time';
import { db, tableName } from '../lib/db';
import { failedConditions, isConditionFailed, isTransactionConflict, queryPage, recordOf, type Item } from '../lib/dynamo';
import { createLogger, type Logger } from '../lib/log';
import type { MemberRecord } from '../tables/members';
import { accountDeletedMarker } from '../tables/users';
import { uncountJoinOnCode } from '../tables/join-codes';
import { getActivity } from '../tables/activities';
import { release } from '../tables/signups';
import { eraseSupervisorPage } from '../tables/network';
import { deleteObjectsUnder } from '../lib/s3';

/**
 * 注销账号 (docs/privacy-and-content.md, "Your rights"): what every table holds about one person,
 * erased or irreversibly anonymised. This module knows the keys of every table's person items on
 * purpose: erasure is the one place that must reach all of them, and test/account-erasure scans
 * every table of infra/tables.cjs after it, so a table added later without a step here fails that test.
 *
 * At once (eraseAccountNow, one transaction of ≤ 9 items): the user, their WeChat identity and
 * subscription item, the membership (replaced by an anonymised copy under a new random id that maps to
 * nobody), the phone and member-number markers and any transfer request; an erasure task is queued in
 * the same transaction. An application still waiting is withdrawn (deleted, its code's figures moved
 * in the same transaction). Then the tail (runErasure, a page of ≤ 25 items per request): sign-ups
 * (live ones of activities still ahead end as a cancel does, places passed on; then anonymised
 * copies, so counts stay), messages (deleted), wall posts and reports (author removed),
 * post, report and live-tap allowance counters (deleted), audit entries about the person (their id replaced), a volunteer
 * supervisor's appointments (ended) and inspections (their id and name replaced), claims (互助保障理赔: each
 * claim's photos by its `claims/<claimId>/` prefix, the claim, its list item and the month markers,
 * then the member's uploads: deleted, health data is not kept for a person who is gone; the stats'
 * counters stay), and the draws' no-show history and pardons (deleted).
 */

const ERASURE_QUEUE = 'pending';
const PAGE = 25;
export const ERASED_NAME = '已注销用户';

/** A queued erasure: whose items are still to be anonymised, and where it stopped. */
const ErasureTask = z.object({
  pk: z.string(),
  userId: z.string(),
  erasedId: z.string(),
  step: z.number().int().nonnegative(),
  queuedAt: z.string(),
  done: z.number().int().nonnegative().default(0),
});
export type ErasureTask = z.infer<typeof ErasureTask>;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The id that stands for the person in what is kept: random, stored nowhere with anything about them. */
export const newErasedId = () => `gone-${randomUUID()}`;

/** The anonymised membership: the org, the code it came through, when and the kind of work stay (the union's figures); nothing that names the person. */
function anonymisedMember(member: MemberRecord, erasedId: string, at: string): Item {
  return {
    pk: `member#${erasedId}`,
    userId: erasedId,
    memberNo: '',
    name: ERASED_NAME,
    mobile: '',
    employer: '',
    occupation: member.occupation,
    newEmploymentForm: member.newEmploymentForm,
    orgId: member.orgId,
    status: member.status,
    joinedAt: member.joinedAt,
    ...(member.codeId ? { codeId: member.codeId } : {}),
    cardRequest: member.cardRequest,
    history: [{ at, what: '会员已注销账号，会籍关闭，个人信息已删除' }],
    closedAt: at,
    // no queue and no scope attributes: it is in no org's review queue, member list or count any more
  };
}

/**
 * Everything identifying, gone in one transaction: after it the old token finds no user (401) and
 * the WeChat account signs in as a new, empty user. Returns false when the account was already gone.
 */
export async function eraseAccountNow(opts: {
  userId: string;
  openidHash: string | null;
  member: MemberRecord | null;
  erasedId: string;
  now: Date;
}): Promise<boolean> {
  const { userId, openidHash, member, erasedId, now } = opts;
  const at = now.toISOString();
  const users = tableName('users');
  const members = tableName('members');
  const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']> = [
    { Delete: { TableName: users, Key: { pk: `user#${userId}` }, ConditionExpression: 'attribute_exists(pk)' } },
    // subscribe messages' openid item, if the person allowed any (docs/notifications.md)
    { Delete: { TableName: users, Key: { pk: `notify#${userId}` } } },
    // worker tokens minted before are refused from the next request on (lib/http/handler)
    accountDeletedMarker(userId, now),
    {
      Put: {
        TableName: users,
        Item: { pk: `erasure#${erasedId}`, userId, erasedId, step: 0, queuedAt: at, erasureQueue: ERASURE_QUEUE, done: 0 },
      },
    },
  ];
  if (openidHash) {
    items.push({
      Delete: {
        TableName: users,
        Key: { pk: `wx#${openidHash}` },
        ConditionExpression: 'attribute_not_exists(pk) OR userId = :user',
        ExpressionAttributeValues: { ':user': userId },
      },
    });
  }
  /** Items whose condition may fail without stopping the erasure: dropped and the rest sent again. */
  const optional = new Set<number>();
  if (member) {
    // an application still waiting is withdrawn: deleted outright, and its code counts it no more
    // (otherwise its 待审核 stays +1 forever: nobody can review an anonymised copy)
    const withdrawn = member.status === 'pending';
    items.push(
      { Delete: { TableName: members, Key: { pk: `member#${userId}` } } },
      // a returned application is deleted outright (retention deletes it anyway; nothing counts it)
      ...(member.status === 'rejected' || withdrawn ? [] : [{ Put: { TableName: members, Item: anonymisedMember(member, erasedId, at) } }]),
    );
    if (withdrawn && member.codeId) {
      optional.add(items.length); // a code gone meanwhile has nothing to count
      items.push(uncountJoinOnCode(member.codeId, member));
    }
    // the number may have been freed (TTL) and registered by someone else: their marker stays
    optional.add(items.length);
    items.push(
      {
        Delete: {
          TableName: members,
          Key: { pk: `phone#${sha256(member.mobile)}` },
          ConditionExpression: 'attribute_not_exists(pk) OR userId = :user',
          ExpressionAttributeValues: { ':user': userId },
        },
      },
      { Delete: { TableName: members, Key: { pk: `memberno#${member.memberNo}` } } },
      { Delete: { TableName: members, Key: { pk: `transfer#tr-${member.memberNo}` } } },
    );
  }
  let sending = items;
  for (let attempt = 0; ; attempt++) {
    try {
      await db().send(new TransactWriteCommand({ TransactItems: sending }));
      return true;
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.[0]) return false; // deleted meanwhile (a second tap)
      const droppable = failed && failed.some(Boolean) && failed.every((f, i) => !f || optional.has(items.indexOf(sending[i]!)));
      if (!droppable || attempt > 1) throw error;
      sending = sending.filter((_, i) => !failed[i]);
    }
  }
}

// ---- the tail ------------------------------------------------------------------------------------

/** done: items dealt with; more: whether the step has more to do (by default: the page was full). */
type StepResult = { done: number; more?: boolean };
type Step = (task: ErasureTask) => Promise<StepResult>;

/** The attributes a sign-up's life changes (tables/signups): the copy is made only if none changed since it was read. */
const MOVING = ['status', 'holdBucket', 'holdExpiresAt', 'checkedInAt'] as const;
function unchangedCondition(item: Item) {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const parts = MOVING.map((attribute, i) => {
    names[`#m${i}`] = attribute;
    if (item[attribute] === undefined) return `attribute_not_exists(#m${i})`;
    values[`:m${i}`] = item[attribute];
    return `#m${i} = :m${i}`;
  });
  return {
    ConditionExpression: `attribute_exists(activityId) AND ${parts.join(' AND ')}`,
    ExpressionAttributeNames: names,
    ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
  };
}

const LIVE = new Set(['confirmed', 'waitlisted', 'offered']);

/**
 * A live sign-up of an activity that has not started ends the way a cancel does (tables/signups
 * release): its places pass to the next person waiting and the counters stay exact, so nobody
 * offers a place to, or keeps one for, a person who is gone. Past and checked-in ones stay as they are
 * (the activity's history). Returns the sign-up as it is now.
 */
async function endIfAhead(item: Item, userId: string, now = new Date()): Promise<Item> {
  if (!LIVE.has(String(item.status)) || item.checkedInAt) return item;
  const activity = await getActivity(String(item.activityId));
  if (!activity || activity.startsAt <= now.toISOString()) return item;
  const ended = await release(activity, userId, 'cancelled', now);
  if (!ended) return item;
  // as stored now (index attributes and the purge TTL included), so the copy keeps them
  const { Item: stored } = await db().send(
    new GetCommand({ TableName: tableName('signups'), Key: { activityId: item.activityId, memberId: userId }, ConsistentRead: true }),
  );
  return stored ?? item;
}

/** Sign-ups: each replaced by a copy under the erased id (in one transaction), so the activity's counts and lists stay. */
const signupsStep: Step = async (task) => {
  const page = await queryPage({
    TableName: tableName('signups'),
    IndexName: 'byMember',
    KeyConditionExpression: 'memberId = :m',
    ExpressionAttributeValues: { ':m': task.userId },
    Limit: PAGE,
  });
  const moved = await Promise.all(
    page.items.map(async (found): Promise<{ moved: boolean; conflict: boolean }> => {
      const item = await endIfAhead(found, task.userId);
      const { phoneTail: _tail, ...rest } = item;
      const children = Array.isArray(item.children)
        ? (item.children as { age?: number }[]).map((c) => ({ name: '', age: c.age ?? 0 }))
        : [];
      const copy: Item = {
        ...rest,
        memberId: task.erasedId,
        memberName: ERASED_NAME,
        memberNo: '',
        children,
        queueKey: String(item.queueKey).replace(task.userId, task.erasedId),
      };
      try {
        await db().send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Delete: {
                  TableName: tableName('signups'),
                  Key: { activityId: item.activityId, memberId: task.userId },
                  // unchanged since read: a handover or an offer moving it meanwhile must not be undone by the copy
                  ...unchangedCondition(item),
                },
              },
              { Put: { TableName: tableName('signups'), Item: copy } },
              // a pardon of the draw's no-show rule for this person (draws: draw#<activityId> / pardon#<memberId>)
              { Delete: { TableName: tableName('draws'), Key: { pk: `draw#${String(item.activityId)}`, sk: `pardon#${task.userId}` } } },
            ],
          }),
        );
        return { moved: true, conflict: false };
      } catch (error) {
        // gone or changed meanwhile, or changing right now: the next run reads it again (a gone one is not found)
        if (failedConditions(error)?.[0] || isTransactionConflict(error)) return { moved: false, conflict: true };
        throw error;
      }
    }),
  );
  // what was moved left the index: the next page reads from the top again, until nothing is left
  const done = moved.filter((m) => m.moved).length;
  return { done, more: page.items.length === PAGE || moved.some((m) => m.conflict) };
};

/** 我的 → 消息: deleted (they are the person's alone; nothing counts them). */
const inboxStep: Step = async (task) => {
  const page = await queryPage({
    TableName: tableName('inbox'),
    KeyConditionExpression: 'userId = :u',
    ExpressionAttributeValues: { ':u': task.userId },
    ProjectionExpression: 'userId, id',
    Limit: PAGE,
  });
  await batchDelete(
    'inbox',
    page.items.map((i) => ({ userId: i.userId, id: i.id })),
  );
  return { done: page.items.length };
};

/** Wall posts and reports: the text stays (the station's history), the author is removed from them. */
async function removeAuthor(
  items: Item[],
  task: ErasureTask,
  attribute: 'userId' | 'reporterId',
  nameAttribute: 'authorName' | 'reporterName',
) {
  await Promise.all(
    items.map((item) =>
      db()
        .send(
          new UpdateCommand({
            TableName: tableName('feedback'),
            Key: { pk: item.pk, sk: item.sk },
            UpdateExpression: 'SET #name = :name REMOVE #who',
            ConditionExpression: '#who = :u',
            ExpressionAttributeNames: { '#who': attribute, '#name': nameAttribute },
            ExpressionAttributeValues: { ':u': task.userId, ':name': ERASED_NAME },
          }),
        )
        .catch((error) => {
          if (!isConditionFailed(error)) throw error;
        }),
    ),
  );
  return { done: items.length };
}

const postsStep: Step = async (task) => {
  const page = await queryPage({
    TableName: tableName('feedback'),
    IndexName: 'byAuthor',
    KeyConditionExpression: 'userId = :u',
    ExpressionAttributeValues: { ':u': task.userId },
    Limit: PAGE,
  });
  return removeAuthor(page.items, task, 'userId', 'authorName');
};

const reportsStep: Step = async (task) => {
  const page = await queryPage({
    TableName: tableName('feedback'),
    IndexName: 'byReporter',
    KeyConditionExpression: 'reporterId = :u',
    ExpressionAttributeValues: { ':u': task.userId },
    Limit: PAGE,
  });
  return removeAuthor(page.items, task, 'reporterId', 'reporterName');
};

/** The hourly post, report and live-tap allowances (rate#<userId>#…, kept 2 hours by TTL): deleted now. */
const allowanceStep: Step = async (task) => {
  let done = 0;
  for (const action of ['post', 'report', 'live']) {
    const page = await queryPage({
      TableName: tableName('feedback'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `rate#${task.userId}#${action}` },
      ProjectionExpression: 'pk, sk',
      Limit: PAGE,
    });
    await batchDelete(
      'feedback',
      page.items.map((i) => ({ pk: i.pk, sk: i.sk })),
    );
    done += page.items.length;
  }
  return { done };
};

/** Audit entries about the person (reviewed, card issued, registered, checked in, transferred): their ids replaced by the erased id. */
const auditStep: Step = async (task) => {
  const page = await queryPage({
    TableName: tableName('audit'),
    IndexName: 'bySubject',
    KeyConditionExpression: 'subject = :u',
    ExpressionAttributeValues: { ':u': task.userId },
    Limit: PAGE,
  });
  await Promise.all(
    page.items.map((item) => {
      const objectId = String(item.objectId ?? '')
        .replace(task.userId, task.erasedId)
        .replace(/^tr-\d+$/, `tr-${task.erasedId.slice(5, 17)}`);
      return db()
        .send(
          new UpdateCommand({
            TableName: tableName('audit'),
            Key: { pk: item.pk, sk: item.sk },
            UpdateExpression: 'SET objectId = :id, objectLabel = :label REMOVE subject',
            ConditionExpression: 'subject = :u',
            ExpressionAttributeValues: { ':u': task.userId, ':id': objectId.slice(0, 128), ':label': ERASED_NAME },
          }),
        )
        .catch((error) => {
          if (!isConditionFailed(error)) throw error;
        });
    }),
  );
  return { done: page.items.length };
};

/**
 * A volunteer supervisor's appointments (ended) and inspections (kept for the station's history, the
 * erased id and name in place of theirs): from their own partition of the network table.
 */
const supervisionStep: Step = async (task) => ({ done: await eraseSupervisorPage(task.userId, task.erasedId, ERASED_NAME, PAGE) });

/** Claims a page of the claims step handles (each: a listing and deletes of its photos, then its items). */
const CLAIMS_PAGE = 10;
/** Listing pages of one claim's photos per page of the step (a claim holds far fewer than 200 × this). */
const PHOTO_ROUNDS = 5;

/** Deletes every object under `prefix`, a listing page at a time (≤ rounds). False when some are left. */
async function deleteAllUnder(prefix: string, rounds = PHOTO_ROUNDS): Promise<boolean> {
  for (let round = 0; round < rounds; round++) if (!(await deleteObjectsUnder(prefix)).more) return true;
  return false;
}

/**
 * Claims (tables/claims.ts keys): from the member's list (member#<id> / claim#…), a page of claims:
 * each claim's photos by its prefix claims/<claimId>/ (whatever its record names: a page stored but
 * never added is there too), then the claim, its list item and the month marker its first submit
 * wrote (claimant#<memberId>#<yyyy-mm>). Photos first: a run that dies between leaves the list item,
 * and the next run deletes what is left. Once the list is empty, the member's uploads
 * (claims/uploads/<memberId>/). The once# marker of each claim's start goes with it (the claim keeps
 * its key; one from before that goes by TTL within 30 days). The stats' counters stay (figures).
 */
const claimsStep: Step = async (task) => {
  const page = await queryPage({
    TableName: tableName('claims'),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :claim)',
    ExpressionAttributeValues: { ':pk': `member#${task.userId}`, ':claim': 'claim#' },
    Limit: CLAIMS_PAGE,
  });
  let more = page.items.length === CLAIMS_PAGE;
  for (const item of page.items) {
    const id = String(item.id);
    if (!(await deleteAllUnder(`claims/${id}/`))) {
      more = true; // photos left: the list item stays, the next page goes on with them
      continue;
    }
    const { Item: claim } = await db().send(new GetCommand({ TableName: tableName('claims'), Key: { pk: `claim#${id}`, sk: '-' } }));
    const submittedAt = typeof claim?.submittedAt === 'string' ? claim.submittedAt : undefined;
    const keys: Item[] = [
      { pk: `claim#${id}`, sk: '-' },
      { pk: item.pk, sk: item.sk },
      // its start's once marker (named by a hash: the claim keeps its key)
      ...(typeof claim?.oncePk === 'string' ? [{ pk: claim.oncePk, sk: '-' }] : []),
      // the month's marker in Beijing (its key, tables/claims.ts claimantKey)
      ...(submittedAt ? [{ pk: `claimant#${task.userId}#${beijingDate(submittedAt).slice(0, 7)}`, sk: '-' }] : []),
    ];
    await batchDelete('claims', keys);
  }
  if (!more && !(await deleteAllUnder(`claims/uploads/${task.userId}/`))) more = true;
  return { done: page.items.length, more };
};

/**
 * Draws (tables/draws.ts keys): the member's no-show history, one item per org (noshow#<memberId> /
 * <orgId>, one attribute w_<activityId> per won place), and the pardons of those draws
 * (draw#<activityId> / pardon#<memberId>); pardons of draws applied to go with the sign-ups step.
 */
const drawsStep: Step = async (task) => {
  const page = await queryPage({
    TableName: tableName('draws'),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `noshow#${task.userId}` },
    Limit: PAGE,
  });
  const activities = new Set(
    page.items.flatMap((i) =>
      Object.keys(i)
        .filter((k) => k.startsWith('w_'))
        .map((k) => k.slice(2)),
    ),
  );
  const pardons = [...activities].map((activityId) => ({ pk: `draw#${activityId}`, sk: `pardon#${task.userId}` }));
  for (let i = 0; i < pardons.length; i += PAGE) await batchDelete('draws', pardons.slice(i, i + PAGE));
  await batchDelete(
    'draws',
    page.items.map((i) => ({ pk: i.pk, sk: i.sk })),
  );
  return { done: page.items.length };
};

/** The order a task goes through (a task's `step` indexes this list: append only). */
const STEPS: Step[] = [signupsStep, inboxStep, postsStep, reportsStep, allowanceStep, auditStep, supervisionStep, claimsStep, drawsStep];

/** The tables whose items the tail deletes outright. */
const DELETED_FROM = {
  inbox: () => tableName('inbox'),
  feedback: () => tableName('feedback'),
  claims: () => tableName('claims'),
  draws: () => tableName('draws'),
};

/** Deletes the given keys with BatchWriteItem (≤ 25), retrying what DynamoDB leaves unprocessed. */
async function batchDelete(which: keyof typeof DELETED_FROM, keys: Item[]): Promise<void> {
  if (keys.length === 0) return;
  const table = DELETED_FROM[which]();
  let pending: Item[] = keys.map((Key) => ({ DeleteRequest: { Key } }));
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt === 5) throw new Error('erasure: items not deleted after retries');
    const reply = await db().send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
    pending = (reply.UnprocessedItems?.[table] ?? []) as Item[];
    if (pending.length > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
  }
}

/**
 * Works on one task for at most `pages` pages (each one Query and ≤ 25 writes). Each step's Query
 * reads from the top again: what it wrote left the index, so what it finds is what is left. A step
 * ends with a page shorter than 25. Progress is saved after every page; the finished task is deleted.
 * Returns whether the task is finished.
 */
export async function workOnErasure(task: ErasureTask, pages: number): Promise<{ finished: boolean; task: ErasureTask }> {
  let current = task;
  for (let n = 0; n < pages && current.step < STEPS.length; n++) {
    const result = await STEPS[current.step]!(current);
    // a short page was all that was left (each page reads from the top: what was done left the index)
    current = {
      ...current,
      done: current.done + result.done,
      step: (result.more ?? result.done >= PAGE) ? current.step : current.step + 1,
    };
    await db()
      .send(
        new UpdateCommand({
          TableName: tableName('users'),
          Key: { pk: current.pk },
          UpdateExpression: 'SET step = :step, done = :done',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':step': current.step, ':done': current.done },
        }),
      )
      .catch((error) => {
        if (!isConditionFailed(error)) throw error;
      });
  }
  if (current.step < STEPS.length) return { finished: false, task: current };
  await db().send(new DeleteCommand({ TableName: tableName('users'), Key: { pk: current.pk } }));
  return { finished: true, task: current };
}

export async function getErasureTask(erasedId: string): Promise<ErasureTask | null> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName('users'), Key: { pk: `erasure#${erasedId}` }, ConsistentRead: true }),
  );
  return Item ? recordOf(ErasureTask, Item) : null;
}

/** The oldest queued tasks (one Query on the erasures index). */
export async function pendingErasures(limit: number): Promise<ErasureTask[]> {
  const page = await queryPage({
    TableName: tableName('users'),
    IndexName: 'erasures',
    KeyConditionExpression: 'erasureQueue = :q',
    ExpressionAttributeValues: { ':q': ERASURE_QUEUE },
    Limit: limit,
  });
  return page.items.map((i) => recordOf(ErasureTask, i));
}

const RUN_BUDGET_MS = 40_000;

/**
 * The scheduled job (every minute; `npm start` runs it too): finishes the tails of erasures, oldest
 * first, until its time budget is spent. A timeout loses at most one page (doing it again is harmless).
 */
export async function runErasures(
  { budgetMs = RUN_BUDGET_MS, now = () => Date.now() } = {},
  log: Logger = createLogger({ job: 'finishErasures' }),
): Promise<{ tasks: number; finished: number }> {
  const started = now();
  const tasks = await pendingErasures(25);
  let finished = 0;
  for (const task of tasks) {
    let current = task;
    try {
      while (now() - started < budgetMs) {
        const result = await workOnErasure(current, 4);
        current = result.task;
        if (result.finished) {
          finished++;
          log.info('erasure finished', { items: current.done });
          break;
        }
      }
    } catch (error) {
      // one task failing (it is tried again next run) holds up none of the others; no ids or names logged
      log.error('erasure task failed', { step: current.step, error: (error as Error)?.name ?? 'Error' });
    }
    if (now() - started >= budgetMs) break;
  }
  return { tasks: tasks.length, finished };
}

export async function handler(): Promise<void> {
  await runErasures();
}
