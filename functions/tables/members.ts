import { createHash, randomInt } from 'node:crypto';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { Id } from '../../shared/schemas/common';
import { Membership, Transfer, type Gender, type MembershipStatus } from '../../shared/schemas/membership';
import { db, tableName } from '../lib/db';
import { failedConditions, isConditionFailed, isTransactionConflict, queryAll, recordOf, type Item } from '../lib/dynamo';

/**
 * members table (pk only):
 *   member#<userId>      the membership: one per user (the key makes one WeChat identity one member)
 *   phone#<sha256>       → userId: one membership per mobile number, enforced by a conditional put
 *   memberno#<no>        → userId: member numbers never repeat
 * byQueue (queue = <orgId>#<status>, joinedAt): review queues and counts per org;
 * byCode (codeId, joinedAt): per-code figures.
 */

/** The membership as stored: what its member sees, less the org's name, plus whose it is and the event it came from. */
export const MemberRecord = Membership.omit({ orgName: true }).extend({
  userId: Id,
  eventTitle: z.string().optional(),
});
export type MemberRecord = z.infer<typeof MemberRecord>;

/** A phone or member-number marker: the user it belongs to. */
const Marker = z.object({ userId: Id });

const memberKey = (userId: string) => ({ pk: `member#${userId}` });
const phoneKey = (mobile: string) => ({ pk: `phone#${createHash('sha256').update(mobile).digest('hex')}` });

const toRecord = (item: Item): MemberRecord => recordOf(MemberRecord, item);

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
 * Creates the membership with its phone and member-number markers in one transaction. Twenty
 * simultaneous submissions by one person make one membership; a phone already used by someone
 * else is refused by the database, not only by this code.
 */
export async function createMember(record: Omit<MemberRecord, 'memberNo'>, now = new Date()): Promise<CreateResult> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const member: MemberRecord = { ...record, memberNo: newMemberNo(now) };
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName('members'),
                Item: { ...memberKey(member.userId), ...member, queue: `${member.orgId}#${member.status}` },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: tableName('members'),
                Item: { ...phoneKey(member.mobile), userId: member.userId },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: tableName('members'),
                Item: { pk: `memberno#${member.memberNo}`, userId: member.userId },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
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
        } else if (owner) return { phoneTaken: true };
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

/** Changes status (and queue) only if it is still `from`; appends to the history. */
export async function setStatus(
  userId: string,
  from: MembershipStatus,
  to: MembershipStatus,
  entry: { at: string; what: string; by?: string },
  reason?: string,
): Promise<MemberRecord | null> {
  const member = await getMember(userId);
  if (!member) return null;
  try {
    const reply = await db().send(
      new UpdateCommand({
        TableName: tableName('members'),
        Key: memberKey(userId),
        UpdateExpression: `SET #status = :to, #queue = :queue, history = list_append(history, :entry)${reason ? ', rejectReason = :reason' : ''}`,
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: { '#status': 'status', '#queue': 'queue' },
        ExpressionAttributeValues: {
          ':to': to,
          ':from': from,
          ':queue': `${member.orgId}#${to}`,
          ':entry': [entry],
          ...(reason ? { ':reason': reason } : {}),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toRecord(reply.Attributes!);
  } catch (error) {
    if (isConditionFailed(error)) return getMember(userId);
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

/** An org's members with one status, newest first. */
export async function listMembersByQueue(orgId: string, status: MembershipStatus): Promise<MemberRecord[]> {
  const items = await queryAll({
    TableName: tableName('members'),
    IndexName: 'byQueue',
    KeyConditionExpression: '#queue = :queue',
    ExpressionAttributeNames: { '#queue': 'queue' },
    ExpressionAttributeValues: { ':queue': `${orgId}#${status}` },
    ScanIndexForward: false,
  });
  return items.map(toRecord);
}

/** Everyone who joined through one code. */
export async function listMembersByCode(codeId: string): Promise<MemberRecord[]> {
  const items = await queryAll({
    TableName: tableName('members'),
    IndexName: 'byCode',
    KeyConditionExpression: 'codeId = :code',
    ExpressionAttributeValues: { ':code': codeId },
  });
  return items.map(toRecord);
}

/** A transfer request as stored: the org names are looked up when shown; whose membership moves. */
export const TransferRecord = Transfer.omit({ fromOrgName: true, toOrgName: true }).extend({ userId: Id });
export type TransferRecord = z.infer<typeof TransferRecord>;

const transferKey = (id: string) => ({ pk: `transfer#${id}` });
const transferQueue = (orgId: string, status: string) => `${orgId}#transfer-${status}`;

/** `queue` and `joinedAt` only place the request in the byQueue index. */
const toTransfer = (item: Item): TransferRecord => recordOf(TransferRecord, item);

/** One open transfer per member: the id is the member's, so asking twice returns the same request. */
export async function requestTransfer(t: TransferRecord): Promise<TransferRecord> {
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName('members'),
              Item: { ...transferKey(t.id), ...t, queue: transferQueue(t.toOrgId, 'pending'), joinedAt: t.requestedAt },
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

export async function listTransfersInto(orgId: string): Promise<TransferRecord[]> {
  const items = await queryAll({
    TableName: tableName('members'),
    IndexName: 'byQueue',
    KeyConditionExpression: '#queue = :queue',
    ExpressionAttributeNames: { '#queue': 'queue' },
    ExpressionAttributeValues: { ':queue': transferQueue(orgId, 'pending') },
    ScanIndexForward: false,
  });
  return items.map(toTransfer);
}

/**
 * Moves the member and closes the request in one transaction: the membership changes org only if it
 * is still in the org the request came from, so counts per org (byQueue) stay right in both.
 */
export async function acceptTransfer(t: TransferRecord, by: string, now = new Date()): Promise<TransferRecord | null> {
  const member = await getMember(t.userId);
  if (!member) return null;
  const at = now.toISOString();
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName('members'),
              Key: memberKey(t.userId),
              UpdateExpression: 'SET orgId = :to, #queue = :queue, history = list_append(history, :entry)',
              ConditionExpression: 'orgId = :from',
              ExpressionAttributeNames: { '#queue': 'queue' },
              ExpressionAttributeValues: {
                ':to': t.toOrgId,
                ':from': t.fromOrgId,
                ':queue': `${t.toOrgId}#${member.status}`,
                ':entry': [{ at, what: '组织关系已转入新工会', by }],
              },
            },
          },
          {
            Update: {
              TableName: tableName('members'),
              Key: transferKey(t.id),
              UpdateExpression: 'SET #status = :accepted, acceptedAt = :at, #queue = :queue',
              ConditionExpression: '#status = :pending',
              ExpressionAttributeNames: { '#status': 'status', '#queue': 'queue' },
              ExpressionAttributeValues: {
                ':accepted': 'accepted',
                ':pending': 'pending',
                ':at': at,
                ':queue': transferQueue(t.toOrgId, 'accepted'),
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
