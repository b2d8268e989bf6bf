import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SubscribeAnswer, TemplateKey } from '../../shared/schemas/subscription';
import { TemplateKey as TemplateKeys } from '../../shared/schemas/subscription';
import { db, tableName } from '../lib/db';
import { failedConditions, isConditionFailed, withConflictRetry } from '../lib/dynamo';

/**
 * The WeChat subscribe-message sender's item in the users table, one per person:
 *   notify#<userId>   openid        the person's WeChat openid, written at sign-in: the one place it is
 *                                   kept, read only by the sender (subscribeMessage.send needs it as
 *                                   `touser`); never returned, logged or put into another item
 *                     n_<key>       how many messages of that template WeChat still lets us send
 *                                   (one-time subscriptions: each accept allows one)
 *                     a_<key>, at_<key>  the last answer and when
 *                     lastAsk       the app's id of the last answers recorded (a retried POST counts once)
 * docs/privacy-and-content.md says why the openid is kept; 注销账号 deletes this item with the account.
 */

const T = () => tableName('users');
export const notifyKey = (userId: string) => ({ pk: `notify#${userId}` });

const count = (key: TemplateKey) => `n_${key}`;

/**
 * At sign-in with WeChat: remember the openid for the sender (one transaction; same value again
 * changes nothing). Only while the user exists: a sign-in racing 注销账号 stores nothing (the erasure
 * deleted notify#<id> with the user; an unconditional write after it would keep the openid forever).
 * Returns whether it was stored.
 */
export async function storeOpenid(userId: string, openid: string): Promise<boolean> {
  try {
    // two sign-ins at once (a double tap) conflict on the item: the second waits its turn
    await withConflictRetry(() =>
      db().send(
        new TransactWriteCommand({
          TransactItems: [
            { ConditionCheck: { TableName: T(), Key: { pk: `user#${userId}` }, ConditionExpression: 'attribute_exists(pk)' } },
            {
              Update: {
                TableName: T(),
                Key: notifyKey(userId),
                UpdateExpression: 'SET openid = :o',
                ExpressionAttributeValues: { ':o': openid },
              },
            },
          ],
        }),
      ),
    );
    return true;
  } catch (error) {
    if (failedConditions(error)?.[0]) return false; // the account was erased meanwhile
    throw error;
  }
}

export type Remaining = Partial<Record<TemplateKey, number>>;

function remainingOf(item: Record<string, unknown> | undefined): Remaining {
  const out: Remaining = {};
  for (const key of TemplateKeys.options) {
    const n = item?.[count(key)];
    if (typeof n === 'number') out[key] = n;
  }
  return out;
}

/**
 * The member's answers to one ask (requestSubscribeMessage): accept adds one send, reject and ban
 * set it to none, filter (WeChat filtered the template) leaves it. One conditional UpdateItem; the
 * same askId again changes nothing and answers what is held.
 */
export async function recordAnswers(
  userId: string,
  askId: string,
  answers: Partial<Record<TemplateKey, SubscribeAnswer>>,
  now = new Date(),
): Promise<Remaining> {
  const sets = ['lastAsk = :ask'];
  const values: Record<string, unknown> = { ':ask': askId, ':at': now.toISOString(), ':zero': 0 };
  for (const [key, answer] of Object.entries(answers) as [TemplateKey, SubscribeAnswer][]) {
    values[`:a_${key}`] = answer;
    sets.push(`a_${key} = :a_${key}`, `at_${key} = :at`);
    if (answer === 'accept') {
      values[':one'] = 1;
      sets.push(`${count(key)} = if_not_exists(${count(key)}, :zero) + :one`);
    } else if (answer === 'reject' || answer === 'ban') sets.push(`${count(key)} = :zero`);
  }
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: notifyKey(userId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_not_exists(lastAsk) OR lastAsk <> :ask',
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return remainingOf(Attributes);
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    const { Item } = await db().send(new GetCommand({ TableName: T(), Key: notifyKey(userId), ConsistentRead: true }));
    return remainingOf(Item);
  }
}

/**
 * Takes one send of `key` for the person: a conditional decrement (only while > 0 and an openid is
 * held). Returns the openid to send to, or null (none left, or never signed in through WeChat).
 */
export async function takeOne(userId: string, key: TemplateKey): Promise<string | null> {
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: notifyKey(userId),
        UpdateExpression: `SET #n = #n - :one`,
        ConditionExpression: '#n > :zero AND attribute_exists(openid)',
        ExpressionAttributeNames: { '#n': count(key) },
        ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return typeof Attributes?.openid === 'string' ? Attributes.openid : null;
  } catch (error) {
    if (isConditionFailed(error)) return null;
    throw error;
  }
}

/** A send WeChat did not use (it failed before delivering): given back (not to an account erased meanwhile). */
export async function giveBack(userId: string, key: TemplateKey): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: notifyKey(userId),
        UpdateExpression: 'ADD #n :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#n': count(key) },
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}

/** WeChat says the person has no subscription left (43101): none is held any more. */
export async function clearCount(userId: string, key: TemplateKey): Promise<void> {
  await db()
    .send(
      new UpdateCommand({
        TableName: T(),
        Key: notifyKey(userId),
        UpdateExpression: 'SET #n = :zero',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#n': count(key) },
        ExpressionAttributeValues: { ':zero': 0 },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailed(error)) throw error;
    });
}

/** Tests and 注销账号: what the sender holds for a person (remaining sends; the openid only as present or not). */
export async function getNotify(userId: string): Promise<{ remaining: Remaining; hasOpenid: boolean }> {
  const { Item } = await db().send(new GetCommand({ TableName: T(), Key: notifyKey(userId), ConsistentRead: true }));
  return { remaining: remainingOf(Item), hasOpenid: typeof Item?.openid === 'string' };
}
