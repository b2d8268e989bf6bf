import { createHash, randomUUID } from 'node:crypto';
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type BatchGetCommandOutput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { Id, Instant } from '../../shared/schemas/common';
import { Me } from '../../shared/schemas/session';
import { db, tableName } from '../lib/db';
import { StaffRole } from '../../shared/schemas/invitation';
import { failedConditions, isConditionFailed, isTransactionConflict, queryPage, recordOf, type Item, type StartKey } from '../lib/dynamo';

/**
 * users table. Two kinds of item share one key attribute:
 *   user#<userId>          the person: role, display name, the org a staff member acts for
 *   wx#<openidHash>        WeChat identity → userId; its key makes one WeChat account one user
 *   invite#<id>            a staff invitation: role, org, inviter, validUntil, the sha256 of its secret,
 *                          usedBy once accepted; `expiresAt` (epoch seconds) purges it 30 days after
 *   admins#<districtId>    how many admins act within a district (the city union counts as its own):
 *                          a revoke decrements it only while > 1, so the last admin stays
 *   deleted#<sha256>       the account was deleted (注销): worker tokens are refused; TTL 25 hours
 * The person's item also keeps `openidHash` (never returned: User drops it), so 注销 can delete wx#<hash>.
 * 注销's tasks (erasure#) live in functions/account/erasure.ts, the export markers (export#) in data-export.ts,
 * the list of a person's export folders (exports#<hash>, TTL 3 days) in export-keys.ts, and the openid with
 * the subscribe-message allowances (notify#<userId>) in notify.ts.
 * Keys stay inside this module.
 */

/** The person as stored: what the app is told about them (unmasked), and when they first signed in. */
export const User = Me.extend({
  actingOrgId: Me.shape.actingOrgId.default(null),
  createdAt: Instant,
  /** bumped by every role change and revoke: session tokens minted before it are refused on staff routes */
  sessionVersion: z.number().int().nonnegative().default(0),
  /** 《工会服务用户隐私保护指引》: the version last agreed to and when; a withdrawal clears the version and keeps its time */
  privacyConsentVersion: z.string().nullable().default(null),
  privacyConsentedAt: Instant.nullable().default(null),
  privacyWithdrawnAt: Instant.nullable().default(null),
});
export type User = z.infer<typeof User>;
/** A WeChat identity: the user it signs in as. */
const Identity = z.object({ userId: Id });

const userKey = (id: string) => ({ pk: `user#${id}` });
const identityKey = (openidHash: string) => ({ pk: `wx#${openidHash}` });

const toUser = (item: Item): User => recordOf(User, item);

/** A user as stored: staff and admins also carry `staffOrg`, the key of the byStaffOrg index (sparse: workers stay out). */
const userItem = (user: User): Item => ({
  ...userKey(user.id),
  ...user,
  ...(user.role !== 'worker' && user.actingOrgId ? { staffOrg: user.actingOrgId } : {}),
});

export async function getUser(id: string): Promise<User | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('users'), Key: userKey(id) }));
  return Item ? toUser(Item) : null;
}

/**
 * Several users by id (BatchGetItem, at most 100 ids: one request unless DynamoDB leaves keys
 * unprocessed, which are asked again). Missing ids are left out.
 */
export async function getUsers(ids: readonly string[]): Promise<User[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  if (unique.length > 100) throw new Error('getUsers takes at most 100 ids');
  const table = tableName('users');
  const found: User[] = [];
  let keys: Item[] | undefined = unique.map(userKey);
  while (keys && keys.length > 0) {
    const reply: BatchGetCommandOutput = await db().send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }));
    found.push(...(reply.Responses?.[table] ?? []).map(toUser));
    keys = reply.UnprocessedKeys?.[table]?.Keys;
  }
  return found;
}

async function findUserByIdentity(openidHash: string): Promise<User | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('users'), Key: identityKey(openidHash), ConsistentRead: true }));
  if (!Item) return null;
  const { Item: person } = await db().send(
    new GetCommand({ TableName: tableName('users'), Key: userKey(recordOf(Identity, Item).userId), ConsistentRead: true }),
  );
  if (!person) return null;
  // 注销 deletes the identity item by this hash: a user from before it was kept on the person learns it now (once)
  if (person.openidHash !== openidHash) await rememberIdentityHash(String(person.id), openidHash);
  return toUser(person);
}

/** Keeps the identity's hash on the person (never returned: User drops it), so 注销 can delete wx#<hash>. */
async function rememberIdentityHash(userId: string, openidHash: string): Promise<void> {
  await db()
    .send(
      new UpdateCommand({
        TableName: tableName('users'),
        Key: userKey(userId),
        UpdateExpression: 'SET openidHash = :hash',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':hash': openidHash },
      }),
    )
    .catch((error) => {
      if (!isConditionFailed(error)) throw error;
    });
}

/** The hash of the WeChat identity the person signs in with (null for a user from before it was kept). */
export async function getIdentityHashOf(userId: string): Promise<string | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('users'), Key: userKey(userId), ConsistentRead: true }));
  return typeof Item?.openidHash === 'string' ? Item.openidHash : null;
}

/**
 * The user behind a WeChat identity, created as a worker on first sign-in. The identity item is
 * written with a condition in the same transaction as the user, so simultaneous first logins of
 * one person still make exactly one user.
 */
export async function findOrCreateUserByIdentity(openidHash: string, now = new Date()): Promise<User> {
  const existing = await findUserByIdentity(openidHash);
  if (existing) return existing;
  const user: User = {
    id: randomUUID(),
    role: 'worker',
    displayName: '微信用户',
    actingOrgId: null,
    createdAt: now.toISOString(),
    sessionVersion: 0,
    privacyConsentVersion: null,
    privacyConsentedAt: null,
    privacyWithdrawnAt: null,
  };
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName('users'),
              Item: { ...identityKey(openidHash), userId: user.id, createdAt: user.createdAt },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: tableName('users'), Item: { ...userItem(user), openidHash } } },
        ],
      }),
    );
    return user;
  } catch (error) {
    // the same person's simultaneous first login wrote the identity first: theirs is the user
    if (failedConditions(error)?.[0] || isTransactionConflict(error)) {
      const winner = await findUserByIdentity(openidHash);
      if (winner) return winner;
    }
    throw error;
  }
}

/** Demo data and admin tooling: put a user with a known identity (idempotent). */
export async function putUserWithIdentity(given: z.input<typeof User>, openidHash: string): Promise<void> {
  const user = User.parse(given);
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: tableName('users'), Item: { ...identityKey(openidHash), userId: user.id, createdAt: user.createdAt } } },
        { Put: { TableName: tableName('users'), Item: { ...userItem(user), openidHash } } },
      ],
    }),
  );
}

/**
 * Records that the person agreed to a version of the privacy guideline. Agreeing again to the version
 * already held changes nothing (a retry keeps the first time); a new version replaces it. False when
 * the user does not exist.
 */
export async function recordPrivacyConsent(userId: string, version: string, now = new Date()): Promise<User | null> {
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: tableName('users'),
        Key: userKey(userId),
        UpdateExpression: 'SET privacyConsentVersion = :version, privacyConsentedAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(privacyConsentVersion) OR privacyConsentVersion <> :version)',
        ExpressionAttributeValues: { ':version': version, ':now': now.toISOString() },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toUser(Attributes!);
  } catch (error) {
    if (isConditionFailed(error)) return getUser(userId); // already agreed to this version, or no such user
    throw error;
  }
}

/** Records a withdrawal of consent: the version is cleared, the time of the withdrawal kept. Idempotent. */
export async function withdrawPrivacyConsent(userId: string, now = new Date()): Promise<User | null> {
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: tableName('users'),
        Key: userKey(userId),
        UpdateExpression: 'SET privacyConsentVersion = :null, privacyWithdrawnAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND attribute_exists(privacyConsentVersion) AND privacyConsentVersion <> :null',
        ExpressionAttributeValues: { ':null': null, ':now': now.toISOString() },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toUser(Attributes!);
  } catch (error) {
    if (isConditionFailed(error)) return getUser(userId); // nothing to withdraw (never agreed, or already withdrawn)
    throw error;
  }
}

type Tx = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const inviteKey = (id: string) => ({ pk: `invite#${id}` });
const adminCountKey = (districtId: string) => ({ pk: `admins#${districtId}` });

/** An invitation as stored; `secretHash` stays inside this module and the accept check. */
export const InvitationRecord = z.object({
  id: Id,
  role: StaffRole,
  orgId: Id,
  /** the district (or city) the org lies in: the admin counter an accepted admin invitation bumps */
  districtId: Id,
  invitedBy: Id,
  createdAt: Instant,
  validUntil: Instant,
  status: z.enum(['active', 'revoked']),
  secretHash: z.string(),
  usedBy: Id.optional(),
  usedAt: Instant.optional(),
});
export type InvitationRecord = z.infer<typeof InvitationRecord>;

const PURGE_AFTER_SECONDS = 30 * 24 * 3600;

export async function putInvitation(invitation: InvitationRecord): Promise<void> {
  const purgeAt = Math.floor(new Date(invitation.validUntil).getTime() / 1000) + PURGE_AFTER_SECONDS;
  await db().send(
    new PutCommand({
      TableName: tableName('users'),
      Item: { ...inviteKey(invitation.id), ...invitation, expiresAt: purgeAt },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getInvitation(id: string): Promise<InvitationRecord | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('users'), Key: inviteKey(id), ConsistentRead: true }));
  return Item ? recordOf(InvitationRecord, Item) : null;
}

/** Withdraws an unused invitation; false when it was used (or withdrawn) meanwhile. */
export async function withdrawInvitation(id: string, by: string, now = new Date()): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName('users'),
        Key: inviteKey(id),
        UpdateExpression: 'SET #status = :revoked, revokedBy = :by, revokedAt = :now',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedBy) AND #status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':revoked': 'revoked', ':active': 'active', ':by': by, ':now': now.toISOString() },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

/** Why an accept failed, read after the fact. */
export type AcceptRefusal = 'used' | 'expired' | 'revoked' | 'wrong-secret' | 'not-a-worker' | 'missing';

/**
 * Accepting an invitation, in one transaction: the invitation must be unused, unexpired, active and
 * match the secret; the user must still be a worker. The user gets the role and org, the name they
 * gave as their display name, a new sessionVersion, and (for an admin) the district's admin counter
 * grows. Exactly one of any number of simultaneous accepts wins; the others are told why they lost.
 * The winner asking again (a retry whose answer was lost) is answered as before, `again: true`, as
 * long as they still hold what it granted; nothing changes.
 */
export async function acceptInvitation(
  id: string,
  secretHash: string,
  userId: string,
  displayName: string,
  now = new Date(),
): Promise<{ ok: true; user: User; again?: true } | { ok: false; reason: AcceptRefusal }> {
  const invitation = await getInvitation(id);
  if (!invitation) return { ok: false, reason: 'missing' };
  const at = now.toISOString();
  const items: Tx[] = [
    {
      Update: {
        TableName: tableName('users'),
        Key: inviteKey(id),
        UpdateExpression: 'SET usedBy = :user, usedAt = :now',
        ConditionExpression: 'attribute_not_exists(usedBy) AND validUntil > :now AND #status = :active AND secretHash = :hash',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':user': userId, ':now': at, ':active': 'active', ':hash': secretHash },
      },
    },
    {
      Update: {
        TableName: tableName('users'),
        Key: userKey(userId),
        UpdateExpression: 'SET #role = :role, actingOrgId = :org, staffOrg = :org, displayName = :name ADD sessionVersion :one',
        ConditionExpression: 'attribute_exists(pk) AND #role = :worker',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: {
          ':role': invitation.role,
          ':org': invitation.orgId,
          ':name': displayName,
          ':one': 1,
          ':worker': 'worker',
        },
      },
    },
  ];
  if (invitation.role === 'admin') {
    items.push({
      Update: {
        TableName: tableName('users'),
        Key: adminCountKey(invitation.districtId),
        UpdateExpression: 'ADD adminCount :one',
        ExpressionAttributeValues: { ':one': 1 },
      },
    });
  }
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    const failed = failedConditions(error);
    if (!failed && !isTransactionConflict(error)) throw error;
    if (failed?.[1] && !failed[0]) return { ok: false, reason: 'not-a-worker' };
    // a conflict or the invitation's condition: read it again to say which
    const latest = await getInvitation(id);
    if (!latest) return { ok: false, reason: 'missing' };
    if (latest.usedBy === userId && latest.secretHash === secretHash) {
      const user = await getUser(userId);
      if (user && user.role === latest.role && user.actingOrgId === latest.orgId) return { ok: true, user, again: true };
    }
    if (latest.usedBy) return { ok: false, reason: 'used' };
    if (latest.status !== 'active') return { ok: false, reason: 'revoked' };
    if (latest.validUntil <= at) return { ok: false, reason: 'expired' };
    if (latest.secretHash !== secretHash) return { ok: false, reason: 'wrong-secret' };
    if (failed?.[1]) return { ok: false, reason: 'not-a-worker' };
    return { ok: false, reason: 'used' }; // lost a race to another accept
  }
  const user = await getUser(userId);
  if (!user) throw new Error(`user ${userId} vanished after accepting an invitation`);
  return { ok: true, user };
}

/** One page of the staff and admins acting directly for an org (byStaffOrg, one Query). */
export async function listStaffOfOrg(orgId: string, startKey?: StartKey, limit = 20): Promise<{ users: User[]; nextKey: StartKey }> {
  const page = await queryPage(
    {
      TableName: tableName('users'),
      IndexName: 'byStaffOrg',
      KeyConditionExpression: 'staffOrg = :org',
      ExpressionAttributeValues: { ':org': orgId },
      Limit: limit,
    },
    startKey,
  );
  return { users: page.items.map(toUser), nextKey: page.nextKey };
}

/**
 * Revokes a staff member or admin as they were read (role and org unchanged since): back to worker,
 * sessionVersion bumped so their next request is refused. Revoking an admin decrements their
 * district's admin counter, only while it is above 1. Returns false when that counter refused.
 */
export async function revokeStaffRole(user: User, districtId: string): Promise<'revoked' | 'last-admin' | 'changed'> {
  const items: Tx[] = [
    {
      Update: {
        TableName: tableName('users'),
        Key: userKey(user.id),
        UpdateExpression: 'SET #role = :worker, actingOrgId = :null REMOVE staffOrg ADD sessionVersion :one',
        ConditionExpression: '#role = :role AND actingOrgId = :org',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':worker': 'worker', ':null': null, ':one': 1, ':role': user.role, ':org': user.actingOrgId },
      },
    },
  ];
  if (user.role === 'admin') {
    items.push({
      Update: {
        TableName: tableName('users'),
        Key: adminCountKey(districtId),
        UpdateExpression: 'ADD adminCount :minus',
        ConditionExpression: 'adminCount > :one',
        ExpressionAttributeValues: { ':minus': -1, ':one': 1 },
      },
    });
  }
  try {
    await db().send(new TransactWriteCommand({ TransactItems: items }));
    return 'revoked';
  } catch (error) {
    const failed = failedConditions(error);
    if (failed?.[0]) return 'changed';
    if (failed?.[1]) return 'last-admin';
    throw error;
  }
}

/**
 * Makes an existing user admin of an org, outside any invitation: the bootstrap of a stage's first
 * admin (scripts/bootstrap-admin.ts). Bumps their sessionVersion and the district's admin counter.
 */
export async function makeAdmin(userId: string, orgId: string, districtId: string): Promise<User> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: tableName('users'),
            Key: userKey(userId),
            UpdateExpression: 'SET #role = :admin, actingOrgId = :org, staffOrg = :org ADD sessionVersion :one',
            ConditionExpression: 'attribute_exists(pk) AND #role <> :admin',
            ExpressionAttributeNames: { '#role': 'role' },
            ExpressionAttributeValues: { ':admin': 'admin', ':org': orgId, ':one': 1 },
          },
        },
        {
          Update: {
            TableName: tableName('users'),
            Key: adminCountKey(districtId),
            UpdateExpression: 'ADD adminCount :one',
            ExpressionAttributeValues: { ':one': 1 },
          },
        },
      ],
    }),
  );
  return (await getUser(userId))!;
}

/**
 * 更正信息: the transaction item that carries a corrected name to the person's display name, where
 * it showed the old one (staff name themselves when they accept an invitation; a worker's stays 微信用户).
 */
export function displayNameCorrection(userId: string, oldName: string, newName: string): Tx {
  return {
    Update: {
      TableName: tableName('users'),
      Key: userKey(userId),
      UpdateExpression: 'SET displayName = :new',
      ConditionExpression: 'attribute_exists(pk) AND displayName = :old',
      ExpressionAttributeValues: { ':new': newName, ':old': oldName },
    },
  };
}

// ---- 注销 -----------------------------------------------------------------------------------------

/**
 * deleted#<sha256(userId)>: the account was deleted; worker tokens minted before are refused
 * (lib/http/handler). Kept by TTL for a token's lifetime and an hour more, then nothing is left.
 */
const deletedKey = (userId: string) => ({ pk: `deleted#${createHash('sha256').update(`deleted:${userId}`).digest('hex')}` });
const DELETED_MARKER_SECONDS = 25 * 3600;

/** The transaction item that marks the account deleted (functions/account/erasure.ts). */
export function accountDeletedMarker(userId: string, now: Date): Tx {
  return {
    Put: {
      TableName: tableName('users'),
      Item: { ...deletedKey(userId), expiresAt: Math.floor(now.getTime() / 1000) + DELETED_MARKER_SECONDS },
    },
  };
}

/** One GetItem: was this account deleted (within a token's lifetime)? */
export async function isAccountDeleted(userId: string): Promise<boolean> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('users'), Key: deletedKey(userId), ConsistentRead: true }));
  return Boolean(Item);
}
