import { createHash, randomInt } from 'node:crypto';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { Gender, MembershipStatus, Occupation } from '../../shared/schemas/membership';
import { db, tableName } from '../lib/db';

/**
 * members table (pk only):
 *   member#<userId>      the membership: one per user (the key makes one WeChat identity one member)
 *   phone#<sha256>       → userId: one membership per mobile number, enforced by a conditional put
 *   memberno#<no>        → userId: member numbers never repeat
 * byQueue (queue = <orgId>#<status>, joinedAt): review queues and counts per org;
 * byCode (codeId, joinedAt): per-code figures.
 */
export interface MemberRecord {
  userId: string;
  memberNo: string;
  name: string;
  mobile: string;
  employer: string;
  occupation: Occupation;
  newEmploymentForm: boolean;
  /** optional; only used for 女职工 benefits */
  gender?: Gender;
  orgId: string;
  status: MembershipStatus;
  rejectReason?: string;
  joinedAt: string;
  codeId?: string;
  eventTitle?: string;
  cardRequest: 'none' | 'requested' | 'issued';
  history: { at: string; what: string; by?: string }[];
}

const memberKey = (userId: string) => ({ pk: `member#${userId}` });
const phoneKey = (mobile: string) => ({ pk: `phone#${createHash('sha256').update(mobile).digest('hex')}` });

function toRecord(item: Record<string, unknown>): MemberRecord {
  const { pk: _pk, queue: _q, ...record } = item;
  return record as unknown as MemberRecord;
}

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
  return (Item?.userId as string | undefined) ?? null;
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
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [memberExists, phoneExists, numberExists] = (error.CancellationReasons ?? []).map((r) => r.Code === 'ConditionalCheckFailed');
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
      if (numberExists || (error.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict')) {
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
    if ((error as Error).name === 'ConditionalCheckFailedException') return getMember(userId);
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
    if ((error as Error).name === 'ConditionalCheckFailedException') return null;
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
    if ((error as Error).name === 'ConditionalCheckFailedException') return getMember(userId);
    throw error;
  }
}

async function queryAll(input: ConstructorParameters<typeof QueryCommand>[0]): Promise<MemberRecord[]> {
  const out: MemberRecord[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const reply: QueryCommandOutput = await db().send(new QueryCommand({ ...input, ExclusiveStartKey: cursor }));
    out.push(...(reply.Items ?? []).map(toRecord));
    cursor = reply.LastEvaluatedKey;
  } while (cursor);
  return out;
}

/** An org's members with one status, newest first. */
export function listMembersByQueue(orgId: string, status: MembershipStatus): Promise<MemberRecord[]> {
  return queryAll({
    TableName: tableName('members'),
    IndexName: 'byQueue',
    KeyConditionExpression: '#queue = :queue',
    ExpressionAttributeNames: { '#queue': 'queue' },
    ExpressionAttributeValues: { ':queue': `${orgId}#${status}` },
    ScanIndexForward: false,
  });
}

/** Everyone who joined through one code. */
export function listMembersByCode(codeId: string): Promise<MemberRecord[]> {
  return queryAll({
    TableName: tableName('members'),
    IndexName: 'byCode',
    KeyConditionExpression: 'codeId = :code',
    ExpressionAttributeValues: { ':code': codeId },
  });
}

export interface TransferRecord {
  id: string;
  userId: string;
  memberNo: string;
  name: string;
  fromOrgId: string;
  toOrgId: string;
  status: 'pending' | 'accepted';
  requestedAt: string;
  acceptedAt?: string;
}

const transferKey = (id: string) => ({ pk: `transfer#${id}` });
const transferQueue = (orgId: string, status: string) => `${orgId}#transfer-${status}`;

function toTransfer(item: Record<string, unknown>): TransferRecord {
  const { pk: _pk, queue: _q, joinedAt: _j, ...t } = item;
  return t as unknown as TransferRecord;
}

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
    if (!(error instanceof TransactionCanceledException)) throw error;
    return (await getTransfer(t.id))!;
  }
}

export async function getTransfer(id: string): Promise<TransferRecord | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('members'), Key: transferKey(id), ConsistentRead: true }));
  return Item ? toTransfer(Item) : null;
}

export async function listTransfersInto(orgId: string): Promise<TransferRecord[]> {
  const reply: QueryCommandOutput = await db().send(
    new QueryCommand({
      TableName: tableName('members'),
      IndexName: 'byQueue',
      KeyConditionExpression: '#queue = :queue',
      ExpressionAttributeNames: { '#queue': 'queue' },
      ExpressionAttributeValues: { ':queue': transferQueue(orgId, 'pending') },
      ScanIndexForward: false,
    }),
  );
  return (reply.Items ?? []).map(toTransfer);
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
    if (error instanceof TransactionCanceledException) return null;
    throw error;
  }
}

export async function findUserIdByMemberNo(memberNo: string): Promise<string | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('members'), Key: { pk: `memberno#${memberNo}` } }));
  return (Item?.userId as string | undefined) ?? null;
}
