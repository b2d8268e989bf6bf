import { createHash } from 'node:crypto';
import { BatchGetCommand, DeleteCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { contentCheckNotice, Post, Report } from '../../shared/schemas/feedback';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { db, tableName } from '../lib/db';
import { evidenceLinks } from '../lib/evidence-photos';
import { failedConditions, isConditionFailed, queryPage, recordOf, withConflictRetry, type Item, type StartKey } from '../lib/dynamo';
import { queryScopePage, scopeAttributes, scopeUpdate, withoutScope, type Scoped } from '../lib/scope-keys';
import { statsSteps } from './stats';

/**
 * feedback table (pk, sk):
 *   station#<id> / post#<createdAt>#<postId>   message-wall post; Query newest first
 *   report#<id>  / report                      problem report; queue = <orgId>#<status> feeds byQueue (an
 *                                              org's reports: moves rewrite their scope keys from it);
 *                                              scope<d> = "<ancestor>#report#<status>", listKey =
 *                                              "<createdAt>#<id>": staff lists of a subtree, newest first.
 *                                              An inspection's task (source 'inspection') keeps its
 *                                              evidence photos as keys (photoKeys, resolutionPhotoKeys);
 *                                              the API shows them as signed links (withPhotoLinks)
 *   rate#<userId>#<action> / <hour>            posts per hour, conditional counter, expires by TTL
 *   once#<postId> / -                          idempotency marker → the post it created
 *   check#pending / <createdAt>#<postId>       a post WeChat's content check has not yet answered for
 *                                              (its station, sort key and text); the create request
 *                                              or the recheckPosts sweep removes it with the verdict
 *   purge#reporter / <purgeAt>#<reportId>      a resolved report whose reporter is to be removed from it
 *                                              REPORTER_KEPT_DAYS after the resolution (written with the
 *                                              resolution; the anonymiseReports sweep acts on it)
 */

/** A post as stored (its author's userId stays in the table); a post never hidden may lack the flag. */
const PostRecord = Post.extend({ hidden: Post.shape.hidden.default(false) });
/** The idempotency marker: the station and sort key of the post it created. */
const PostMarker = z.object({ stationId: z.string(), ref: z.string() });

/** A post as the API shows it: one others cannot see yet says why, for its author. */
const toPost = (item: Item): Post => {
  const post = recordOf(PostRecord, item);
  return post.contentCheck ? { ...post, notice: contentCheckNotice[post.contentCheck] } : post;
};
/**
 * A report as stored: the reporter's userId, the queue and the scope keys stay in the table; the keys
 * of its evidence photos come along (`withPhotoLinks` turns them into links for the API).
 */
const StoredReport = Report.omit({ photos: true, resolutionPhotos: true }).extend({
  photoKeys: z.array(z.string()).optional(),
  resolutionPhotoKeys: z.array(z.string()).optional(),
});
export type StoredReport = z.infer<typeof StoredReport>;
const toReport = (item: Item): StoredReport => recordOf(StoredReport, withoutScope(item));

/** A report as the API shows it: its evidence photos (an inspection's, the resolution's) as 1-hour signed links. */
export async function withPhotoLinks(report: StoredReport): Promise<Report> {
  const { photoKeys, resolutionPhotoKeys, ...rest } = report;
  return {
    ...rest,
    ...(photoKeys?.length ? { photos: await evidenceLinks(photoKeys) } : {}),
    ...(resolutionPhotoKeys?.length ? { resolutionPhotos: await evidenceLinks(resolutionPhotoKeys) } : {}),
  };
}

/** The staff list a report is in while it has this status. */
export const reportList = (status: Report['status']) => `report#${status}`;
const reportListKey = (r: Pick<Report, 'createdAt' | 'id'>) => `${r.createdAt}#${r.id}`;

/** Ids derived from the person and the app's request id: a replayed request finds the same item. */
export function idFor(prefix: 'p' | 'r', userId: string, clientRequestId: string): string {
  return `${prefix}-${createHash('sha256').update(`${userId}\u0000${clientRequestId}`).digest('hex').slice(0, 24)}`;
}

/** The update that spends one of `max` hourly actions; it fails its condition past the limit. */
function hourlyAllowance(userId: string, action: 'post' | 'report', max: number, now: Date) {
  return {
    Update: {
      TableName: tableName('feedback'),
      Key: { pk: `rate#${userId}#${action}`, sk: now.toISOString().slice(0, 13) },
      UpdateExpression: 'ADD used :one SET expiresAt = if_not_exists(expiresAt, :expires)',
      ConditionExpression: 'attribute_not_exists(used) OR used < :max',
      ExpressionAttributeValues: { ':one': 1, ':max': max, ':expires': Math.floor(now.getTime() / 1000) + 2 * 3600 },
    },
  };
}

export type AddResult<T> = { created: T } | { existing: T } | { overLimit: true };

/**
 * Adds a post in one transaction: a marker that must be new (so a double tap, a retry or a replay
 * returns the first post), the post, the author's hourly allowance (so simultaneous posts cannot
 * pass the limit, and replays spend nothing) and, as every new post waits for WeChat's content
 * check (contentCheck 'pending'), its entry in the pending checks.
 */
export async function addPost(
  stationId: string,
  post: Post,
  userId: string,
  maxPerHour: number,
  now = new Date(),
): Promise<AddResult<Post>> {
  const sk = `post#${post.createdAt}#${post.id}`;
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName('feedback'),
              Item: { pk: `once#${post.id}`, sk: '-', ref: sk, stationId },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: tableName('feedback'), Item: { pk: `station#${stationId}`, sk, ...post, userId } } },
          hourlyAllowance(userId, 'post', maxPerHour, now),
          {
            Put: {
              TableName: tableName('feedback'),
              Item: { ...PENDING, sk: pendingKey(post), stationId, ref: sk, postId: post.id, text: post.text },
            },
          },
        ],
      }),
    );
    return { created: post };
  } catch (error) {
    const failed = failedConditions(error);
    if (!failed) throw error;
    const [duplicate, , overLimit] = failed;
    if (duplicate) {
      const existing = await findPost(post.id);
      if (existing) return { existing: existing.post };
    }
    if (overLimit) return { overLimit: true };
    throw error;
  }
}

const PENDING = { pk: 'check#pending' } as const;
const pendingKey = (post: Pick<Post, 'createdAt' | 'id'>) => `${post.createdAt}#${post.id}`;

/** A post waiting for its content check: where it is and what to check. */
export interface PendingCheck {
  stationId: string;
  /** the post's sort key */
  ref: string;
  postId: string;
  text: string;
  /** the pending entry's own sort key */
  sk: string;
}
const PendingRecord = z.object({ stationId: z.string(), ref: z.string(), postId: z.string(), text: z.string(), sk: z.string() });

/** The oldest posts still waiting for their content check: one Query. */
export async function pendingChecks(limit: number): Promise<PendingCheck[]> {
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: tableName('feedback'),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': PENDING.pk },
      Limit: limit,
    }),
  );
  return Items.map((item) => recordOf(PendingRecord, item));
}

/**
 * Records WeChat's verdict on a pending post and drops its pending entry, in one transaction:
 * passed → shown to all (contentCheck removed), refused → kept for its author only. Returns the
 * post, or null when another request settled it first (the create request and the sweep may race).
 */
export async function settleCheck(
  check: Pick<PendingCheck, 'stationId' | 'ref' | 'postId'>,
  passed: boolean,
  now = new Date(),
): Promise<Post | null> {
  const [createdAt] = check.ref.slice('post#'.length).split('#');
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName('feedback'),
              Key: { pk: `station#${check.stationId}`, sk: check.ref },
              UpdateExpression: passed ? 'REMOVE contentCheck SET checkedAt = :now' : 'SET contentCheck = :refused, checkedAt = :now',
              ConditionExpression: 'contentCheck = :pending',
              ExpressionAttributeValues: { ':pending': 'pending', ':now': now.toISOString(), ...(passed ? {} : { ':refused': 'refused' }) },
            },
          },
          {
            Delete: { TableName: tableName('feedback'), Key: { ...PENDING, sk: pendingKey({ createdAt: createdAt!, id: check.postId }) } },
          },
        ],
      }),
    );
  } catch (error) {
    if (failedConditions(error)?.[0]) return null; // settled already
    throw error;
  }
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName('feedback'), Key: { pk: `station#${check.stationId}`, sk: check.ref }, ConsistentRead: true }),
  );
  return Item ? toPost(Item) : null;
}

export async function findPost(postId: string): Promise<{ post: Post; stationId: string; sk: string } | null> {
  const marker = await db().send(
    new GetCommand({ TableName: tableName('feedback'), Key: { pk: `once#${postId}`, sk: '-' }, ConsistentRead: true }),
  );
  if (!marker.Item) return null;
  const { stationId, ref: sk } = recordOf(PostMarker, marker.Item);
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName('feedback'), Key: { pk: `station#${stationId}`, sk }, ConsistentRead: true }),
  );
  return Item ? { post: toPost(Item), stationId, sk } : null;
}

export async function listPosts(
  stationId: string,
  opts: { includeHidden: boolean; viewerId: string; cursor?: StartKey; limit?: number },
): Promise<{ posts: Post[]; cursor?: StartKey }> {
  const page = await queryPage(
    {
      TableName: tableName('feedback'),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :post)',
      ExpressionAttributeValues: { ':pk': `station#${stationId}`, ':post': 'post#' },
      ScanIndexForward: false,
      Limit: opts.limit ?? 20,
    },
    opts.cursor,
  );
  // a post not (yet) through the content check is its author's alone, whoever else is looking
  const posts = page.items
    .filter((item) => item.contentCheck === undefined || item.userId === opts.viewerId)
    .map(toPost)
    .filter((p) => opts.includeHidden || !p.hidden);
  return { posts, cursor: page.nextKey };
}

/** Hides a post; `changed` is false when it was hidden already (a retried tap). */
export async function hidePost(stationId: string, postId: string): Promise<{ post: Post; changed: boolean } | null> {
  const found = await findPost(postId);
  if (!found || found.stationId !== stationId) return null;
  const reply = await db().send(
    new UpdateCommand({
      TableName: tableName('feedback'),
      Key: { pk: `station#${stationId}`, sk: found.sk },
      UpdateExpression: 'SET #hidden = :true',
      ExpressionAttributeNames: { '#hidden': 'hidden' }, // a reserved word in DynamoDB
      ExpressionAttributeValues: { ':true': true },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return { post: toPost(reply.Attributes!), changed: !found.post.hidden };
}

const reportKey = (id: string) => ({ pk: `report#${id}`, sk: 'report' });

/**
 * The Put of a new report (conditional on its id being new), listed for the station org's path
 * (`orgPath`) and above: for a transaction that files reports (addReport; an inspection files one per
 * failed item with its own counters).
 */
export function reportPut(report: StoredReport, orgPath: readonly string[], reporterId: string) {
  return {
    Put: {
      TableName: tableName('feedback'),
      Item: {
        ...reportKey(report.id),
        ...report,
        reporterId,
        queue: `${report.orgId}#${report.status}`,
        ...scopeAttributes(orgPath, reportList(report.status), reportListKey(report)),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** `problemsOpened` +`count` on the station org's path on the Beijing day of `at` (docs/station-network.md, "Counters"). */
export const problemsOpenedSteps = (orgPath: readonly string[], at: string, count = 1) =>
  statsSteps(orgPath, at, { network: { problemsOpened: count } });

/**
 * Files a report once per client request id, counted (`problemsOpened`), within the reporter's
 * hourly allowance (`maxPerHour`; null: none, for a report the system opens, such as two 门关着 taps),
 * in one transaction. `orgPath`: the path of the station's org (the report is listed for it and above).
 */
export async function addReport(
  report: StoredReport,
  orgPath: readonly string[],
  reporterId: string,
  maxPerHour: number | null,
  now = new Date(),
): Promise<AddResult<StoredReport>> {
  try {
    await withConflictRetry(() =>
      db().send(
        new TransactWriteCommand({
          TransactItems: [
            reportPut(report, orgPath, reporterId),
            ...(maxPerHour === null ? [] : [hourlyAllowance(reporterId, 'report', maxPerHour, now)]),
            ...problemsOpenedSteps(orgPath, report.createdAt),
          ],
        }),
      ),
    );
    return { created: report };
  } catch (error) {
    const failed = failedConditions(error);
    if (!failed) throw error;
    const [duplicate, overLimit] = failed;
    if (duplicate) return { existing: (await getReport(report.id))! };
    if (maxPerHour !== null && overLimit) return { overLimit: true };
    throw error;
  }
}

export async function getReport(id: string): Promise<StoredReport | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('feedback'), Key: reportKey(id), ConsistentRead: true }));
  return Item ? toReport(Item) : null;
}

/** A page of the reports with one status over an org's subtree, newest first: one Query. */
export async function reportsPage(
  org: Scoped,
  status: Report['status'],
  limit: number,
  cursor?: string,
): Promise<{ reports: Report[]; nextCursor?: string }> {
  const page = await queryScopePage({ table: 'feedback', org, list: reportList(status), limit, cursor });
  return { reports: await Promise.all(page.items.map(toReport).map(withPhotoLinks)), nextCursor: page.nextCursor };
}

/** These reports, those that exist (≤ 100 ids: one BatchGet, unprocessed keys retried): an inspection's tasks. */
export async function getReports(ids: readonly string[]): Promise<Map<string, StoredReport>> {
  const table = tableName('feedback');
  const found = new Map<string, StoredReport>();
  let keys: Record<string, unknown>[] = [...new Set(ids)].slice(0, 100).map(reportKey);
  for (let attempt = 0; keys.length > 0; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
    const reply = await db().send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }));
    for (const item of reply.Responses?.[table] ?? []) {
      const report = toReport(item);
      found.set(report.id, report);
    }
    keys = (reply.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
  }
  return found;
}

/**
 * The resolution-time histogram's buckets (counters `resolve<bucket>` of the `network` family): the
 * first whose bound (hours) the time from report to resolution is within.
 */
export const RESOLVE_BUCKETS: readonly (readonly [string, number])[] = [
  ['le1h', 1],
  ['le4h', 4],
  ['le12h', 12],
  ['le1d', 24],
  ['le3d', 72],
  ['le7d', 168],
  ['le30d', 720],
  ['gt30d', Infinity],
];
export function resolveBucket(createdAt: string, resolvedAt: string): string {
  const hours = (Date.parse(resolvedAt) - Date.parse(createdAt)) / 3600_000;
  return RESOLVE_BUCKETS.find(([, bound]) => hours <= bound)![0];
}

/**
 * A resolved report keeps its reporter (who, masked name) this long after the resolution, then the
 * anonymiseReports sweep removes them; the report itself stays for the station's statistics
 * (docs/privacy-and-content.md, Retention).
 */
export const REPORTER_KEPT_DAYS = 365;
export const ANONYMISED_REPORTER = '已匿名';
const PURGE_REPORTER = { pk: 'purge#reporter' } as const;
const reporterPurgeAt = (resolvedAt: Date) => new Date(resolvedAt.getTime() + REPORTER_KEPT_DAYS * 24 * 3600_000).toISOString();

/**
 * Marks a report resolved (it moves to the resolved lists of its org's path) and, in the same
 * transaction, schedules the removal of its reporter (`purge#reporter`) and counts it
 * (`problemsResolved` and its `resolve<bucket>` on the day of the resolution, on `orgPath`);
 * `photoKeys`: evidence photos of what was done. Resolving twice keeps the first resolution.
 * Answers the report as it now stands and whether THIS call resolved it (`resolvedNow`: only then
 * with `reporterId`, and only then is the resolution the caller's to audit and tell the reporter
 * of; of two staff resolving at once, one gets true); null when there is no such report.
 */
export async function resolveReport(
  id: string,
  by: string,
  note: string | undefined,
  orgPath: readonly string[],
  now = new Date(),
  photoKeys: readonly string[] = [],
): Promise<{ report: StoredReport & { reporterId?: string }; resolvedNow: boolean } | null> {
  const report = await getReport(id);
  if (!report) return null;
  if (report.status === 'resolved') return { report, resolvedNow: false };
  const scope = scopeUpdate(orgPath, reportList('resolved'), reportListKey(report));
  const purgeAt = reporterPurgeAt(now);
  const resolvedAt = now.toISOString();
  const photos = photoKeys.length > 0;
  try {
    await withConflictRetry(() =>
      db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: tableName('feedback'),
                Key: reportKey(id),
                UpdateExpression: `SET #status = :resolved, #queue = :queue, resolvedAt = :at, resolvedBy = :by, purgeAt = :purge${note ? ', resolutionNote = :note' : ''}${photos ? ', resolutionPhotoKeys = :photos' : ''}, ${scope.set}${scope.remove ? ` REMOVE ${scope.remove}` : ''}`,
                ConditionExpression: '#status = :open',
                ExpressionAttributeNames: { '#status': 'status', '#queue': 'queue' },
                ExpressionAttributeValues: {
                  ':resolved': 'resolved',
                  ':open': 'open',
                  ':at': resolvedAt,
                  ':by': by,
                  ':purge': purgeAt,
                  ':queue': `${report.orgId}#resolved`,
                  ...(note ? { ':note': note } : {}),
                  ...(photos ? { ':photos': [...photoKeys] } : {}),
                  ...scope.values,
                },
              },
            },
            { Put: { TableName: tableName('feedback'), Item: { ...PURGE_REPORTER, sk: `${purgeAt}#${id}`, reportId: id } } },
            ...statsSteps(orgPath, resolvedAt, {
              network: { problemsResolved: 1, [`resolve${resolveBucket(report.createdAt, resolvedAt)}`]: 1 },
            }),
          ],
        }),
      ),
    );
  } catch (error) {
    if (failedConditions(error)?.[0]) {
      // resolved by someone else meanwhile: theirs
      const current = await getReport(id);
      return current && { report: current, resolvedNow: false };
    }
    throw error;
  }
  // resolved now: with the reporter, who is told (消息)
  const { Item } = await db().send(new GetCommand({ TableName: tableName('feedback'), Key: reportKey(id), ConsistentRead: true }));
  return { report: { ...toReport(Item!), reporterId: Item!.reporterId as string | undefined }, resolvedNow: true };
}

const PurgeEntry = z.object({ sk: z.string(), reportId: z.string() });
export type ReporterPurge = z.infer<typeof PurgeEntry>;

/** Resolved reports whose reporter is due to be removed at `now`, earliest first: one Query, ≤ `limit`. */
export async function reporterPurgesDue(now: Date, limit: number): Promise<ReporterPurge[]> {
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: tableName('feedback'),
      KeyConditionExpression: 'pk = :pk AND sk < :now',
      ExpressionAttributeValues: { ':pk': PURGE_REPORTER.pk, ':now': now.toISOString() },
      Limit: limit,
    }),
  );
  return Items.map((item) => recordOf(PurgeEntry, item));
}

/**
 * Removes the reporter from a resolved report (their user id and masked name; the type, note, station,
 * times and resolution stay) and drops its purge entry, in one transaction. A report gone meanwhile:
 * only the entry is dropped.
 */
export async function anonymiseReporter(purge: ReporterPurge, now = new Date()): Promise<boolean> {
  const entry = { TableName: tableName('feedback'), Key: { ...PURGE_REPORTER, sk: purge.sk } };
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName('feedback'),
              Key: reportKey(purge.reportId),
              UpdateExpression: 'SET reporterName = :anonymous, anonymisedAt = :now REMOVE reporterId, purgeAt',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':anonymous': ANONYMISED_REPORTER, ':now': now.toISOString() },
            },
          },
          { Delete: entry },
        ],
      }),
    );
    return true;
  } catch (error) {
    if (!failedConditions(error)?.[0]) throw error;
    await db().send(new DeleteCommand(entry));
    return false;
  }
}

const RescopeCursor = z.strictObject({
  status: z.enum(['open', 'resolved']),
  key: z.record(z.string().max(64), z.string().max(1024)).optional(),
});

/**
 * After an org moved (org admin): rewrites the scope keys of one page (≤ 100) of its reports (open
 * ones first, then resolved) from its new path. Idempotent; call again with `nextCursor` until none.
 */
export async function rescopeReportsOfOrg(
  orgId: string,
  newPath: string[],
  cursor?: string,
): Promise<{ done: number; nextCursor?: string }> {
  const at = decodeCursor(cursor, RescopeCursor) ?? { status: 'open' as const };
  const page = await queryPage(
    {
      TableName: tableName('feedback'),
      IndexName: 'byQueue',
      KeyConditionExpression: '#queue = :queue',
      ExpressionAttributeNames: { '#queue': 'queue' },
      ExpressionAttributeValues: { ':queue': `${orgId}#${at.status}` },
      Limit: 100,
    },
    at.key,
  );
  let done = 0;
  for (const report of page.items.map(toReport)) {
    const scope = scopeUpdate(newPath, reportList(report.status), reportListKey(report));
    try {
      await db().send(
        new UpdateCommand({
          TableName: tableName('feedback'),
          Key: reportKey(report.id),
          UpdateExpression: `SET ${scope.set}${scope.remove ? ` REMOVE ${scope.remove}` : ''}`,
          ConditionExpression: '#queue = :queue',
          ExpressionAttributeNames: { '#queue': 'queue' },
          ExpressionAttributeValues: { ...scope.values, ':queue': `${orgId}#${report.status}` },
        }),
      );
      done++;
    } catch (error) {
      if (!isConditionFailed(error)) throw error; // resolved meanwhile: it was given the new keys then, or is on the next pass
    }
  }
  const next = page.nextKey
    ? { status: at.status, key: page.nextKey as Record<string, string> }
    : at.status === 'open'
      ? { status: 'resolved' as const }
      : undefined;
  return { done, nextCursor: next ? encodeCursor(next) : undefined };
}
