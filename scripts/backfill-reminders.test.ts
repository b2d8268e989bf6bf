import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createTableInput, tableEnvName } from '../infra/tables.cjs';
import { db } from '../functions/lib/db';
import { reminderDueAt } from '../functions/tables/activity-reminders';
import { backfillReminders } from './backfill-reminders';

// a table of its own: the backfill scans the whole table
const own = createTableInput('backfill-reminders-test', 'activities');
let shared: string | undefined;
beforeAll(async () => {
  await db().send(new CreateTableCommand(own as ConstructorParameters<typeof CreateTableCommand>[0]));
  shared = process.env[tableEnvName('activities')];
  process.env[tableEnvName('activities')] = own.TableName;
});
afterAll(async () => {
  process.env[tableEnvName('activities')] = shared;
  await db().send(new DeleteTableCommand({ TableName: own.TableName }));
});

const hour = 3600_000;
const stored = async (id: string) =>
  (await db().send(new GetCommand({ TableName: own.TableName, Key: { id }, ConsistentRead: true }))).Item!;

it('schedules the reminders of activities published before them that have not started; run again, it does nothing', async () => {
  const now = new Date();
  const at = (hours: number) => new Date(now.getTime() + hours * hour).toISOString();
  // as the code before reminders stored them: no remindFor; a shard item carries no orgId
  const old = [
    { id: 'ac-old-later', orgId: 'fengtai-lugouqiao', startsAt: at(48) },
    { id: 'ac-old-tomorrow', orgId: 'fengtai-lugouqiao', startsAt: at(10) },
    { id: 'ac-old-over', orgId: 'fengtai-lugouqiao', startsAt: at(-5) },
    { id: 'ac-old-later#s0', capacity: 200, confirmed: 0 },
  ];
  for (const item of old) await db().send(new PutCommand({ TableName: own.TableName, Item: item }));

  expect(await backfillReminders(now)).toBe(2);
  expect(await stored('ac-old-later')).toMatchObject({
    remindFor: at(48),
    remindSlot: 'day',
    remindAt: reminderDueAt(at(48), 'day'),
    remindBucket: 'due',
  });
  expect(await stored('ac-old-tomorrow')).toMatchObject({ remindSlot: '2h', remindAt: reminderDueAt(at(10), '2h') });
  expect(await stored('ac-old-over')).not.toHaveProperty('remindFor');
  expect(await stored('ac-old-later#s0')).not.toHaveProperty('remindFor');

  expect(await backfillReminders(now)).toBe(0);
});
