import { randomUUID } from 'node:crypto';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { Id, Instant } from '../../shared/schemas/common';
import { Me } from '../../shared/schemas/session';
import { db, tableName } from '../lib/db';
import { failedConditions, isTransactionConflict, recordOf, type Item } from '../lib/dynamo';

/**
 * users table. Two kinds of item share one key attribute:
 *   user#<userId>          the person: role, display name, the org a staff member acts for
 *   wx#<openidHash>        WeChat identity → userId; its key makes one WeChat account one user
 * Keys stay inside this module.
 */

/** The person as stored: what the app is told about them (unmasked), and when they first signed in. */
export const User = Me.extend({ actingOrgId: Me.shape.actingOrgId.default(null), createdAt: Instant });
export type User = z.infer<typeof User>;
/** A WeChat identity: the user it signs in as. */
const Identity = z.object({ userId: Id });

const userKey = (id: string) => ({ pk: `user#${id}` });
const identityKey = (openidHash: string) => ({ pk: `wx#${openidHash}` });

const toUser = (item: Item): User => recordOf(User, item);

export async function getUser(id: string): Promise<User | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('users'), Key: userKey(id) }));
  return Item ? toUser(Item) : null;
}

async function findUserByIdentity(openidHash: string): Promise<User | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('users'), Key: identityKey(openidHash), ConsistentRead: true }));
  return Item ? getUser(recordOf(Identity, Item).userId) : null;
}

/**
 * The user behind a WeChat identity, created as a worker on first sign-in. The identity item is
 * written with a condition in the same transaction as the user, so simultaneous first logins of
 * one person still make exactly one user.
 */
export async function findOrCreateUserByIdentity(openidHash: string, now = new Date()): Promise<User> {
  const existing = await findUserByIdentity(openidHash);
  if (existing) return existing;
  const user: User = { id: randomUUID(), role: 'worker', displayName: '微信用户', actingOrgId: null, createdAt: now.toISOString() };
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
          { Put: { TableName: tableName('users'), Item: { ...userKey(user.id), ...user } } },
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
export async function putUserWithIdentity(user: User, openidHash: string): Promise<void> {
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: tableName('users'), Item: { ...identityKey(openidHash), userId: user.id, createdAt: user.createdAt } } },
        { Put: { TableName: tableName('users'), Item: { ...userKey(user.id), ...user } } },
      ],
    }),
  );
}
