import { createHash, randomInt } from 'node:crypto';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { Id } from '../../shared/schemas/common';
import { beijingExport } from '../../shared/beijing-time';
import { Membership, Transfer, type Gender, type MembershipStatus } from '../../shared/schemas/membership';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { db, tableName } from '../lib/db';
import { failedConditions, isConditionFailed, isTransactionConflict, queryPage, recordOf, type Item } from '../lib/dynamo';
import { queryScopePage, scopeAttributes, scopeUpdate, withoutScope, type Scoped } from '../lib/scope-keys';
import { countJoinOnCode, countReapplyOnCodes, countStatusChangeOnCode } from './join-codes';
import { statsChangeSteps } from './stats';
import { displayNameCorrection } from './users';

/**
 * members table (pk only):
 *   member#<userId>      the membership: one per user (the key makes one WeChat identity one member)
 *   phone#<sha256>       → userId: one membership per mobile number, enforced by a conditional put
 *   memberno#<no>        → userId: member numbers never repeat
 *   expiresAt (TTL)      on a returned application and its two markers, RETURNED_KEPT_DAYS after the return
 *                        (a number starts with its joining date, so one freed after that never comes back)
 * byQueue (queue = <orgId>#<status>, joinedAt): review queues and counts per org (moves rewrite from there);
 * byCode (codeId, joinedAt): per-code figures;
 * byScope<d>: a subtree's lists, newest first: memberships `member#<status>` (listKey joinedAt#userId)
 * and transfers by receiving org `transfer#<status>` (listKey requestedAt#id); docs/org-scale.md.
 */

export const MEMBERS_PAGE = 20;
const memberList = (status: MembershipStatus) => `member#${status}`;
const memberListKey = (m: Pick<MemberRecord, 'joinedAt' | 'userId'>) => `${m.joinedAt}#${m.userId}`;

/** The membership as stored: what its member sees, less the org's name, plus whose it is and the event it came from. */
export const MemberRecord = Membership.omit({ orgName: true }).extend({
  userId: Id,
  eventTitle: z.string().optional(),
  /** the outreach event (沟通会) whose join code it came through: its joins are counted on the event too */
  eventId: z.string().optional(),
  /** set when a returned application was corrected and sent again (reapplyMember): staff see 重新提交 */
  resubmittedAt: z.string().optional(),
});
export type MemberRecord = z.infer<typeof MemberRecord>;

/** A phone or member-number marker: the user it belongs to. */
const Marker = z.object({ userId: Id });

const memberKey = (userId: string) => ({ pk: `member#${userId}` });
const phoneKey = (mobile: string) => ({ pk: `phone#${createHash('sha256').update(mobile).digest('hex')}` });

const toRecord = (item: Item): MemberRecord => recordOf(MemberRecord, withoutScope(item));

/**
 * The stats (family `joins`, docs/outreach.md) of a new application: `applied`, `occ:<occupation>`,
 * `newForm` (新就业形态) and `h<HH>` (its Beijing hour) on the Beijing day of joinedAt for its org and
 * every ancestor, and on its event (a pseudo-org below the org) when it came through an event's code;
 * `approved` too, on the org's path only, when the code approved it at once. Each item once (one step).
 */
function joinStatsSteps(m: MemberRecord, orgPath: readonly string[]) {
  const joins = {
    applied: 1,
    [`occ:${m.occupation}`]: 1,
    newForm: m.newEmploymentForm ? 1 : 0,
    [`h${beijingExport(m.joinedAt).slice(11, 13)}`]: 1,
  };
  return statsChangeSteps(orgPath, [
    { at: m.joinedAt, increments: { joins }, path: m.eventId ? [...orgPath, m.eventId] : orgPath },
    ...(m.status === 'active' ? [{ at: m.joinedAt, increments: { joins: { approved: 1 } } }] : []),
  ]);
}

/** `approved` +1 on the Beijing day of `at` for the org and every ancestor (an approval). */
const approvedStatsSteps = (orgPath: readonly string[], at: string) =>
  statsChangeSteps(orgPath, [{ at, increments: { joins: { approved: 1 } } }]);

/** 12 digits: yyMMdd of joining + 6 random digits; uniqueness is checked by the transaction. */
function newMemberNo(now: Date): string {
  return `${now.toISOString().slice(2, 10).replace(/-/g, '')}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
}

export async function getMember(userId: string): Promise<MemberRecord | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('members'), Key: memberKey(userId), ConsistentRead: true }));
  return Item ? toRecord(Item) : null;
}

export async function findUserIdByPhone(mobile: string): Promise<string | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('members'), Key: phoneKey(mobile), ConsistentRead: true }));
  return Item ? recordOf(Marker, Item).userId : null;
}

export type CreateResult = { created: MemberRecord } | { existing: MemberRecord } | { phoneTaken: true };

/**
 * Creates the membership with its phone and member-number markers in one transaction (and counts it
 * on its join code there). Twenty simultaneous submissions by one person make one membership; a
 * phone already used by someone else is refused by the database, not only by this code.
 * `orgPath` is the path of record.orgId (it lists the membership for the org and its ancestors).
 */
export async function createMember(
  record: Omit<MemberRecord, 'memberNo'>,
  orgPath: readonly string[],
  now = new Date(),
): Promise<CreateResult> {
  // a phone marker whose membership is gone (TTL deletes a returned application's items one by one):
  // taken over, only while it still names that user
  let staleOwner: string | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const member: MemberRecord = { ...record, memberNo: newMemberNo(now) };
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName('members'),
                Item: {
                  ...memberKey(member.userId),
                  ...member,
                  queue: `${member.orgId}#${member.status}`,
                  ...scopeAttributes(orgPath, memberList(member.status), memberListKey(member)),
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: tableName('members'),
                Item: { ...phoneKey(member.mobile), userId: member.userId },
                ...(staleOwner
                  ? {
                      ConditionExpression: 'attribute_not_exists(pk) OR userId = :stale',
                      ExpressionAttributeValues: { ':stale': staleOwner },
                    }
                  : { ConditionExpression: 'attribute_not_exists(pk)' }),
              },
            },
            {
              Put: {
                TableName: tableName('members'),
                Item: { pk: `memberno#${member.memberNo}`, userId: member.userId },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...(member.codeId ? [countJoinOnCode(member.codeId, member)] : []),
            ...joinStatsSteps(member, orgPath),
          ],
        }),
      );
      return { created: member };
    } catch (error) {
      // null when another transaction held one of the items: the loop tries again
      const failed = failedConditions(error);
      if (!failed && !isTransactionConflict(error)) throw error;
      const [memberExists, phoneExists, numberExists] = failed ?? [];
      if (memberExists) {
        const existing = await getMember(record.userId);
        if (existing) return { existing };
      }
      if (phoneExists) {
        const owner = await findUserIdByPhone(record.mobile);
        if (owner === record.userId) {
          const existing = await getMember(record.userId);
          if (existing) return { existing };
        } else if (owner && (await getMember(owner))) return { phoneTaken: true };
        if (owner && !memberExists) {
          staleOwner = owner;
          continue;
        }
      }
      if (numberExists || !failed) {
        await new Promise((r) => setTimeout(r, 20 + randomInt(0, 80)));
        continue; // another member number, or the same person's parallel request: try again
      }
      throw error;
    }
  }
  const existing = await getMember(record.userId);
  if (existing) return { existing };
  throw new Error('could not create membership');
}

export type ReapplyResult = { reapplied: MemberRecord } | { existing: MemberRecord } | { phoneTaken: true } | { gone: true };

/** What a corrected application says: the membership less what it keeps (user, number, history). */
export type Reapplication = Omit<MemberRecord, 'userId' | 'memberNo' | 'history' | 'rejectReason' | 'resubmittedAt'>;

/**
 * Sends a returned (退回) application again, corrected, in ONE transaction conditional on the stored
 * one still being that returned application (status rejected, same joinedAt): the membership is
 * replaced by the new application (`next`: pending, or active through a code that approves
 * automatically; joinedAt = the new submission; the same member number; the history kept and
 * added to; no reason, no TTL), listed in the queue and scope lists of next.orgId (`orgPath` is its
 * path) as createMember lists one; the phone marker loses its TTL or, when the number changed,
 * moves (the new one refused when another member holds it, the old one deleted); the member-number
 * marker loses its TTL; the code's figures move (countReapplyOnCodes: still one join per person).
 * A double tap or a retry makes one application (the others get it as `existing`); a membership
 * that is not returned any more (or is being changed now) is returned as it is. `gone` when it was
 * deleted meanwhile (retention, 注销): the caller makes a new one.
 */
export async function reapplyMember(
  previous: MemberRecord,
  next: Reapplication,
  entries: { at: string; what: string }[],
  orgPath: readonly string[],
): Promise<ReapplyResult> {
  let before = previous;
  let staleOwner: string | undefined;
  let keepOldPhone = false;
  for (let attempt = 0; attempt < 6; attempt++) {
    if (before.status !== 'rejected') return { existing: before };
    const member: MemberRecord = {
      ...next,
      userId: before.userId,
      memberNo: before.memberNo,
      history: [...before.history, ...entries],
      resubmittedAt: next.joinedAt,
    };
    const me = member.userId;
    const phoneMoves = member.mobile !== before.mobile;
    const mineOr = (stale?: string) => ({
      ConditionExpression: `attribute_not_exists(pk) OR userId = :me${stale ? ' OR userId = :stale' : ''}`,
      ExpressionAttributeValues: { ':me': me, ...(stale ? { ':stale': stale } : {}) },
    });
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName('members'),
                Item: {
                  ...memberKey(me),
                  ...member,
                  queue: `${member.orgId}#${member.status}`,
                  ...scopeAttributes(orgPath, memberList(member.status), memberListKey(member)),
                },
                ConditionExpression: '#status = :rejected AND joinedAt = :was',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':rejected': 'rejected', ':was': before.joinedAt },
              },
            },
            // written afresh: no TTL
            { Put: { TableName: tableName('members'), Item: { ...phoneKey(member.mobile), userId: me }, ...mineOr(staleOwner) } },
            { Put: { TableName: tableName('members'), Item: { pk: `memberno#${member.memberNo}`, userId: me }, ...mineOr() } },
            ...(phoneMoves && !keepOldPhone
              ? [{ Delete: { TableName: tableName('members'), Key: phoneKey(before.mobile), ...mineOr() } }]
              : []),
            ...countReapplyOnCodes(before, member),
            // sent again: not a new application (not counted again); approved at once through a code that approves automatically
            ...(member.status === 'active' ? approvedStatsSteps(orgPath, member.joinedAt) : []),
          ],
        }),
      );
      return { reapplied: member };
    } catch (error) {
      // null when another transaction held one of the items (the same person's other tap, say)
      const failed = failedConditions(error);
      if (!failed && !isTransactionConflict(error)) throw error;
      if (!failed || failed[0]) {
        const now = await getMember(me);
        if (!now) return { gone: true };
        before = now; // sent by the other tap (returned at the top), or still returned: again
        if (!failed) await new Promise((r) => setTimeout(r, 20 + randomInt(0, 80)));
        continue;
      }
      if (failed[1]) {
        const owner = await findUserIdByPhone(member.mobile);
        if (owner && owner !== me) {
          if (await getMember(owner)) return { phoneTaken: true };
          staleOwner = owner; // its membership is gone (retention): the marker is taken over
        }
        continue;
      }
      if (phoneMoves && failed[3]) {
        keepOldPhone = true; // the old number is someone else's now: theirs to keep
        continue;
      }
      throw error;
    }
  }
  const now = await getMember(previous.userId);
  return now ? { existing: now } : { gone: true };
}

/**
 * A returned (退回) application is kept this long after the return, then deleted by TTL with its
 * phone and member-number markers (docs/privacy-and-content.md, Retention): the person may apply
 * again with that phone.
 * The code's figures are counters on the code item, so they keep counting it.
 */
export const RETURNED_KEPT_DAYS = 180;
export const returnedExpiresAt = (returnedAt: string) => Math.floor(Date.parse(returnedAt) / 1000) + RETURNED_KEPT_DAYS * 24 * 3600;

/**
 * Changes status (queue, list and the code's figures, in one transaction) only if it is still
 * `from`; appends to the history. `orgPath` is the path of the member's org. A return (to
 * 'rejected') also sets the TTL on the membership and its markers (RETURNED_KEPT_DAYS).
 */
export async function setStatus(
  userId: string,
  from: MembershipStatus,
  to: MembershipStatus,
  orgPath: readonly string[],
  entry: { at: string; what: string; by?: string },
  reason?: string,
): Promise<MemberRecord | null> {
  const member = await getMember(userId);
  if (!member) return null;
  const scope = scopeUpdate(orgPath, memberList(to), memberListKey(member));
  const expiresAt = to === 'rejected' ? returnedExpiresAt(entry.at) : undefined;
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName('members'),
              Key: memberKey(userId),
              UpdateExpression: `SET #status = :to, #queue = :queue, history = list_append(history, :entry), ${scope.set}${reason ? ', rejectReason = :reason' : ''}${expiresAt ? ', expiresAt = :expires' : ''}${scope.remove ? ` REMOVE ${scope.remove}` : ''}`,
              ConditionExpression: '#status = :from AND orgId = :org',
              ExpressionAttributeNames: { '#status': 'status', '#queue': 'queue' },
              ExpressionAttributeValues: {
                ':to': to,
                ':from': from,
                ':org': member.orgId,
                ':queue': `${member.orgId}#${to}`,
                ':entry': [entry],
                ...scope.values,
                ...(reason ? { ':reason': reason } : {}),
                ...(expiresAt ? { ':expires': expiresAt } : {}),
              },
            },
          },
          ...(member.codeId ? [countStatusChangeOnCode(member.codeId, from, to)] : []),
          ...(expiresAt
            ? [phoneKey(member.mobile), { pk: `memberno#${member.memberNo}` }].map((Key) => ({
                Update: {
                  TableName: tableName('members'),
                  Key,
                  UpdateExpression: 'SET expiresAt = :expires',
                  ConditionExpression: 'userId = :me',
                  ExpressionAttributeValues: { ':expires': expiresAt, ':me': userId },
                },
              }))
            : []),
          // an approval counts on its own Beijing day (docs/outreach.md, family joins)
          ...(from === 'pending' && to === 'active' ? approvedStatsSteps(orgPath, entry.at) : []),
        ],
      }),
    );
    return getMember(userId);
  } catch (error) {
    // decided meanwhile (or being decided now): the caller sees the status it has
    if (failedConditions(error)?.[0] || isTransactionConflict(error)) return getMember(userId);
    throw error;
  }
}

/** The member fills in their gender (asked only because some benefits are for women workers). */
export async function setGender(userId: string, gender: Gender): Promise<MemberRecord | null> {
  try {
    const reply = await db().send(
      new UpdateCommand({
        TableName: tableName('members'),
        Key: memberKey(userId),
        UpdateExpression: 'SET gender = :g',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':g': gender },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toRecord(reply.Attributes!);
  } catch (error) {
    if (isConditionFailed(error)) return null;
    throw error;
  }
}

export async function markCardIssued(userId: string, entry: { at: string; what: string; by?: string }): Promise<MemberRecord | null> {
  try {
    const reply = await db().send(
      new UpdateCommand({
        TableName: tableName('members'),
        Key: memberKey(userId),
        UpdateExpression: 'SET cardRequest = :issued, history = list_append(history, :entry)',
        ConditionExpression: 'cardRequest = :requested',
        ExpressionAttributeValues: { ':issued': 'issued', ':requested': 'requested', ':entry': [entry] },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toRecord(reply.Attributes!);
  } catch (error) {
    if (isConditionFailed(error)) return getMember(userId);
    throw error;
  }
}

export interface MemberPage {
  members: MemberRecord[];
  nextCursor?: string;
}

/** One page of the memberships with one status of an org and everything below it, newest first: one Query. */
export async function listMembershipsPage(
  org: Scoped,
  status: MembershipStatus,
  cursor?: string,
  limit = MEMBERS_PAGE,
): Promise<MemberPage> {
  const page = await queryScopePage({ table: 'members', org, list: memberList(status), limit, cursor });
  return { members: page.items.map(toRecord), nextCursor: page.nextCursor };
}

/** A transfer request as stored: the org names are looked up when shown; whose membership moves. */
export const TransferRecord = Transfer.omit({ fromOrgName: true, toOrgName: true }).extend({ userId: Id });
export type TransferRecord = z.infer<typeof TransferRecord>;

const transferKey = (id: string) => ({ pk: `transfer#${id}` });
const transferQueue = (orgId: string, status: string) => `${orgId}#transfer-${status}`;
const transferList = (status: TransferRecord['status']) => `transfer#${status}`;
const transferListKey = (t: Pick<TransferRecord, 'requestedAt' | 'id'>) => `${t.requestedAt}#${t.id}`;

/** `queue` and `joinedAt` only place the request in the byQueue index. */
const toTransfer = (item: Item): TransferRecord => recordOf(TransferRecord, withoutScope(item));

/**
 * One open transfer per member: the id is the member's, so asking twice returns the same request.
 * `toPath` is the receiving org's path: the request is listed for it and its ancestors.
 */
export async function requestTransfer(t: TransferRecord, toPath: readonly string[]): Promise<TransferRecord> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName('members'),
              Item: {
                ...transferKey(t.id),
                ...t,
                queue: transferQueue(t.toOrgId, 'pending'),
                joinedAt: t.requestedAt,
                ...scopeAttributes(toPath, transferList('pending'), transferListKey(t)),
              },
              ConditionExpression: 'attribute_not_exists(pk) OR #status = :accepted',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':accepted': 'accepted' },
            },
          },
        ],
      }),
    );
    return t;
  } catch (error) {
    // an open request exists (or is being written by the same member's other tap): that one stands
    if (!failedConditions(error)?.[0] && !isTransactionConflict(error)) throw error;
    return (await getTransfer(t.id))!;
  }
}

export async function getTransfer(id: string): Promise<TransferRecord | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('members'), Key: transferKey(id), ConsistentRead: true }));
  return Item ? toTransfer(Item) : null;
}

export interface TransferPage {
  transfers: TransferRecord[];
  nextCursor?: string;
}

/** One page of the open transfers into an org and everything below it, newest first: one Query. */
export async function listTransfersPage(org: Scoped, cursor?: string, limit = MEMBERS_PAGE): Promise<TransferPage> {
  const page = await queryScopePage({ table: 'members', org, list: transferList('pending'), limit, cursor });
  return { transfers: page.items.map(toTransfer), nextCursor: page.nextCursor };
}

/**
 * Moves the member and closes the request in one transaction: the membership changes org only if it
 * is still in the org the request came from, so counts per org (byQueue) stay right in both.
 */
export async function acceptTransfer(
  t: TransferRecord,
  by: string,
  toPath: readonly string[],
  now = new Date(),
): Promise<TransferRecord | null> {
  const member = await getMember(t.userId);
  if (!member) return null;
  const at = now.toISOString();
  // both leave the lists of the old org's ancestors that are not the new one's (REMOVE of deeper depths)
  const memberScope = scopeUpdate(toPath, memberList(member.status), memberListKey(member));
  const transferScope = scopeUpdate(toPath, transferList('accepted'), transferListKey(t));
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName('members'),
              Key: memberKey(t.userId),
              UpdateExpression: `SET orgId = :to, #queue = :queue, history = list_append(history, :entry), ${memberScope.set}${memberScope.remove ? ` REMOVE ${memberScope.remove}` : ''}`,
              // the status is part of the list the member moves to: it must not change meanwhile
              ConditionExpression: 'orgId = :from AND #status = :status',
              ExpressionAttributeNames: { '#queue': 'queue', '#status': 'status' },
              ExpressionAttributeValues: {
                ':to': t.toOrgId,
                ':from': t.fromOrgId,
                ':status': member.status,
                ':queue': `${t.toOrgId}#${member.status}`,
                ':entry': [{ at, what: '组织关系已转入新工会', by }],
                ...memberScope.values,
              },
            },
          },
          {
            Update: {
              TableName: tableName('members'),
              Key: transferKey(t.id),
              UpdateExpression: `SET #status = :accepted, acceptedAt = :at, #queue = :queue, ${transferScope.set}${transferScope.remove ? ` REMOVE ${transferScope.remove}` : ''}`,
              ConditionExpression: '#status = :pending',
              ExpressionAttributeNames: { '#status': 'status', '#queue': 'queue' },
              ExpressionAttributeValues: {
                ':accepted': 'accepted',
                ':pending': 'pending',
                ':at': at,
                ':queue': transferQueue(t.toOrgId, 'accepted'),
                ...transferScope.values,
              },
            },
          },
        ],
      }),
    );
    return { ...t, status: 'accepted', acceptedAt: at };
  } catch (error) {
    // the member moved meanwhile, the request was accepted by someone else, or is being accepted now
    if (failedConditions(error)?.some(Boolean) || isTransactionConflict(error)) return null;
    throw error;
  }
}

export async function findUserIdByMemberNo(memberNo: string): Promise<string | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('members'), Key: { pk: `memberno#${memberNo}` } }));
  return Item ? recordOf(Marker, Item).userId : null;
}

// ---- org moves -----------------------------------------------------------------------------------

const RESCOPE_PAGE = 100;
/** Where a rescope stopped: which byQueue partition (index into the list) and DynamoDB's key in it. */
const RescopeCursor = z.strictObject({
  q: z.number().int().min(0).max(10),
  key: z.record(z.string().max(64), z.string().max(1024)).optional(),
});

interface RescopeKind {
  queues: string[];
  /** the attribute that says which org the item is listed for */
  orgAttribute: 'orgId' | 'toOrgId';
  listOf: (item: Item) => { list: string; listKey: string; status: string };
}

/**
 * One page (≤ 100 items, one Query on byQueue) of an org's items rewritten with the scope attributes
 * of its new path, each by a conditional update (still in that org with that status: an item that
 * changed meanwhile was written by its own change). Partitions are walked one after the other.
 */
async function rescopePage(
  kind: RescopeKind,
  orgId: string,
  newPath: string[],
  cursor?: string,
): Promise<{ done: number; nextCursor?: string }> {
  const at = decodeCursor(cursor, RescopeCursor) ?? { q: 0 };
  if (at.q >= kind.queues.length) return { done: 0 };
  const page = await queryPage(
    {
      TableName: tableName('members'),
      IndexName: 'byQueue',
      KeyConditionExpression: '#queue = :queue',
      ExpressionAttributeNames: { '#queue': 'queue' },
      ExpressionAttributeValues: { ':queue': kind.queues[at.q] },
      Limit: RESCOPE_PAGE,
    },
    at.key,
  );
  await Promise.all(
    page.items.map(async (item) => {
      const { list, listKey, status } = kind.listOf(item);
      const u = scopeUpdate(newPath, list, listKey);
      try {
        await db().send(
          new UpdateCommand({
            TableName: tableName('members'),
            Key: { pk: item.pk },
            UpdateExpression: `SET ${u.set}${u.remove ? ` REMOVE ${u.remove}` : ''}`,
            ConditionExpression: '#org = :org AND #status = :status',
            ExpressionAttributeNames: { '#org': kind.orgAttribute, '#status': 'status' },
            ExpressionAttributeValues: { ...u.values, ':org': orgId, ':status': status },
          }),
        );
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
      }
    }),
  );
  const next = page.nextKey
    ? { q: at.q, key: page.nextKey as Record<string, string> }
    : at.q + 1 < kind.queues.length
      ? { q: at.q + 1 }
      : null;
  return { done: page.items.length, nextCursor: next ? encodeCursor(next) : undefined };
}

const ALL_STATUSES: MembershipStatus[] = ['pending', 'active', 'rejected'];

/**
 * After an org moved: rewrites the scope attributes of one page (≤ 100) of the org's memberships
 * (every status) from its new path. Call again with `nextCursor` until there is none; idempotent.
 */
export function rescopeMembersOfOrg(orgId: string, newPath: string[], cursor?: string): Promise<{ done: number; nextCursor?: string }> {
  return rescopePage(
    {
      queues: ALL_STATUSES.map((status) => `${orgId}#${status}`),
      orgAttribute: 'orgId',
      listOf: (item) => {
        const m = toRecord(item);
        return { list: memberList(m.status), listKey: memberListKey(m), status: m.status };
      },
    },
    orgId,
    newPath,
    cursor,
  );
}

/** The same for the transfers into the org (pending and accepted). */
export function rescopeTransfersOfOrg(orgId: string, newPath: string[], cursor?: string): Promise<{ done: number; nextCursor?: string }> {
  return rescopePage(
    {
      queues: (['pending', 'accepted'] as const).map((status) => transferQueue(orgId, status)),
      orgAttribute: 'toOrgId',
      listOf: (item) => {
        const t = toTransfer(item);
        return { list: transferList(t.status), listKey: transferListKey(t), status: t.status };
      },
    },
    orgId,
    newPath,
    cursor,
  );
}

/** Statuses whose members still belong to an org (rejected requests do not keep an org open). */
const HELD_STATUSES: MembershipStatus[] = ['pending', 'active'];

/**
 * How many members an org still holds, counted no further than `atMost` (one COUNT Query per held
 * status, each reading ≤ atMost index keys): enough to say "还有 3 名会员" or "100 多名".
 */
export async function countMembersOfOrg(orgId: string, atMost: number): Promise<number> {
  const counts = await Promise.all(
    HELD_STATUSES.map(async (status) => {
      const page = await queryPage({
        TableName: tableName('members'),
        IndexName: 'byQueue',
        KeyConditionExpression: '#queue = :queue',
        ExpressionAttributeNames: { '#queue': 'queue' },
        ExpressionAttributeValues: { ':queue': `${orgId}#${status}` },
        Select: 'COUNT',
        Limit: atMost,
      });
      return page.scanned;
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * Moves up to `limit` members (pending or active) of one org to another (its parent, when the org
 * closes): one Query and ≤ limit conditional updates (a member already moved is skipped). Returns
 * how many moved; fewer than `limit` means none are left.
 */
export async function moveMembersOfOrg(
  fromOrgId: string,
  to: Scoped,
  limit: number,
  entry: { at: string; what: string; by?: string },
): Promise<number> {
  let moved = 0;
  for (const status of HELD_STATUSES) {
    if (moved >= limit) break;
    const page = await queryPage({
      TableName: tableName('members'),
      IndexName: 'byQueue',
      KeyConditionExpression: '#queue = :queue',
      ExpressionAttributeNames: { '#queue': 'queue' },
      ExpressionAttributeValues: { ':queue': `${fromOrgId}#${status}` },
      Limit: limit - moved,
    });
    await Promise.all(
      page.items.map(async (item) => {
        const member = toRecord(item);
        // listed for the new org's ancestors from now on (scope attributes from its path)
        const scope = scopeUpdate(to.path, memberList(status), memberListKey(member));
        try {
          await db().send(
            new UpdateCommand({
              TableName: tableName('members'),
              Key: memberKey(member.userId),
              UpdateExpression: `SET orgId = :to, #queue = :queue, history = list_append(history, :entry), ${scope.set}${scope.remove ? ` REMOVE ${scope.remove}` : ''}`,
              ConditionExpression: 'orgId = :from AND #status = :status',
              ExpressionAttributeNames: { '#queue': 'queue', '#status': 'status' },
              ExpressionAttributeValues: {
                ...scope.values,
                ':to': to.id,
                ':from': fromOrgId,
                ':status': status,
                ':queue': `${to.id}#${status}`,
                ':entry': [entry],
              },
            }),
          );
        } catch (error) {
          if (!isConditionFailed(error)) throw error;
        }
      }),
    );
    moved += page.items.length;
  }
  return moved;
}

// ---- 更正信息 ------------------------------------------------------------------------------------

/** The membership's TTL (set on a returned application), read as stored: the record leaves it out. */
async function memberExpiresAt(userId: string): Promise<number | undefined> {
  const { Item } = await db().send(
    new GetCommand({ TableName: tableName('members'), Key: memberKey(userId), ConsistentRead: true, ProjectionExpression: 'expiresAt' }),
  );
  return typeof Item?.expiresAt === 'number' ? Item.expiresAt : undefined;
}

export type Correction = { name?: string; mobile?: string; employer?: string };

/**
 * Corrects the member's name, phone or employer in one transaction (≤ 4 items): the membership
 * (conditional on it being as read), the phone marker moved to the new number (refused when
 * someone else holds it), and the display name on the user when it showed the old name.
 * 'phone-taken' when the new number is another member's; 'changed' when the membership changed meanwhile.
 */
export async function correctMember(
  member: MemberRecord,
  correction: Correction,
  entry: { at: string; what: string },
  /** the user's display name showed the member's name: it is corrected too */
  displayNameToo = false,
): Promise<{ ok: MemberRecord } | { refused: 'phone-taken' | 'changed' }> {
  const sets: string[] = ['history = list_append(history, :entry)'];
  const values: Record<string, unknown> = { ':entry': [entry], ':oldMobile': member.mobile, ':oldName': member.name };
  if (correction.name !== undefined) {
    sets.push('#name = :name');
    values[':name'] = correction.name;
  }
  if (correction.employer !== undefined) {
    sets.push('employer = :employer');
    values[':employer'] = correction.employer;
  }
  const phoneMoves = correction.mobile !== undefined && correction.mobile !== member.mobile;
  if (phoneMoves) {
    sets.push('mobile = :mobile');
    values[':mobile'] = correction.mobile;
  }
  // a returned application (and its markers) is deleted by TTL: the new phone marker gets the same
  // expiresAt, so it does not outlive the application (the update is conditional on it, like the rest)
  const expiresAt = phoneMoves ? await memberExpiresAt(member.userId) : undefined;
  if (expiresAt !== undefined) values[':expires'] = expiresAt;
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName('members'),
              Key: memberKey(member.userId),
              UpdateExpression: `SET ${sets.join(', ')}`,
              ConditionExpression: `mobile = :oldMobile AND #name = :oldName${
                !phoneMoves ? '' : expiresAt === undefined ? ' AND attribute_not_exists(expiresAt)' : ' AND expiresAt = :expires'
              }`,
              ExpressionAttributeNames: { '#name': 'name' },
              ExpressionAttributeValues: values,
            },
          },
          ...(phoneMoves
            ? [
                {
                  Put: {
                    TableName: tableName('members'),
                    Item: { ...phoneKey(correction.mobile!), userId: member.userId, ...(expiresAt !== undefined ? { expiresAt } : {}) },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
                { Delete: { TableName: tableName('members'), Key: phoneKey(member.mobile) } },
              ]
            : []),
          ...(displayNameToo && correction.name ? [displayNameCorrection(member.userId, member.name, correction.name)] : []),
        ],
      }),
    );
  } catch (error) {
    const failed = failedConditions(error);
    if (failed?.[1] && phoneMoves) {
      const owner = await findUserIdByPhone(correction.mobile!);
      if (owner !== member.userId) return { refused: 'phone-taken' };
    }
    if (failed?.some(Boolean) || isTransactionConflict(error)) return { refused: 'changed' };
    throw error;
  }
  return { ok: (await getMember(member.userId))! };
}
