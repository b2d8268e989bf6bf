import { handler as cancelSignup } from './cancel-signup';
import { handler as confirmOffer } from './confirm-offer';
import { expireHolds, REFILL_SETTLE_MS } from './expire-holds';
import { invoke } from '../../test/functions-support/invoke';
import { activity, counts, member, sign } from '../../test/functions-support/activities';
import { db } from '../lib/db';
import { getActivity } from '../tables/activities';
import { listSignupsOfActivity } from '../tables/signups';

type Member = Awaited<ReturnType<typeof member>>;
const cancel = (id: string, m: Member) => invoke(cancelSignup, { method: 'POST', params: { activityId: id }, token: m.token });
const confirm = (id: string, m: Member) => invoke(confirmOffer, { method: 'POST', params: { activityId: id }, token: m.token });
const people = (n: number) => Promise.all(Array.from({ length: n }, () => member()));
/** The sweeper's next run, once the marks it waits for have settled. */
const sweep = () => expireHolds(new Date(Date.now() + REFILL_SETTLE_MS + 5_000));

/** Samples the places held while `during` runs: they must never exceed the capacity. */
async function mostHeld(id: string, during: Promise<unknown>): Promise<number> {
  let most = 0;
  let running = true;
  const sampling = (async () => {
    while (running) {
      most = Math.max(most, (await getActivity(id, true))!.confirmed);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await during.finally(() => (running = false));
  await sampling;
  return most;
}

/** The waiting list as it stood, first in line first. */
async function queue(id: string): Promise<string[]> {
  return (await listSignupsOfActivity(id))
    .filter((s) => s.status === 'waitlisted')
    .sort((a, b) => a.queueKey.localeCompare(b.queueKey))
    .map((s) => s.memberId);
}

async function statusOf(id: string): Promise<Map<string, string>> {
  return new Map((await listSignupsOfActivity(id)).map((s) => [s.memberId, s.status]));
}

describe('a burst of cancels always gets answers and hands every place on in order', () => {
  it('50 confirmed cancel at once: all 200, capacity never exceeded, the first 50 waiting get one offer each', async () => {
    const id = await activity({ capacity: 50, holdMinutes: 60 });
    const [holders, waiting] = await Promise.all([people(50), people(60)]);
    await Promise.all(holders.map((m) => sign(id, m.token)));
    await Promise.all(waiting.map((m) => sign(id, m.token)));
    const line = await queue(id);
    expect(line).toHaveLength(60);

    const burst = Promise.all(holders.map((m) => cancel(id, m)));
    const most = await mostHeld(id, burst);
    const answers = await burst;
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    expect(answers.every((a) => a.body.status === 'cancelled')).toBe(true);
    expect(most).toBeLessThanOrEqual(50);

    // whatever the cancels could not hand on within their own requests, the sweeper does
    await sweep();
    const status = await statusOf(id);
    expect(line.slice(0, 50).map((m) => status.get(m))).toEqual(Array(50).fill('offered'));
    expect(line.slice(50).map((m) => status.get(m))).toEqual(Array(10).fill('waitlisted'));
    expect(await counts(id)).toMatchObject({ confirmed: 0, offered: 50, waitlisted: 10, cancelled: 50 });
    expect((await getActivity(id, true))!.confirmed).toBe(50);
    // a second sweep finds nothing left to pass on, and offers nobody twice
    expect(await sweep()).toMatchObject({ expired: 0, offered: 0 });
    expect(await counts(id)).toMatchObject({ offered: 50, waitlisted: 10 });
  }, 180_000);

  it('cancels, confirms of offers and new sign-ups at once: all answered, exact, offers in queue order', async () => {
    const id = await activity({ capacity: 30, holdMinutes: 60 });
    const [holders, waiting, late] = await Promise.all([people(30), people(40), people(20)]);
    await Promise.all(holders.map((m) => sign(id, m.token)));
    await Promise.all(waiting.map((m) => sign(id, m.token)));
    const line = await queue(id);
    const byId = new Map(waiting.map((m) => [m.userId, m]));
    // ten leave first: the first ten waiting hold offers
    for (const m of holders.slice(0, 10)) expect((await cancel(id, m)).status).toBe(200);
    const offeredFirst = line.slice(0, 10).map((userId) => byId.get(userId)!);

    const burst = Promise.all([
      ...holders.slice(10).map((m) => cancel(id, m)),
      ...offeredFirst.map((m) => confirm(id, m)),
      ...late.map((m) => sign(id, m.token)),
    ]);
    const most = await mostHeld(id, burst);
    const answers = await burst;
    expect(answers.filter((a) => a.status >= 300).map((a) => [a.status, a.body.message])).toEqual([]);
    expect(most).toBeLessThanOrEqual(30);
    expect(answers.slice(20, 30).map((a) => a.body.status)).toEqual(Array(10).fill('confirmed'));

    await sweep();
    const status = await statusOf(id);
    expect(line.slice(0, 10).map((m) => status.get(m))).toEqual(Array(10).fill('confirmed'));
    expect(line.slice(10, 30).map((m) => status.get(m))).toEqual(Array(20).fill('offered'));
    expect(line.slice(30).map((m) => status.get(m))).toEqual(Array(10).fill('waitlisted'));
    // the newcomers queue behind everyone already waiting: freed places are not theirs to take
    expect(late.map((m) => status.get(m.userId))).toEqual(Array(20).fill('waitlisted'));
    expect((await getActivity(id, true))!.confirmed).toBe(30);
  }, 180_000);
});

describe('confirming names the real reason when there is nothing to confirm', () => {
  it('no sign-up → 404; waiting → 409 with the position; confirmed → 200 again; cancelled → 409; expired → 410', async () => {
    const id = await activity({ capacity: 1, holdMinutes: 1 });
    const [a, b, c, stranger] = (await people(4)) as [Member, Member, Member, Member];
    await sign(id, a.token);
    await sign(id, b.token);
    await sign(id, c.token);

    const none = await confirm(id, stranger);
    expect(none.status).toBe(404);
    expect(none.body.message).toBe('您没有报名这个活动');
    const early = await confirm(id, c);
    expect(early.status).toBe(409);
    expect(early.body.message).toMatch(/^还没有轮到您：您在候补第 2 位/);
    const twice = await confirm(id, a);
    expect(twice.status).toBe(200);
    expect(twice.body.status).toBe('confirmed');

    await cancel(id, a); // b is offered the place
    const gone = await confirm(id, a);
    expect(gone.status).toBe(409);
    expect(gone.body.message).toContain('您已取消报名');
    await expireHolds(new Date(Date.now() + 2 * 60_000)); // b lets the hold run out
    const late = await confirm(id, b);
    expect(late.status).toBe(410);
    expect(late.body.message).toContain('确认时间已过');
  });
});

describe('a sign-up on a full activity costs about what joining the list costs', () => {
  it('20 at once for a full activity with a waiting list: a handful of counter transactions, not one each', async () => {
    const id = await activity({ capacity: 2, holdMinutes: 60 });
    const [first, second] = (await people(2)) as [Member, Member];
    await sign(id, first.token);
    await sign(id, second.token);
    const crowd = await people(20);
    const send = jest.spyOn(db(), 'send');
    try {
      const answers = await Promise.all(crowd.map((m) => sign(id, m.token)));
      expect(answers.map((a) => a.body.signup.status)).toEqual(Array(20).fill('waitlisted'));
      const transactions = send.mock.calls.filter(([command]) => command.constructor.name === 'TransactWriteCommand').length;
      expect(transactions).toBeLessThanOrEqual(4);
    } finally {
      send.mockRestore();
    }
    expect(await counts(id)).toMatchObject({ confirmed: 2, waitlisted: 20 });
    expect((await getActivity(id, true))!.confirmed).toBe(2);
  });
});
