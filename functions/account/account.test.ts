import { createHash, randomInt, randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { handler as cancelSignup } from '../activities/cancel-signup';
import { storeOpenid } from '../tables/notify';
import type { Item } from '../lib/dynamo';
import { handler as login } from '../auth/login-with-wechat';
import { handler as getMe } from '../auth/get-me';
import { handler as createJoinCode } from '../join/create-join-code';
import { handler as joinUnion } from '../join/join-union';
import { handler as reviewMembership } from '../join/review-membership';
import { handler as getMyMembership } from '../join/get-my-membership';
import { handler as listMyMessages } from '../messages/list-my-messages';
import { handler as createPost } from '../stations/create-station-post';
import { handler as reportProblem } from '../stations/report-station-problem';
import { handler as correctMyProfile } from './correct-my-profile';
import { handler as listAuditEntries } from '../audit/list-audit-entries';
import { handler as deleteMyAccount } from './delete-my-account';
import { handler as exportMyData } from './export-my-data';
import ExcelJS from 'exceljs';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { photosBucket, readObject, s3, writeObject } from '../lib/s3';
import { exportFiles, exportFolder, recordExportFolder, recordedExportFolders, windowOf } from './export-keys';
import { getErasureTask, newErasedId, runErasures, workOnErasure } from './erasure';
import { getStation, stationIdFor } from '../tables/stations';
import { handler as appointSupervisors } from '../network/appoint-supervisors';
import { handler as submitInspection } from '../network/submit-inspection';
import { getInspection } from '../tables/network';
import { handler as recordVisit } from '../network/record-visit';
import { handler as reportLiveStatus } from '../network/report-live-status';
import { doorToken } from '../lib/door-token';
import { db, tableName } from '../lib/db';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { startFakeWechat, type FakeWechat } from '../../test/functions-support/fake-wechat';
import { activity, counts, sign } from '../../test/functions-support/activities';
import { ACCOUNT_DELETE_CONFIRMATION } from '../../shared/schemas/account';
import { CLAIM_CONSENT_VERSION } from '../../shared/schemas/claim';
import { getClaim, replaceSlots, startClaim, submitClaim } from '../tables/claims';
// every table, from the one definition: a table added later is scanned too
const { tables } = require('../../infra/tables.cjs') as { tables: Record<string, unknown> };

let wechat: FakeWechat;
beforeAll(async () => {
  wechat = await startFakeWechat();
  process.env.WECHAT_API_BASE = wechat.baseUrl;
});
afterAll(() => wechat.close());

const HAN = '赵钱孙李周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜';
/** A name no other test uses, so a scan finding it finds this person. */
const uniqueName = () => `${HAN[randomInt(HAN.length)]}${Array.from({ length: 3 }, () => HAN[randomInt(HAN.length)]).join('')}`;
const uniquePhone = () => `137${String(randomInt(0, 1e8)).padStart(8, '0')}`;

/** A worker signed in through the fake WeChat: their token, user id and identity hash. */
async function signIn(code: string) {
  const reply = await invoke(login, { method: 'POST', path: '/auth/wechat', body: { code } });
  expect(reply.status).toBe(200);
  const id = reply.body.me.id as string;
  const { Item } = await db().send(new GetCommand({ TableName: tableName('users'), Key: { pk: `user#${id}` } }));
  return { token: reply.body.token as string, userId: id, openidHash: Item?.openidHash as string };
}

async function newCode(autoApprove = false) {
  const reply = await invoke(createJoinCode, {
    method: 'POST',
    body: { orgId: 'fengtai-lugouqiao', event: { title: '注销测试沟通会', date: '2026-11-26', place: '卢沟桥文化广场' }, autoApprove },
    token: await tokenFor('staff'),
  });
  expect(reply.status).toBe(201);
  return reply.body as { id: string; token: string };
}

async function joined(session: string, code: { token: string }, name = uniqueName(), mobile = uniquePhone()) {
  const reply = await invoke(joinUnion, {
    method: 'POST',
    params: { token: code.token },
    body: { name, mobile, employer: '美团', occupation: 'food-delivery', consent: true },
    token: session,
  });
  expect(reply.status).toBe(201);
  return { name, mobile, memberNo: reply.body.membership.memberNo as string };
}

const codeFigures = async (id: string) => {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('joinCodes'), Key: { id }, ConsistentRead: true }));
  const { joins, pending, approved, rejected, scans } = Item ?? {};
  return { joins, pending, approved, rejected, scans };
};

/** Every item of every table (DynamoDB Local, shared by the test files: filtered by what we look for). */
async function scanEverything(): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  for (const table of Object.keys(tables)) {
    const texts: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page: ScanCommandOutput = await db().send(new ScanCommand({ TableName: tableName(table as never), ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) texts.push(JSON.stringify(item));
      start = page.LastEvaluatedKey;
    } while (start);
    found.set(table, texts);
  }
  return found;
}

/** A submitted claim of the person's with one photo (page and thumbnail), a page stored but never added and an upload. */
async function claimWithPhoto(userId: string) {
  const { claim } = await startClaim(
    {
      activityId: `a-${randomUUID()}`,
      planTitle: '职工互助保障',
      planOrgId: 'fengtai',
      memberId: userId,
      memberOrgId: 'fengtai-lugouqiao',
      memberOrgPath: ['beijing', 'fengtai', 'fengtai-lugouqiao'],
      event: 'hospital',
      eventLabel: '住院医疗',
      eventDate: '2026-01-01',
      deadline: '2099-01-01',
      checklist: [{ code: 'diagnosis', label: '诊断证明', required: true, maxPages: 3 }],
      consentVersion: CLAIM_CONSENT_VERSION,
      consentAt: new Date().toISOString(),
    },
    randomUUID(),
  );
  const base = `claims/${claim.id}/diagnosis/${randomUUID()}`;
  await writeObject(`${base}.jpg`, Buffer.from('page'), 'image/jpeg');
  await writeObject(`${base}-thumb.jpg`, Buffer.from('thumb'), 'image/jpeg');
  await writeObject(`claims/${claim.id}/diagnosis/never-added.jpg`, Buffer.from('page'), 'image/jpeg');
  await writeObject(`claims/uploads/${userId}/${randomUUID()}`, Buffer.from('upload'), 'image/jpeg');
  const slots = {
    diagnosis: { pages: [{ id: 'p1', key: `${base}.jpg`, thumbKey: `${base}-thumb.jpg`, addedAt: new Date().toISOString() }] },
  };
  expect(await replaceSlots(claim, slots)).toBe(true);
  expect((await submitClaim((await getClaim(claim.id))!, '提交申请'))?.status).toBe('submitted');
  return claim;
}

/** The bucket's objects of the claim and of the person's uploads. */
async function claimObjects(claimId: string, userId: string): Promise<string[]> {
  const keys: string[] = [];
  for (const prefix of [`claims/${claimId}/`, `claims/uploads/${userId}/`]) {
    const reply = await s3().send(new ListObjectsV2Command({ Bucket: photosBucket(), Prefix: prefix }));
    keys.push(...(reply.Contents ?? []).map((o) => o.Key!));
  }
  return keys;
}

const deleteAccount = (token: string, body: unknown = { confirm: ACCOUNT_DELETE_CONFIRMATION }) =>
  invoke(deleteMyAccount, { method: 'POST', path: '/me/account/delete', token, body });

describe('注销账号 (DynamoDB Local)', () => {
  it('erases or anonymises the person in every table at once; counts stay; the old token gets 401; the same WeChat account signs in as a new user', async () => {
    const wx = `ok-erase-${randomUUID().slice(0, 8)}`;
    const person = await signIn(wx);
    expect(person.openidHash).toMatch(/^[0-9a-f]{64}$/);
    const code = await newCode();
    const { name, mobile, memberNo } = await joined(person.token, code);
    // staff approve (an audit entry about the person, a message in their inbox)
    const review = await invoke(reviewMembership, {
      method: 'POST',
      params: { memberId: person.userId },
      body: { decision: 'approve' },
      token: await tokenFor('staff'),
    });
    expect(review.status).toBe(200);
    expect((await invoke(listMyMessages, { path: '/me/messages', token: person.token, query: {} })).body.messages.length).toBeGreaterThan(
      0,
    );
    // a sign-up, a wall post and a problem report
    const activityId = await activity({ capacity: 5 });
    expect((await sign(activityId, person.token)).status).toBe(201);
    const station = stationIdFor('fengtai-lugouqiao', 'demo-fengtai-lugouqiao-03');
    const post = await invoke(createPost, {
      method: 'POST',
      params: { stationId: station },
      body: { text: '热水很方便，谢谢', clientRequestId: randomUUID() },
      token: person.token,
    });
    expect(post.status).toBe(201);
    const report = await invoke(reportProblem, {
      method: 'POST',
      params: { stationId: station },
      body: { type: 'no-water', clientRequestId: randomUUID() },
      token: person.token,
    });
    expect(report.status).toBe(201);
    // a scan of the station's door poster and a live-status tap (a visit marker, an hourly allowance)
    const visit = await invoke(recordVisit, {
      method: 'POST',
      params: { stationId: station },
      body: { door: doorToken(station) },
      token: person.token,
    });
    expect(visit.status).toBe(200);
    const tapped = await invoke(reportLiveStatus, {
      method: 'POST',
      params: { stationId: station },
      body: { status: 'no-hot-water', clientRequestId: randomUUID() },
      token: person.token,
    });
    expect(tapped.status).toBe(201);
    // a volunteer supervisor of the station, who inspected it (one failed item: a task they reported)
    const appointed = await invoke(appointSupervisors, {
      method: 'POST',
      body: { memberNo, stationIds: [station] },
      token: await tokenFor('staff'),
    });
    expect(appointed.status).toBe(200);
    const { location } = (await getStation(station))!;
    const inspected = await invoke(submitInspection, {
      method: 'POST',
      params: { stationId: station },
      body: {
        clientRequestId: randomUUID(),
        position: location,
        items: ['site', 'sign', 'facilities', 'publicity', 'service', 'rules', 'results'].map((item) =>
          item === 'rules' ? { item, result: 'fail', note: '制度没上墙' } : { item, result: 'pass' },
        ),
      },
      token: person.token,
    });
    expect(inspected.status).toBe(201);
    // a claim with a photo (and a page stored but never added, an upload never used), the month's
    // marker; a no-show history and a pardon of a draw (tables/draws.ts keys)
    const claim = await claimWithPhoto(person.userId);
    const drawActivity = `a-${randomUUID()}`;
    await db().send(
      new PutCommand({
        TableName: tableName('draws'),
        Item: { pk: `noshow#${person.userId}`, sk: 'fengtai-lugouqiao', [`w_${drawActivity}`]: { endsAt: new Date().toISOString() } },
      }),
    );
    await db().send(
      new PutCommand({
        TableName: tableName('draws'),
        Item: {
          pk: `draw#${drawActivity}`,
          sk: `pardon#${person.userId}`,
          activityId: drawActivity,
          memberId: person.userId,
          reason: '生病',
        },
      }),
    );
    await db().send(
      new PutCommand({
        TableName: tableName('draws'),
        Item: { pk: `draw#${activityId}`, sk: `pardon#${person.userId}`, activityId, memberId: person.userId, reason: '出差' },
      }),
    );
    expect(await claimObjects(claim.id, person.userId)).toHaveLength(4);

    const figuresBefore = await codeFigures(code.id);
    const countsBefore = await counts(activityId);
    expect(figuresBefore.joins).toBe(1);

    const reply = await deleteAccount(person.token);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ deleted: true, finished: true });

    // the old token is refused on every signed-in route
    for (const route of [getMe, getMyMembership]) {
      const refused = await invoke(route, { token: person.token });
      expect(refused.status).toBe(401);
      expect(refused.body.message).toMatch(/注销/);
    }
    expect((await deleteAccount(person.token)).status).toBe(401);

    // nothing in any table names the person
    const everything = await scanEverything();
    expect(everything.size).toBe(Object.keys(tables).length);
    const needles = [name, mobile, person.userId, person.openidHash, memberNo, `tr-${memberNo}`];
    for (const [table, texts] of everything) {
      for (const needle of needles) {
        const hits = texts.filter((t) => t.includes(needle));
        expect({ table, needle, hits }).toEqual({ table, needle, hits: [] });
      }
    }
    // the claim's photos, the page never added and the upload: gone from the bucket
    expect(await claimObjects(claim.id, person.userId)).toEqual([]);
    expect(everything.get('claims')!.filter((t) => t.includes(claim.id))).toEqual([]);
    expect(everything.get('draws')!.filter((t) => t.includes(drawActivity))).toEqual([]);
    // the inspection stays in the station's history, its supervisor erased
    expect(await getInspection(inspected.body.id)).toMatchObject({ supervisorName: '已注销用户', score: 86 });
    // the org is told: an entry in its 操作记录, naming nobody
    const log = await invoke(listAuditEntries, { path: '/staff/audit', query: { kind: 'account.delete' }, token: await tokenFor('admin') });
    expect(log.status).toBe(200);
    expect(
      log.body.entries.some((e: { actorName: string; orgId: string }) => e.actorName === '已注销用户' && e.orgId === 'fengtai-lugouqiao'),
    ).toBe(true);

    // …while what the union counts is unchanged (a place in an activity still ahead is given up, as a cancel does)
    expect(await codeFigures(code.id)).toEqual(figuresBefore);
    expect(await counts(activityId)).toEqual({
      ...countsBefore,
      confirmed: countsBefore.confirmed - 1,
      cancelled: countsBefore.cancelled + 1,
    });

    // the same WeChat account signs in as a new, empty user
    const again = await signIn(wx);
    expect(again.userId).not.toBe(person.userId);
    expect((await invoke(getMyMembership, { token: again.token })).body.membership).toBeNull();
  });

  it('finishes a long history through the job, a page at a time, the account unusable from the start', async () => {
    const person = await signIn(`ok-erase-${randomUUID().slice(0, 8)}`);
    await joined(person.token, await newCode(true));
    const ids = await Promise.all(Array.from({ length: 30 }, () => activity({ capacity: 5 })));
    for (const id of ids) expect((await sign(id, person.token)).status).toBe(201);

    const reply = await deleteAccount(person.token);
    expect(reply.status).toBe(200);
    expect((await invoke(getMe, { token: person.token })).status).toBe(401);
    // 4 pages now (≤ 100 items) may or may not cover it: the job finishes whatever is left
    let rounds = 0;
    for (;;) {
      const task = await findTaskOf(person.userId);
      if (!task) break;
      await workOnErasure(task, 1);
      expect(++rounds).toBeLessThan(20);
    }
    const everything = await scanEverything();
    for (const [table, texts] of everything)
      expect({ table, hits: texts.filter((t) => t.includes(person.userId)) }).toEqual({ table, hits: [] });
    for (const id of ids) expect((await counts(id)).confirmed).toBe(0); // places ahead given up
  });

  it('gives up places in activities still ahead the way a cancel does: the next person waiting is offered it, a waiting ghost never is', async () => {
    const person = await signIn(`ok-erase-${randomUUID().slice(0, 8)}`);
    await joined(person.token, await newCode(true));
    const others = await Promise.all(
      [0, 1].map(async () => {
        const other = await signIn(`ok-erase-${randomUUID().slice(0, 8)}`);
        await joined(other.token, await newCode(true));
        return other;
      }),
    );
    const [next, later] = others as [(typeof others)[0], (typeof others)[0]];
    // the person holds the one place, `next` waits
    const held = await activity({ capacity: 1 });
    expect((await sign(held, person.token)).status).toBe(201);
    expect((await sign(held, next.token)).status).toBe(201);
    // `next` holds the one place, the person waits first, `later` second
    const waiting = await activity({ capacity: 1 });
    expect((await sign(waiting, next.token)).status).toBe(201);
    expect((await sign(waiting, person.token)).status).toBe(201);
    expect((await sign(waiting, later.token)).status).toBe(201);

    expect((await deleteAccount(person.token)).status).toBe(200);
    for (let task = await findTaskOf(person.userId); task; task = await findTaskOf(person.userId)) await workOnErasure(task, 4);

    const signup = async (activityId: string, memberId: string) =>
      (await db().send(new GetCommand({ TableName: tableName('signups'), Key: { activityId, memberId }, ConsistentRead: true }))).Item;
    expect((await signup(held, next.userId))?.status).toBe('offered');
    const ghosts = async (activityId: string) =>
      ((await db().send(new ScanCommand({ TableName: tableName('signups') }))).Items ?? []).filter(
        (i) => i.activityId === activityId && String(i.memberId).startsWith('gone-'),
      );
    for (const ghost of [...(await ghosts(held)), ...(await ghosts(waiting))]) {
      expect(ghost.status).toBe('cancelled');
      expect(ghost.holdBucket).toBeUndefined();
    }
    // the place freed in `waiting` goes to `later`, not to the gone person
    expect((await invoke(cancelSignup, { method: 'POST', params: { activityId: waiting }, token: next.token })).status).toBe(200);
    expect((await signup(waiting, later.userId))?.status).toBe('offered');
  });

  it('a sign-up changing while it is moved is not counted as moved: the step stays until it is', async () => {
    const person = await signIn(`ok-erase-${randomUUID().slice(0, 8)}`);
    await joined(person.token, await newCode(true));
    const activityId = await activity({ capacity: 5 });
    expect((await sign(activityId, person.token)).status).toBe(201);
    const client = db();
    const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
    let conflicts = 0;
    const spy = jest.spyOn(client, 'send').mockImplementation(((command: { input?: { TransactItems?: { Put?: { Item?: Item } }[] } }) => {
      const put = command.input?.TransactItems?.[1]?.Put?.Item;
      if (conflicts === 0 && String(put?.memberId ?? '').startsWith('gone-')) {
        conflicts++; // another writer held the sign-up at that moment
        return Promise.reject(
          new TransactionCanceledException({
            message: 'Transaction cancelled',
            $metadata: {},
            CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
          }),
        );
      }
      return send(command);
    }) as never);
    try {
      expect((await deleteAccount(person.token)).status).toBe(200);
    } finally {
      spy.mockRestore();
    }
    expect(conflicts).toBe(1);
    // the erasure goes on with that step (at once or by the job) until the sign-up is moved
    for (let task = await findTaskOf(person.userId); task; task = await findTaskOf(person.userId)) await workOnErasure(task, 4);
    const left = ((await db().send(new ScanCommand({ TableName: tableName('signups') }))).Items ?? []).filter(
      (i) => i.memberId === person.userId,
    );
    expect(left).toEqual([]);
  });

  it('withdraws an application still waiting: its code counts it no more', async () => {
    const person = await signIn(`ok-erase-${randomUUID().slice(0, 8)}`);
    const code = await newCode();
    await joined(person.token, code);
    expect(await codeFigures(code.id)).toMatchObject({ joins: 1, pending: 1 });
    expect((await deleteAccount(person.token)).status).toBe(200);
    expect(await codeFigures(code.id)).toMatchObject({ joins: 0, pending: 0 });
  });

  it("succeeds when the person's number was freed and registered by someone else meanwhile (their marker stays)", async () => {
    const person = await signIn(`ok-erase-${randomUUID().slice(0, 8)}`);
    const { mobile } = await joined(person.token, await newCode(true));
    const phoneKey = { pk: `phone#${createHash('sha256').update(mobile).digest('hex')}` };
    await db().send(new PutCommand({ TableName: tableName('members'), Item: { ...phoneKey, userId: 'someone-else' } }));
    expect((await deleteAccount(person.token)).status).toBe(200);
    expect((await invoke(getMe, { token: person.token })).status).toBe(401);
    const { Item } = await db().send(new GetCommand({ TableName: tableName('members'), Key: phoneKey, ConsistentRead: true }));
    expect(Item?.userId).toBe('someone-else');
    await db().send(new DeleteCommand({ TableName: tableName('members'), Key: phoneKey }));
  });

  it('the job goes on past a task that fails (it is tried again next run)', async () => {
    const task = (userId: string, queuedAt: string, erasedId = newErasedId()) => ({
      pk: `erasure#${erasedId}`,
      userId,
      erasedId,
      step: 0,
      queuedAt,
      erasureQueue: 'pending',
      done: 0,
    });
    const broken = task(`nobody-${randomUUID()}`, '2000-01-01T00:00:00.000Z');
    const fine = task(`nobody-${randomUUID()}`, '2000-01-01T00:00:01.000Z');
    for (const Item of [broken, fine]) await db().send(new PutCommand({ TableName: tableName('users'), Item }));
    const errors: unknown[] = [];
    const log = { info: () => {}, warn: () => {}, error: (...args: unknown[]) => errors.push(args) } as never;
    // DynamoDB refusing every read of the broken task's items (as a throttled or failing table would)
    const client = db();
    const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
    const spy = jest
      .spyOn(client, 'send')
      .mockImplementation(((command: { input?: { ExpressionAttributeValues?: Record<string, unknown> } }) =>
        command.input?.ExpressionAttributeValues?.[':m'] === broken.userId
          ? Promise.reject(new Error('refused'))
          : send(command)) as never);
    try {
      const result = await runErasures({}, log);
      spy.mockRestore();
      expect(result.finished).toBeGreaterThanOrEqual(1);
      expect(await getErasureTask(fine.erasedId)).toBeNull();
      expect(await getErasureTask(broken.erasedId)).not.toBeNull();
      expect(errors).toHaveLength(1);
      expect(JSON.stringify(errors)).not.toContain(broken.erasedId);
    } finally {
      spy.mockRestore();
      for (const { pk } of [broken, fine]) await db().send(new DeleteCommand({ TableName: tableName('users'), Key: { pk } }));
    }
  });

  it('a sign-in racing 注销 stores no openid for the erased account', async () => {
    const person = await signIn(`ok-erase-${randomUUID().slice(0, 8)}`);
    expect((await deleteAccount(person.token)).status).toBe(200);
    expect(await storeOpenid(person.userId, 'openid-too-late')).toBe(false);
    const { Item } = await db().send(
      new GetCommand({ TableName: tableName('users'), Key: { pk: `notify#${person.userId}` }, ConsistentRead: true }),
    );
    expect(Item).toBeUndefined();
  });

  it('deletes a returned application outright (nothing counts it), and a person who never joined is deleted too', async () => {
    const person = await signIn(`ok-erase-${randomUUID().slice(0, 8)}`);
    const code = await newCode();
    const { name, mobile } = await joined(person.token, code);
    const review = await invoke(reviewMembership, {
      method: 'POST',
      params: { memberId: person.userId },
      body: { decision: 'reject', reason: '信息不完整' },
      token: await tokenFor('staff'),
    });
    expect(review.status).toBe(200);
    const before = await codeFigures(code.id);
    expect((await deleteAccount(person.token)).body).toEqual({ deleted: true, finished: true });
    const everything = await scanEverything();
    for (const [table, texts] of everything) {
      expect({ table, hits: texts.filter((t) => [name, mobile, person.userId].some((n) => t.includes(n))) }).toEqual({ table, hits: [] });
    }
    expect(await codeFigures(code.id)).toEqual(before);

    const never = await signIn(`ok-erase-${randomUUID().slice(0, 8)}`);
    expect((await deleteAccount(never.token)).status).toBe(200);
    expect((await invoke(getMe, { token: never.token })).status).toBe(401);
  });

  it('refuses without the confirmation words, in Chinese, and refuses staff', async () => {
    const person = await signIn(`ok-erase-${randomUUID().slice(0, 8)}`);
    const missing = await deleteAccount(person.token, {});
    expect(missing.status).toBe(400);
    expect(missing.body.fieldErrors.confirm[0]).toMatch(/确认注销/);
    expect((await deleteAccount(person.token, { confirm: 'yes' })).status).toBe(400);
    expect((await invoke(getMe, { token: person.token })).status).toBe(200);
    const staff = await deleteAccount(await tokenFor('staff'));
    expect(staff.status).toBe(409);
    expect(staff.body.message).toMatch(/工作人员/);
    expect(newErasedId()).toMatch(/^gone-[0-9a-f-]{36}$/);
  });
});

/** The task of an erasure still under way for this user (a scan: tests only). */
async function findTaskOf(userId: string) {
  const page = await db().send(
    new ScanCommand({
      TableName: tableName('users'),
      FilterExpression: 'begins_with(pk, :p) AND userId = :u',
      ExpressionAttributeValues: { ':p': 'erasure#', ':u': userId },
    }),
  );
  const item = page.Items?.[0];
  return item ? getErasureTask(String(item.erasedId)) : null;
}

describe('更正信息 (DynamoDB Local)', () => {
  const correct = (token: string, body: unknown) => invoke(correctMyProfile, { method: 'PATCH', path: '/me/profile', token, body });

  it('corrects name, phone and employer on the membership (the card reads it) in one go', async () => {
    const person = await signIn(`ok-correct-${randomUUID().slice(0, 8)}`);
    await joined(person.token, await newCode());
    const name = uniqueName();
    const mobile = uniquePhone();
    const reply = await correct(person.token, { name, mobile, employer: '饿了么' });
    expect(reply.status).toBe(200);
    expect(reply.body.changed).toEqual(['employer', 'mobile', 'name']);
    const membership = (await invoke(getMyMembership, { token: person.token })).body.membership;
    expect(membership).toMatchObject({ name, mobile, employer: '饿了么' });
    expect(membership.history.at(-1).what).toBe('本人更正了工作单位、手机号、姓名');
    // the same again changes nothing
    expect((await correct(person.token, { name })).body.changed).toEqual([]);
  });

  it('a returned application corrected to a new phone: the new phone marker is deleted with the application (same expiresAt)', async () => {
    const person = await signIn(`ok-correct-${randomUUID().slice(0, 8)}`);
    await joined(person.token, await newCode());
    const review = await invoke(reviewMembership, {
      method: 'POST',
      params: { memberId: person.userId },
      body: { decision: 'reject', reason: '信息不完整' },
      token: await tokenFor('staff'),
    });
    expect(review.status).toBe(200);
    const raw = async (pk: string) =>
      (await db().send(new GetCommand({ TableName: tableName('members'), Key: { pk }, ConsistentRead: true }))).Item;
    const expiresAt = (await raw(`member#${person.userId}`))?.expiresAt;
    expect(typeof expiresAt).toBe('number');
    const mobile = uniquePhone();
    expect((await correct(person.token, { mobile })).status).toBe(200);
    const marker = await raw(`phone#${createHash('sha256').update(mobile).digest('hex')}`);
    expect(marker).toMatchObject({ userId: person.userId, expiresAt });
  });

  it("refuses another member's phone beside the field, and bad input in Chinese", async () => {
    const a = await signIn(`ok-correct-${randomUUID().slice(0, 8)}`);
    const b = await signIn(`ok-correct-${randomUUID().slice(0, 8)}`);
    const code = await newCode();
    const first = await joined(a.token, code);
    await joined(b.token, code);
    const taken = await correct(b.token, { mobile: first.mobile });
    expect(taken.status).toBe(409);
    expect(taken.body.fieldErrors.mobile).toEqual(['这个手机号已被其他会员使用']);
    const bad = await correct(b.token, { mobile: '123', name: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.fieldErrors.mobile).toEqual(['请填写 11 位手机号']);
    expect(bad.body.fieldErrors.name[0]).toMatch(/[\u4e00-\u9fa5]/);
    const empty = await correct(b.token, {});
    expect(empty.status).toBe(400);
    expect(empty.body.fieldErrors.name).toEqual(['请填写要更正的信息']);
    const notMember = await signIn(`ok-correct-${randomUUID().slice(0, 8)}`);
    expect((await correct(notMember.token, { employer: '顺丰速运' })).status).toBe(404);
  });
});

describe('导出我的数据 (DynamoDB Local, s3rver)', () => {
  const exportData = (token: string) => invoke(exportMyData, { method: 'POST', path: '/me/data-export', token });

  it('asked twice at once makes one file: an .xlsx with Chinese headings and Beijing times, and the same as JSON', async () => {
    const person = await signIn(`ok-export-${randomUUID().slice(0, 8)}`);
    const { name, mobile } = await joined(person.token, await newCode(true));
    const activityId = await activity({ capacity: 5, title: '导出测试义诊' });
    expect((await sign(activityId, person.token)).status).toBe(201);
    const claim = await claimWithPhoto(person.userId);

    const [a, b] = await Promise.all([exportData(person.token), exportData(person.token)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.createdAt).toBe(b.body.createdAt);
    expect(a.body.filename).toBe('我的数据.xlsx');
    const key = (url: string) => new URL(url).pathname.split('/').slice(2).join('/');
    expect(key(a.body.xlsxUrl)).toBe(key(b.body.xlsxUrl));
    expect(key(a.body.xlsxUrl)).not.toContain(person.userId);

    const xlsx = await readObject(decodeURIComponent(key(a.body.xlsxUrl)));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx! as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['说明', '账号', '会籍', '会籍记录', '报名', '消息', '留言', '问题反馈', '理赔']);
    const cells = (sheet: string) =>
      book
        .getWorksheet(sheet)!
        .getSheetValues()
        .flat()
        .map((v) => String(v ?? ''));
    expect(cells('会籍')).toEqual(expect.arrayContaining(['姓名', name, '手机号', mobile, '入会时间']));
    expect(cells('报名')).toEqual(expect.arrayContaining(['活动', '导出测试义诊', '报名时间']));
    expect(cells('报名').some((v) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(v))).toBe(true);

    const json = JSON.parse((await readObject(decodeURIComponent(key(a.body.jsonUrl))))!.toString('utf8'));
    expect(json.membership.姓名).toBe(name);
    expect(json.signups).toHaveLength(1);
    // the claim as a summary: plan, event, dates, status; no photos
    expect(cells('理赔')).toEqual(expect.arrayContaining(['互助保障计划', '职工互助保障', '住院医疗', '2026-01-01', '待审核']));
    expect(json.claims).toEqual([expect.objectContaining({ 互助保障计划: '职工互助保障', 事项: '住院医疗', 事发日期: '2026-01-01' })]);
    expect(JSON.stringify(json)).not.toContain(claim.id);
    expect(JSON.stringify(json)).not.toContain('.jpg');
    // the openid is kept, for the subscribe messages the member allowed, and never shown
    expect(json.account.微信身份).toContain('只用于向您发送您允许的微信订阅消息');
    expect(JSON.stringify(json)).not.toMatch(/openid-|oFake/);

    // the links download under Chinese names, not the keys' my-data.*
    for (const [url, name] of [
      [a.body.xlsxUrl, '我的数据.xlsx'],
      [a.body.jsonUrl, '我的数据.json'],
    ] as const) {
      const download = await fetch(url);
      expect(download.status).toBe(200);
      const ext = name.slice(name.lastIndexOf('.'));
      expect(download.headers.get('content-disposition')).toBe(
        `attachment; filename="download${ext}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      );
    }

    // later in the same window: the same file, a fresh link
    const again = await exportData(person.token);
    expect(again.body.createdAt).toBe(a.body.createdAt);

    // 注销 deletes the copy too
    expect((await deleteAccount(person.token)).status).toBe(200);
    expect(await readObject(decodeURIComponent(key(a.body.xlsxUrl)))).toBeNull();
    expect(await readObject(decodeURIComponent(key(a.body.jsonUrl)))).toBeNull();
  });

  it("注销 deletes every copy still in the bucket, not only the last ten minutes' one", async () => {
    const person = await signIn(`ok-export-old-${randomUUID().slice(0, 8)}`);
    await joined(person.token, await newCode(true));
    // a copy made two hours ago, written and listed as the route does (the route takes no clock)
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    const old = exportFolder(person.userId, windowOf(twoHoursAgo));
    await recordExportFolder(person.userId, old, twoHoursAgo);
    for (const key of exportFiles(old)) await writeObject(key, Buffer.from('{"姓名":"旧副本"}'), 'application/json');
    // and one now, through the route
    expect((await exportData(person.token)).status).toBe(200);
    expect(await recordedExportFolders(person.userId)).toEqual(
      expect.arrayContaining([old, exportFolder(person.userId, windowOf(new Date()))]),
    );

    const prefix = exportFolder(person.userId, 0).slice(0, -1); // exports/<hash>-
    const listed = async () =>
      (await s3().send(new ListObjectsV2Command({ Bucket: photosBucket(), Prefix: prefix }))).Contents?.map((o) => o.Key) ?? [];
    expect(await listed()).toHaveLength(4);

    expect((await deleteAccount(person.token)).status).toBe(200);
    expect(await listed()).toEqual([]);
    expect(await recordedExportFolders(person.userId)).toEqual([]);
  });

  it('refuses anyone not signed in', async () => {
    expect((await invoke(exportMyData, { method: 'POST', path: '/me/data-export' })).status).toBe(401);
  });
});
