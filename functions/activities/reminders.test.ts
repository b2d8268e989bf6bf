import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createTableInput, tableEnvName } from '../../infra/tables.cjs';
import { beijingDisplay } from '../../shared/beijing-time';
import type { Message } from '../../shared/schemas/message';
import { activity, hour, member, sign } from '../../test/functions-support/activities';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { db } from '../lib/db';
import { getActivityItem } from '../tables/activities';
import { messageIdOf } from '../tables/inbox';
import { handler as cancelSignup } from './cancel-signup';
import { handler as updateActivity } from './update-activity';
import { handler as listMyMessages } from '../messages/list-my-messages';
import { REMINDER_RUN, sendReminders } from './send-reminders';

// The job reads every activity with a reminder due; activities, sign-ups and messages of this file
// get tables of their own, so other files' activities neither delay nor receive these reminders.
const OWN = ['activities', 'signups', 'inbox'] as const;
const previous = new Map<string, string | undefined>();
beforeAll(async () => {
  for (const table of OWN) {
    const input = createTableInput('reminders-test', table);
    await db().send(new CreateTableCommand(input as ConstructorParameters<typeof CreateTableCommand>[0]));
    previous.set(table, process.env[tableEnvName(table)]);
    process.env[tableEnvName(table)] = input.TableName;
  }
}, 60_000);
afterAll(async () => {
  for (const table of OWN) {
    const name = process.env[tableEnvName(table)]!;
    process.env[tableEnvName(table)] = previous.get(table);
    await db().send(new DeleteTableCommand({ TableName: name }));
  }
});

type Member = Awaited<ReturnType<typeof member>>;
const minute = 60_000;
const at = (iso: string, offset: number) => new Date(Date.parse(iso) + offset);
const reminders = async (m: Member) =>
  ((await invoke(listMyMessages, { token: m.token })).body as { messages: Message[] }).messages.filter(
    (x) => x.kind === 'activity.reminder',
  );
/** An inbox item as stored (delivery status and the template's facts included). */
const inboxItem = async (userId: string, eventKey: string) =>
  (
    await db().send(
      new GetCommand({ TableName: process.env[tableEnvName('inbox')]!, Key: { userId, id: messageIdOf(eventKey) }, ConsistentRead: true }),
    )
  ).Item;
/** The activity item as stored, reminder attributes included. */
const stored = async (id: string) =>
  (await db().send(new GetCommand({ TableName: process.env[tableEnvName('activities')]!, Key: { id }, ConsistentRead: true }))).Item!;
const people = (n: number) => Promise.all(Array.from({ length: n }, () => member()));
/** Publishes an activity starting `hoursAhead` from now; returns its id and start. */
async function publish(hoursAhead: number, overrides: Record<string, unknown> = {}) {
  const startsAt = new Date(Date.now() + hoursAhead * hour).toISOString();
  const id = await activity({
    title: '职工健步走',
    place: '园博园南门',
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + 2 * hour).toISOString(),
    signupClosesAt: new Date(Date.parse(startsAt) - hour / 2).toISOString(),
    ...overrides,
  });
  return { id, startsAt };
}
const edit = async (id: string, changes: Record<string, unknown>) => {
  const current = (await getActivityItem(id, true))!;
  const body = {
    title: current.title,
    description: current.description,
    category: current.category,
    place: current.place,
    startsAt: current.startsAt,
    endsAt: current.endsAt,
    signupOpensAt: current.signupOpensAt,
    signupClosesAt: current.signupClosesAt,
    perMemberLimit: current.perMemberLimit,
    eligibility: current.eligibility,
    waitlist: current.waitlist,
    holdMinutes: current.holdMinutes,
    ...changes,
  };
  const reply = await invoke(updateActivity, { method: 'PUT', params: { activityId: id }, body, token: await tokenFor('staff') });
  expect(reply.status).toBe(200);
};

describe('activity reminders: the day before and 2 hours before, to everyone confirmed', () => {
  it('each confirmed person gets each reminder exactly once; waiting, offered and cancelled get none', async () => {
    const { id, startsAt } = await publish(30, { capacity: 3, holdMinutes: 600 });
    const [a, b, c, d, e] = await people(5);
    for (const m of [a!, b!, c!, d!, e!]) await sign(id, m.token);
    // c leaves: d (first waiting) is offered the place, e stays waiting
    expect((await invoke(cancelSignup, { method: 'POST', params: { activityId: id }, token: c!.token })).status).toBe(200);

    // nothing is due before the day-before time
    await sendReminders(at(startsAt, -24 * hour - minute));
    expect(await reminders(a!)).toEqual([]);

    const dayRun = await sendReminders(at(startsAt, -24 * hour + minute));
    expect(dayRun).toMatchObject({ reminded: 2, finished: 1, failed: 0 });
    for (const m of [a!, b!]) {
      const got = await reminders(m);
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({ title: '活动明天开始', target: { screen: 'signups' }, read: false });
      expect(got[0]!.body).toContain('「职工健步走」');
      expect(got[0]!.body).toContain(beijingDisplay(startsAt));
      expect(got[0]!.body).toContain('园博园南门');
    }
    for (const m of [c!, d!, e!]) expect(await reminders(m)).toEqual([]);
    // what the WeChat sender fills the 活动提醒 template with
    const item = await inboxItem(a!.userId, `reminder#${id}#${a!.userId}#${startsAt}#day`);
    expect(item).toMatchObject({
      delivery: 'pending',
      facts: { activity: '职工健步走', startsAt, place: '园博园南门', note: '活动明天开始，请准时参加' },
    });

    // the next run (and any replay) writes nothing until the 2-hour reminder is due
    expect(await sendReminders(at(startsAt, -24 * hour + 6 * minute))).toMatchObject({ reminded: 0 });
    expect(await sendReminders(at(startsAt, -3 * hour))).toMatchObject({ reminded: 0 });

    expect(await sendReminders(at(startsAt, -2 * hour + minute))).toMatchObject({ reminded: 2, finished: 1 });
    expect(await sendReminders(at(startsAt, -2 * hour + 6 * minute))).toMatchObject({ reminded: 0 });
    for (const m of [a!, b!]) expect((await reminders(m)).map((x) => x.title)).toEqual(['活动 2 小时后开始', '活动明天开始']);
    for (const m of [c!, d!, e!]) expect(await reminders(m)).toEqual([]);
    // both sent: the activity has left the index
    expect(await stored(id)).not.toHaveProperty('remindAt');
  }, 60_000);

  it('a new start time moves the reminders; an edit keeping the time sends nothing again', async () => {
    const { id, startsAt } = await publish(30);
    const [a] = await people(1);
    await sign(id, a!.token);
    await sendReminders(at(startsAt, -24 * hour + minute));
    expect(await reminders(a!)).toHaveLength(1);

    // the title corrected, the time kept: nothing new now, the 2-hour reminder as planned
    await edit(id, { title: '职工健步走（园博园）' });
    expect(await sendReminders(at(startsAt, -24 * hour + 2 * minute))).toMatchObject({ reminded: 0 });

    // moved two days later: the day-before reminder comes again, with the new time, at the new moment
    const later = new Date(Date.parse(startsAt) + 48 * hour).toISOString();
    await edit(id, {
      startsAt: later,
      endsAt: new Date(Date.parse(later) + 2 * hour).toISOString(),
      signupClosesAt: new Date(Date.parse(later) - hour).toISOString(),
    });
    // the old 2-hour time passes without a message
    expect(await sendReminders(at(startsAt, -2 * hour + minute))).toMatchObject({ reminded: 0 });
    expect(await reminders(a!)).toHaveLength(1);
    await sendReminders(at(later, -24 * hour + minute));
    await sendReminders(at(later, -2 * hour + minute));
    const got = await reminders(a!);
    expect(got.map((x) => x.title)).toEqual(['活动 2 小时后开始', '活动明天开始', '活动明天开始']);
    expect(got[0]!.body).toContain(beijingDisplay(later));
    expect(got[0]!.body).toContain('「职工健步走（园博园）」');
    expect(got[1]!.body).toContain(beijingDisplay(later));
    expect(got[2]!.body).toContain(beijingDisplay(startsAt));
  }, 60_000);

  it("eight staff editing the time at once: none fails with a 500, and the schedule is the final time's", async () => {
    const { id } = await publish(40);
    const current = (await getActivityItem(id, true))!;
    const token = await tokenFor('staff');
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, i) => {
        const startsAt = new Date(Date.now() + (41 + i) * hour).toISOString();
        const body = {
          ...Object.fromEntries(
            ['title', 'description', 'category', 'place', 'signupOpensAt', 'perMemberLimit', 'eligibility', 'waitlist', 'holdMinutes'].map(
              (k) => [k, current[k as keyof typeof current]],
            ),
          ),
          startsAt,
          endsAt: new Date(Date.parse(startsAt) + 2 * hour).toISOString(),
          signupClosesAt: new Date(Date.parse(startsAt) - hour).toISOString(),
        };
        return invoke(updateActivity, { method: 'PUT', params: { activityId: id }, body, token });
      }),
    );
    expect(replies.map((r) => r.status).filter((s) => s !== 200 && s !== 409)).toEqual([]);
    const item = await stored(id);
    expect(item.remindFor).toBe(item.startsAt);
  }, 60_000);

  it('published 1 hour before the start: no reminder; 20 hours before: only the 2-hour one', async () => {
    const soon = await publish(1);
    const tomorrow = await publish(20);
    const [a] = await people(1);
    await sign(soon.id, a!.token);
    await sign(tomorrow.id, a!.token);
    expect(await stored(soon.id)).not.toHaveProperty('remindAt');
    await sendReminders(at(soon.startsAt, -minute));
    await sendReminders(at(tomorrow.startsAt, -2 * hour + minute));
    expect((await reminders(a!)).map((x) => x.title)).toEqual(['活动 2 小时后开始']);
  }, 60_000);

  it('a job that ran late sends nothing after the start, and skips the day-before one once the 2-hour one is due', async () => {
    const { id, startsAt } = await publish(30);
    const [a] = await people(1);
    await sign(id, a!.token);
    expect(await sendReminders(at(startsAt, -hour))).toMatchObject({ reminded: 1, skipped: 1 });
    expect((await reminders(a!)).map((x) => x.title)).toEqual(['活动 2 小时后开始']);

    const late = await publish(30);
    await sign(late.id, a!.token);
    expect(await sendReminders(at(late.startsAt, minute))).toMatchObject({ reminded: 0, skipped: 1 });
    expect(await reminders(a!)).toHaveLength(1);
    expect(await stored(late.id)).not.toHaveProperty('remindAt');
  }, 60_000);

  it('more confirmed than a run may tell: finished over several runs, everyone once, resumed from the cursor', async () => {
    const { id, startsAt } = await publish(30, { capacity: 30 });
    const everyone = await people(23);
    for (let i = 0; i < everyone.length; i += 8) await Promise.all(everyone.slice(i, i + 8).map((m) => sign(id, m.token)));
    const small = { ...REMINDER_RUN, pageSize: 5, pages: 2 };
    const due = at(startsAt, -24 * hour + minute);

    const first = await sendReminders(due, undefined, small);
    expect(first).toMatchObject({ reminded: 10, finished: 0, pages: 2 });
    expect(await stored(id)).toHaveProperty('remindCursor');
    const second = await sendReminders(new Date(due.getTime() + 5 * minute), undefined, small);
    expect(second).toMatchObject({ reminded: 10, finished: 0 });
    const third = await sendReminders(new Date(due.getTime() + 10 * minute), undefined, small);
    expect(third).toMatchObject({ reminded: 3, finished: 1 });
    const counts = await Promise.all(everyone.map(async (m) => (await reminders(m)).length));
    expect(counts).toEqual(Array(23).fill(1));
  }, 120_000);

  it('a page that failed part-way is done again by the next run without telling anyone twice', async () => {
    const { id, startsAt } = await publish(30, { capacity: 10 });
    const everyone = await people(6);
    await Promise.all(everyone.map((m) => sign(id, m.token)));
    const due = at(startsAt, -24 * hour + minute);
    // a run that wrote some messages and died before it moved the reminder on: simulated by one run
    // whose last step is undone
    await sendReminders(due);
    await db().send(
      new UpdateCommand({
        TableName: process.env[tableEnvName('activities')]!,
        Key: { id },
        UpdateExpression: 'SET remindBucket = :due, remindSlot = :day, remindAt = :at',
        ExpressionAttributeValues: { ':due': 'due', ':day': 'day', ':at': due.toISOString() },
      }),
    );
    expect(await sendReminders(new Date(due.getTime() + 5 * minute))).toMatchObject({ reminded: 0, finished: 1 });
    const counts = await Promise.all(everyone.map(async (m) => (await reminders(m)).length));
    expect(counts).toEqual(Array(6).fill(1));
  }, 60_000);
});
