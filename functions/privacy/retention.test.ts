import { randomUUID } from 'node:crypto';
import { createHash } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { createTableInput, tableEnvName } from '../../infra/tables.cjs';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { member } from '../../test/functions-support/activities';
import { db, tableName } from '../lib/db';
import { signSession } from '../lib/auth/session-token';
import { handler as createJoinCode } from '../join/create-join-code';
import { handler as joinUnion } from '../join/join-union';
import { handler as reviewMembership } from '../join/review-membership';
import { handler as reportProblem } from '../stations/report-station-problem';
import { handler as resolveReport } from '../stations/resolve-report';
import { anonymiseReports } from '../stations/anonymise-reports';
import { figuresOf } from '../tables/join-codes';
import { ANONYMISED_REPORTER, REPORTER_KEPT_DAYS, getReport } from '../tables/feedback';
import { RETURNED_KEPT_DAYS } from '../tables/members';
import { stationIdFor } from '../tables/stations';

const DAY_S = 24 * 3600;
const raw = async (table: 'members' | 'joinCodes' | 'feedback', Key: Record<string, string>) =>
  (await db().send(new GetCommand({ TableName: tableName(table), Key, ConsistentRead: true }))).Item;
const phoneKey = (mobile: string) => ({ pk: `phone#${createHash('sha256').update(mobile).digest('hex')}` });

describe('retention: a returned join application is deleted 180 days after the return', () => {
  let phoneSeq = 0;
  const newPhone = () => `137${String(Date.now() % 1e4).padStart(4, '0')}${String(phoneSeq++).padStart(4, '0')}`;
  const form = (mobile: string) => ({ name: '李小退', mobile, employer: '闪送', occupation: 'courier', consent: true });
  const review = async (userId: string, body: Record<string, unknown>) =>
    invoke(reviewMembership, { method: 'POST', params: { memberId: userId }, body, token: await tokenFor('staff') });

  it('the return sets the TTL on the application and its markers; the code’s figures outlive them; the phone can apply again, even before every item is gone', async () => {
    const code = await invoke(createJoinCode, {
      method: 'POST',
      body: { orgId: 'fengtai-lugouqiao', event: { title: '骑手恳谈会', date: '2026-11-30', place: '卢沟桥文化广场' } },
      token: await tokenFor('staff'),
    });
    expect(code.status).toBe(201);
    const returned = { userId: `w-${randomUUID()}`, mobile: newPhone() };
    const approved = { userId: `w-${randomUUID()}`, mobile: newPhone() };
    for (const w of [returned, approved]) {
      const session = (await signSession({ userId: w.userId, role: 'worker', actingOrgId: null })).token;
      const joined = await invoke(joinUnion, { method: 'POST', params: { token: code.body.token }, body: form(w.mobile), token: session });
      expect(joined.status).toBe(201);
    }

    expect((await review(returned.userId, { decision: 'reject', reason: '不在本街道工作' })).status).toBe(200);
    expect((await review(approved.userId, { decision: 'approve' })).status).toBe(200);

    const application = (await raw('members', { pk: `member#${returned.userId}` }))!;
    const returnedAt = (application.history as { at: string; what: string }[]).at(-1)!.at;
    const expiresAt = Math.floor(Date.parse(returnedAt) / 1000) + RETURNED_KEPT_DAYS * DAY_S;
    expect(RETURNED_KEPT_DAYS).toBe(180);
    expect(application.expiresAt).toBe(expiresAt);
    expect((await raw('members', phoneKey(returned.mobile)))!.expiresAt).toBe(expiresAt);
    expect((await raw('members', { pk: `memberno#${application.memberNo}` }))!.expiresAt).toBe(expiresAt);
    // an approved membership is kept while it lasts
    const member = (await raw('members', { pk: `member#${approved.userId}` }))!;
    expect(member).not.toHaveProperty('expiresAt');
    expect((await raw('members', phoneKey(approved.mobile)))!).not.toHaveProperty('expiresAt');

    const figures = () => raw('joinCodes', { id: code.body.id }).then((item) => figuresOf(item!));
    const before = await figures();
    expect(before).toMatchObject({ joins: 2, approved: 1, rejected: 1, pending: 0 });

    // 180 days on, DynamoDB's TTL deletes the three items, one by one and within days of their time
    // (done here by hand: DynamoDB Local's TTL runs when it likes). The membership goes first:
    await db().send(new DeleteCommand({ TableName: tableName('members'), Key: { pk: `member#${returned.userId}` } }));
    expect(await figures()).toEqual(before);

    // the same person, the same phone, the phone marker not yet deleted: a fresh application
    const session = (await signSession({ userId: returned.userId, role: 'worker', actingOrgId: null })).token;
    const again = await invoke(joinUnion, {
      method: 'POST',
      params: { token: code.body.token },
      body: form(returned.mobile),
      token: session,
    });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ created: true, membership: { status: 'pending' } });
    // the new application is not on the old one's clock
    expect(await raw('members', { pk: `member#${returned.userId}` })).not.toHaveProperty('expiresAt');
    expect(await raw('members', phoneKey(returned.mobile))).toEqual({ ...phoneKey(returned.mobile), userId: returned.userId });

    // someone else with a returned person's phone (it was theirs, say), once that application is gone
    const other = { userId: `w-${randomUUID()}`, mobile: newPhone() };
    const otherSession = (await signSession({ userId: other.userId, role: 'worker', actingOrgId: null })).token;
    const join = (userId: string, token: string, mobile: string) =>
      invoke(joinUnion, { method: 'POST', params: { token: code.body.token }, body: form(mobile), token }).then((r) => ({ userId, ...r }));
    expect((await join(other.userId, otherSession, other.mobile)).status).toBe(201);
    await review(other.userId, { decision: 'reject', reason: '信息有误' });
    const newcomer = `w-${randomUUID()}`;
    const newcomerSession = (await signSession({ userId: newcomer, role: 'worker', actingOrgId: null })).token;
    // while the returned application is kept, the phone is still taken
    expect((await join(newcomer, newcomerSession, other.mobile)).status).toBe(409);
    await db().send(new DeleteCommand({ TableName: tableName('members'), Key: { pk: `member#${other.userId}` } }));
    expect((await join(newcomer, newcomerSession, other.mobile)).status).toBe(201);
    expect((await raw('members', phoneKey(other.mobile)))!.userId).toBe(newcomer);
  });
});

describe('retention: a resolved report loses its reporter a year after the resolution', () => {
  // the sweep reads every report due; this file's reports get a feedback table of their own, so
  // other files' reports are neither swept nor in the way
  const ownFeedback = createTableInput('retention-test', 'feedback');
  let shared: string | undefined;
  beforeAll(async () => {
    await db().send(new CreateTableCommand(ownFeedback as ConstructorParameters<typeof CreateTableCommand>[0]));
    shared = process.env[tableEnvName('feedback')];
    process.env[tableEnvName('feedback')] = ownFeedback.TableName;
  });
  afterAll(async () => {
    process.env[tableEnvName('feedback')] = shared;
    await db().send(new DeleteTableCommand({ TableName: ownFeedback.TableName }));
  });

  it('resolving schedules it (epoch a year on); the sweep strips the reporter, keeps the report, and does it once', async () => {
    const reporter = await member();
    const stationId = stationIdFor('fengtai-lugouqiao', 'demo-fengtai-lugouqiao-03');
    const filed = await invoke(reportProblem, {
      method: 'POST',
      params: { stationId },
      body: { type: 'microwave-broken', note: '微波炉不转了', clientRequestId: randomUUID() },
      token: reporter.token,
    });
    expect(filed.status).toBe(201);
    const open = await invoke(reportProblem, {
      method: 'POST',
      params: { stationId },
      body: { type: 'no-water', clientRequestId: randomUUID() },
      token: reporter.token,
    });
    expect(open.status).toBe(201);
    const resolved = await invoke(resolveReport, {
      method: 'POST',
      params: { reportId: filed.body.id },
      body: { note: '已换新' },
      token: await tokenFor('staff'),
    });
    expect(resolved.status).toBe(200);
    const resolvedAt = resolved.body.resolvedAt as string;

    const item = (await raw('feedback', { pk: `report#${filed.body.id}`, sk: 'report' }))!;
    expect(item.reporterId).toBe(reporter.userId);
    expect(REPORTER_KEPT_DAYS).toBe(365);
    expect(Date.parse(item.purgeAt as string)).toBe(Date.parse(resolvedAt) + REPORTER_KEPT_DAYS * DAY_S * 1000);

    // within the year: nothing
    expect(await anonymiseReports(new Date(Date.parse(resolvedAt) + 364 * DAY_S * 1000))).toEqual({ anonymised: 0, failed: 0 });

    const yearOn = new Date(Date.parse(resolvedAt) + 366 * DAY_S * 1000);
    expect(await anonymiseReports(yearOn)).toEqual({ anonymised: 1, failed: 0 });
    const stripped = (await raw('feedback', { pk: `report#${filed.body.id}`, sk: 'report' }))!;
    expect(stripped).not.toHaveProperty('reporterId');
    expect(stripped.reporterName).toBe(ANONYMISED_REPORTER);
    expect(JSON.stringify(stripped)).not.toContain(reporter.userId);
    // the report itself stays, for the station's statistics
    expect(await getReport(filed.body.id)).toMatchObject({
      stationId,
      type: 'microwave-broken',
      status: 'resolved',
      resolvedAt,
      resolutionNote: '已换新',
      reporterName: ANONYMISED_REPORTER,
    });
    // the open report keeps its reporter; the next run finds nothing
    expect((await raw('feedback', { pk: `report#${open.body.id}`, sk: 'report' }))!.reporterId).toBe(reporter.userId);
    expect(await anonymiseReports(new Date(yearOn.getTime() + 3600_000))).toEqual({ anonymised: 0, failed: 0 });
  });
});
