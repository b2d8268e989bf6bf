import { randomUUID } from 'node:crypto';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { Role } from '../../shared/schemas/session';
import { db, tableName } from '../lib/db';

/**
 * users table. Two kinds of item share one key attribute:
 *   user#<userId>          the person: role, display name, the org a staff member acts for
 *   wx#<openidHash>        WeChat identity → userId; its key makes one WeChat account one user
 * Keys stay inside this module.
 */
export interface User {
  id: string;
  role: Role;
  displayName: string;
  actingOrgId: string | null;
  createdAt: string;
}

const userKey = (id: string) => ({ pk: `user#${id}` });
const identityKey = (openidHash: string) => ({ pk: `wx#${openidHash}` });

function toUser(item: Record<string, unknown>): User {
  return {
    id: item.id as string,
    role: item.role as Role,
    displayName: item.displayName as string,
    actingOrgId: (item.actingOrgId as string | undefined) ?? null,
    createdAt: item.createdAt as string,
  };
}

export async function getUser(id: string): Promise<User | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('users'), Key: userKey(id) }));
  return Item ? toUser(Item) : null;
}

async function findUserByIdentity(openidHash: string): Promise<User | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('users'), Key: identityKey(openidHash), ConsistentRead: true }));
  return Item ? getUser(Item.userId as string) : null;
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
    if (error instanceof TransactionCanceledException) {
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
