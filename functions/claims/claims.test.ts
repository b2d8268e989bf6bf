import { randomUUID } from 'node:crypto';
import jpeg from 'jpeg-js';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { handler as getClaimStart } from './get-claim-start';
import { handler as startClaim } from './start-claim';
import { handler as createClaimUpload } from './create-claim-upload';
import { handler as addClaimPage } from './add-claim-page';
import { handler as removeClaimPage } from './remove-claim-page';
import { handler as submitClaim } from './submit-claim';
import { handler as listMyClaims } from './list-my-claims';
import { handler as getMyClaim } from './get-my-claim';
import { handler as getStaffClaimRules } from './get-staff-claim-rules';
import { handler as setClaimRules } from './set-claim-rules';
import { handler as listMySignups } from '../activities/list-my-signups';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { activity, member, sign } from '../../test/functions-support/activities';
import { beijingDate, beijingDay } from '../../shared/beijing-time';
import { CLAIM_CONSENT_VERSION, type Claim, type ClaimRules } from '../../shared/schemas/claim';
import { PHOTO_WRONG_TYPE } from '../../shared/schemas/station-photo';
import { activityView } from '../activities/views';
import { claimUploadKey } from '../lib/claim-photos';
import { db, tableName } from '../lib/db';
import { objectSize, writeObject } from '../lib/s3';
import { getActivityItem } from '../tables/activities';
import * as claimsTable from '../tables/claims';

// replaceSlots as it is, wrapped so a test can put a real conflicting write before it
jest.mock('../tables/claims', () => {
  const actual = jest.requireActual('../tables/claims');
  return { ...actual, replaceSlots: jest.fn(actual.replaceSlots) };
});
import { claimKey, getClaim, startClaim as startTableClaim } from '../tables/claims';
import { beforeEnrolment, futureEventDate } from './member-claim';
import { sweepClaims } from './sweep-claim-photos';
import { dayPeriod, readStats } from '../tables/stats';
import { listAuditEntries } from '../tables/audit';
import { getOrg } from '../tables/orgs';

/**
 * Claims, the member's side (docs/claims-and-draws.md, "Claims"), against DynamoDB Local and the
 * local S3: a plan of 卢沟桥 with rules, members covered by a confirmed sign-up.
 */
const RULES: ClaimRules = {
  deadlineDays: 30,
  events: [
    {
      code: 'hospital',
      label: '住院医疗',
      items: [
        { code: 'diagnosis', label: '诊断证明', required: true, maxPages: 3 },
        { code: 'invoice', label: '住院发票', required: true, maxPages: 5 },
        { code: 'bank-card', label: '银行卡', required: true, maxPages: 1 },
        { code: 'other', label: '其他材料', required: false, maxPages: 2 },
      ],
    },
  ],
};

const day = (offsetDays: number) => beijingDate(new Date(Date.now() + offsetDays * 86_400_000));
let staff: string;
let plan: string;

/** A plan of 卢沟桥 that started `startedDaysAgo` days ago (cover begins then), with `rules`. */
async function newPlan(rules: ClaimRules | null = RULES, startedDaysAgo = 400) {
  const id = await activity({
    category: 'plan',
    title: `职工互助保障${randomUUID().slice(0, 4)}`,
    capacity: null,
    startsAt: new Date(Date.now() - startedDaysAgo * 86_400_000).toISOString(),
  });
  if (rules) {
    const reply = await invoke(setClaimRules, { method: 'PUT', params: { activityId: id }, body: rules, token: staff });
    expect(reply.status).toBe(200);
  }
  return id;
}

/** A member covered by `planId` (a confirmed sign-up, made `enrolledDaysAgo` days ago). */
async function covered(planId = plan, enrolledDaysAgo = 60) {
  const m = await member();
  expect((await sign(planId, m.token)).status).toBe(201);
  if (enrolledDaysAgo > 0) {
    await db().send(
      new UpdateCommand({
        TableName: tableName('signups'),
        Key: { activityId: planId, memberId: m.userId },
        UpdateExpression: 'SET createdAt = :at',
        ExpressionAttributeValues: { ':at': new Date(Date.now() - enrolledDaysAgo * 86_400_000).toISOString() },
      }),
    );
  }
  return m;
}

const start = (token: string, overrides: Record<string, unknown> = {}) =>
  invoke(startClaim, {
    method: 'POST',
    body: {
      activityId: plan,
      event: 'hospital',
      eventDate: day(-3),
      consentVersion: CLAIM_CONSENT_VERSION,
      clientRequestId: randomUUID(),
      ...overrides,
    },
    token,
  });

async function draft(token: string): Promise<Claim> {
  const reply = await start(token);
  expect(reply.status).toBe(201);
  return reply.body.claim as Claim;
}

function jpegOf(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) data.set([(i % width) % 256, Math.floor(i / width) % 256, 90, 255], i * 4);
  return jpeg.encode({ data, width, height }, 80).data;
}

/** Asks for an upload ticket for `item` and posts the file as a browser form would. */
async function upload(token: string, claimId: string, item: string, file: Buffer = jpegOf(64, 48), contentType = 'image/jpeg') {
  const ticket = await invoke(createClaimUpload, {
    method: 'POST',
    params: { claimId },
    body: { item, contentType, size: file.length },
    token,
  });
  expect(ticket.status).toBe(201);
  const form = new FormData();
  for (const [name, value] of Object.entries(ticket.body.fields as Record<string, string>)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(file)], { type: contentType }), 'page.jpg');
  const posted = await fetch(ticket.body.url, { method: 'POST', body: form });
  expect(posted.status).toBeLessThan(300);
  return ticket.body.uploadId as string;
}

const add = (token: string, claimId: string, item: string, uploadId: string) =>
  invoke(addClaimPage, { method: 'POST', params: { claimId }, body: { item, uploadId }, token });

async function page(token: string, claimId: string, item: string): Promise<Claim> {
  const reply = await add(token, claimId, item, await upload(token, claimId, item));
  expect(reply.status).toBe(200);
  return reply.body as Claim;
}

const submit = (token: string, claimId: string, version: number) =>
  invoke(submitClaim, { method: 'POST', params: { claimId }, body: { version }, token });

beforeAll(async () => {
  staff = await tokenFor('staff');
  plan = await newPlan();
});

describe('claim rules', () => {
  it('staff of the plan’s org set them (audited) and the plan becomes claimable; staff of another org are refused', async () => {
    const id = await newPlan(null);
    expect(activityView((await getActivityItem(id))!, '').claimable).toBe(false);
    const before = await invoke(getStaffClaimRules, { params: { activityId: id }, token: staff });
    expect(before.status).toBe(200);
    expect(before.body.rules).toBeNull();
    expect(before.body.template.events.length).toBeGreaterThan(0);

    const shunyi = await invoke(setClaimRules, {
      method: 'PUT',
      params: { activityId: id },
      body: RULES,
      token: await tokenFor('shunyi-staff'),
    });
    expect(shunyi.status).toBe(403);
    const shunyiRead = await invoke(getStaffClaimRules, { params: { activityId: id }, token: await tokenFor('shunyi-staff') });
    expect(shunyiRead.status).toBe(403);

    const set = await invoke(setClaimRules, { method: 'PUT', params: { activityId: id }, body: RULES, token: staff });
    expect(set.status).toBe(200);
    expect(set.body.rules.events[0].items).toHaveLength(4);
    expect(activityView((await getActivityItem(id))!, '').claimable).toBe(true);
    const audit = await listAuditEntries((await getOrg('fengtai-lugouqiao'))!, { kind: 'claim.rules' }, 50);
    expect(audit.entries.some((e) => e.objectId === id)).toBe(true);

    // an ordinary activity has no claim rules and no claimable flag
    const other = await activity();
    const refused = await invoke(setClaimRules, { method: 'PUT', params: { activityId: other }, body: RULES, token: staff });
    expect(refused.status).toBe(409);
    expect(activityView((await getActivityItem(other))!, '').claimable).toBeUndefined();
  });
});

describe('starting a claim', () => {
  it('shows the rules and refuses a member not enrolled, with the reason', async () => {
    const outsider = await member();
    const view = await invoke(getClaimStart, { params: { activityId: plan }, token: outsider.token });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      eligible: false,
      whyNot: '未参加这个互助保障计划，不能申请理赔',
      consentVersion: CLAIM_CONSENT_VERSION,
    });
    expect(view.body.rules.events[0].code).toBe('hospital');
    const refused = await start(outsider.token);
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('未参加这个互助保障计划，不能申请理赔');

    const m = await covered();
    expect((await invoke(getClaimStart, { params: { activityId: plan }, token: m.token })).body.eligible).toBe(true);
  });

  it('refuses an event past the deadline, a date in the future, an event the plan does not pay for, and a plan without rules', async () => {
    const m = await covered();
    const late = await start(m.token, { eventDate: day(-40) });
    expect(late.status).toBe(403);
    expect(late.body.message).toBe(`事发已超过 30 天的申请期限（截至 ${beijingDay(day(-10))}）`);
    const future = await start(m.token, { eventDate: day(2) });
    expect(future.status).toBe(400);
    expect(future.body.fieldErrors.eventDate).toBeDefined();
    const unknown = await start(m.token, { event: 'accident' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fieldErrors.event).toBeDefined();
    const noConsent = await start(m.token, { consentVersion: '2020-01-01' });
    expect(noConsent.status).toBe(400);
    const bare = await newPlan(null);
    expect((await start(m.token, { activityId: bare })).status).toBe(409);
  });

  it('records the consent, copies the checklist, and a replayed start answers the same draft', async () => {
    const m = await covered();
    const body = {
      activityId: plan,
      event: 'hospital',
      eventDate: day(-1),
      consentVersion: CLAIM_CONSENT_VERSION,
      clientRequestId: randomUUID(),
    };
    const [a, b] = await Promise.all([
      invoke(startClaim, { method: 'POST', body, token: m.token }),
      invoke(startClaim, { method: 'POST', body, token: m.token }),
    ]);
    const c = await invoke(startClaim, { method: 'POST', body, token: m.token });
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect(new Set([a.body.claim.id, b.body.claim.id, c.body.claim.id]).size).toBe(1);
    expect([a.body.created, b.body.created, c.body.created].filter(Boolean)).toHaveLength(1);
    const claim = c.body.claim as Claim;
    expect(claim).toMatchObject({ status: 'draft', version: 1, eventLabel: '住院医疗', consentVersion: CLAIM_CONSENT_VERSION });
    expect(claim.slots.map((s) => s.item)).toEqual(['diagnosis', 'invoice', 'bank-card', 'other']);
    const stored = await getClaim(claim.id);
    expect(stored!.consentAt).toBeDefined();
    expect(stored!.memberOrgPath).toEqual((await getOrg('fengtai-lugouqiao'))!.path);
    // nothing of who the member is goes back
    expect(JSON.stringify(c.body)).not.toContain(m.userId);
  });
});

describe('pages', () => {
  it('takes two pages into one slot, refuses a text file named .jpg and a page over the slot’s most', async () => {
    const m = await covered();
    const claim = await draft(m.token);
    // two pages sent at once both land
    const [u1, u2] = [await upload(m.token, claim.id, 'diagnosis'), await upload(m.token, claim.id, 'diagnosis')];
    const both = await Promise.all([add(m.token, claim.id, 'diagnosis', u1), add(m.token, claim.id, 'diagnosis', u2)]);
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    const now = (await invoke(getMyClaim, { params: { claimId: claim.id }, token: m.token })).body as Claim;
    const diagnosis = now.slots.find((s) => s.item === 'diagnosis')!;
    expect(diagnosis.pages.map((p) => p.id).sort()).toEqual([u1, u2].sort());
    expect(now.version).toBe(3);
    expect(diagnosis.pages[0]!.url).toContain(`claims/${claim.id}/diagnosis/`);
    expect(diagnosis.pages[0]!.url).toContain('X-Amz-Expires=600');
    // the upload is gone once the page is stored
    expect(await objectSize(claimUploadKey(m.userId, u1))).toBeNull();
    // the same add again answers the claim as it stands
    const again = await add(m.token, claim.id, 'diagnosis', u1);
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(3);

    const text = await upload(m.token, claim.id, 'invoice', Buffer.from('这不是照片，只是一个改了名字的文本文件。'.repeat(4)));
    const wrong = await add(m.token, claim.id, 'invoice', text);
    expect(wrong.status).toBe(400);
    expect(wrong.body.fieldErrors.uploadId).toEqual([PHOTO_WRONG_TYPE]);

    await page(m.token, claim.id, 'bank-card');
    const over = await invoke(createClaimUpload, {
      method: 'POST',
      params: { claimId: claim.id },
      body: { item: 'bank-card', contentType: 'image/jpeg', size: 1000 },
      token: m.token,
    });
    expect(over.status).toBe(400);
    expect(over.body.fieldErrors.item[0]).toContain('最多 1 页');
    const notListed = await invoke(createClaimUpload, {
      method: 'POST',
      params: { claimId: claim.id },
      body: { item: 'accident-proof', contentType: 'image/jpeg', size: 1000 },
      token: m.token,
    });
    expect(notListed.status).toBe(400);
    expect(notListed.body.fieldErrors.item).toBeDefined();

    // a page taken out is deleted; taking it out again answers the same
    const removed = await invoke(removeClaimPage, { method: 'DELETE', params: { claimId: claim.id, photoId: u2 }, token: m.token });
    expect(removed.status).toBe(200);
    expect(removed.body.slots.find((s: { item: string }) => s.item === 'diagnosis').pages).toHaveLength(1);
    expect(await objectSize(`claims/${claim.id}/diagnosis/${u2}.jpg`)).toBeNull();
    const twice = await invoke(removeClaimPage, { method: 'DELETE', params: { claimId: claim.id, photoId: u2 }, token: m.token });
    expect(twice.status).toBe(200);
    expect(twice.body.version).toBe(removed.body.version);
  });

  it('another member cannot read, upload to, add to or submit the claim: 404, as if there were none', async () => {
    const owner = await covered();
    const claim = await draft(owner.token);
    const other = await covered();
    expect((await invoke(getMyClaim, { params: { claimId: claim.id }, token: other.token })).status).toBe(404);
    const ticket = await invoke(createClaimUpload, {
      method: 'POST',
      params: { claimId: claim.id },
      body: { item: 'diagnosis', contentType: 'image/jpeg', size: 1000 },
      token: other.token,
    });
    expect(ticket.status).toBe(404);
    expect(ticket.body.message).toBe(
      (await invoke(getMyClaim, { params: { claimId: 'c-nothing-here' }, token: other.token })).body.message,
    );
    const theirUpload = await upload(other.token, (await draft(other.token)).id, 'diagnosis');
    expect((await add(other.token, claim.id, 'diagnosis', theirUpload)).status).toBe(404);
    expect((await submit(other.token, claim.id, 1)).status).toBe(404);
    // and an upload id of someone else's names nothing of theirs
    const stolen = await add(owner.token, claim.id, 'diagnosis', theirUpload);
    expect(stolen.status).toBe(400);
  });
});

describe('submitting', () => {
  it('refuses a required slot left empty (naming it), then submits once, lists it for staff and counts it', async () => {
    const m = await covered();
    const claim = await draft(m.token);
    await page(m.token, claim.id, 'diagnosis');
    await page(m.token, claim.id, 'invoice');
    const current = (await invoke(getMyClaim, { params: { claimId: claim.id }, token: m.token })).body as Claim;
    const missing = await submit(m.token, claim.id, current.version);
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('银行卡');
    expect(Object.keys(missing.body.fieldErrors)).toEqual(['slots.bank-card']);

    const ready = await page(m.token, claim.id, 'bank-card');
    const today = dayPeriod(new Date());
    const before = (await readStats('fengtai-lugouqiao', [today], ['claims']))[today]?.claims ?? {};
    const [a, b] = await Promise.all([submit(m.token, claim.id, ready.version), submit(m.token, claim.id, ready.version)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body).toMatchObject({ status: 'submitted', version: ready.version + 1 });
    expect(a.body.timeline.map((s: { status: string }) => s.status)).toEqual(['draft', 'submitted']);
    // an older view is refused
    const stale = await submit(m.token, claim.id, ready.version - 1);
    expect(stale.status).toBe(409);
    expect(stale.body.message).toBe('这笔理赔刚被更新，请刷新后再操作');
    // pages can no longer change
    const late = await invoke(createClaimUpload, {
      method: 'POST',
      params: { claimId: claim.id },
      body: { item: 'other', contentType: 'image/jpeg', size: 1000 },
      token: m.token,
    });
    expect(late.status).toBe(409);

    const stored = await getClaim(claim.id);
    expect(stored!.submittedAt).toBeDefined();
    const item = (await db().send(new GetCommand({ TableName: tableName('claims'), Key: claimKey(claim.id) }))).Item!;
    expect(item[`scope${stored!.memberOrgPath.length - 1}`]).toBe('fengtai-lugouqiao#claim#open');
    expect(item.listKey).toBe(`${stored!.submittedAt}#${claim.id}`);
    const after = (await readStats('fengtai-lugouqiao', [today], ['claims']))[today]?.claims ?? {};
    expect((after.submitted ?? 0) - (before.submitted ?? 0)).toBeGreaterThanOrEqual(1);
    expect((after.people ?? 0) - (before.people ?? 0)).toBeGreaterThanOrEqual(1);

    // the member's second claim this month counts as a claim, not as another person
    const second = await draft(m.token);
    for (const item of ['diagnosis', 'invoice', 'bank-card']) await page(m.token, second.id, item);
    const v = (await invoke(getMyClaim, { params: { claimId: second.id }, token: m.token })).body.version;
    expect((await submit(m.token, second.id, v)).status).toBe(200);
    const mine = await invoke(listMyClaims, { token: m.token });
    expect(mine.status).toBe(200);
    expect(mine.body.claims.map((c: { id: string }) => c.id)).toEqual([second.id, claim.id]);
    expect(mine.body.claims[1]).toMatchObject({ status: 'submitted', planTitle: stored!.planTitle, eventLabel: '住院医疗' });
    expect(JSON.stringify(mine.body)).not.toContain(m.userId);
    // counted as a person once this month: the marker the first submit wrote
    const month = beijingDate(new Date()).slice(0, 7);
    const marker = await db().send(
      new GetCommand({ TableName: tableName('claims'), Key: { pk: `claimant#${m.userId}#${month}`, sk: '-' } }),
    );
    expect(marker.Item).toBeDefined();
  });

  it('after staff ask for more, a resubmit needs a new page in each requested slot and clears the requests', async () => {
    const m = await covered();
    const claim = await draft(m.token);
    for (const item of ['diagnosis', 'invoice', 'bank-card']) await page(m.token, claim.id, item);
    let v = (await invoke(getMyClaim, { params: { claimId: claim.id }, token: m.token })).body.version as number;
    expect((await submit(m.token, claim.id, v)).status).toBe(200);
    // what review-claim does (C2): needs-more with a note on the invoice
    const at = new Date().toISOString();
    await db().send(
      new UpdateCommand({
        TableName: tableName('claims'),
        Key: claimKey(claim.id),
        UpdateExpression: 'SET #s = :s, version = version + :one, slots.#i.requested = :r',
        ExpressionAttributeNames: { '#s': 'status', '#i': 'invoice' },
        ExpressionAttributeValues: { ':s': 'needs-more', ':one': 1, ':r': { note: '第 2 页看不清', at } },
      }),
    );
    v = (await getClaim(claim.id))!.version;
    const unanswered = await submit(m.token, claim.id, v);
    expect(unanswered.status).toBe(400);
    expect(Object.keys(unanswered.body.fieldErrors)).toEqual(['slots.invoice']);
    expect(unanswered.body.message).toContain('住院发票');
    const added = await page(m.token, claim.id, 'invoice');
    expect(added.slots.find((s) => s.item === 'invoice')!.requested).toMatchObject({ note: '第 2 页看不清' });
    const resubmitted = await submit(m.token, claim.id, added.version);
    expect(resubmitted.status).toBe(200);
    expect(resubmitted.body.status).toBe('submitted');
    expect(resubmitted.body.slots.find((s: { item: string }) => s.item === 'invoice').requested).toBeUndefined();
    expect(resubmitted.body.timeline.at(-1)).toMatchObject({ status: 'submitted', note: '补充材料：住院发票' });
  });
});

describe('review findings (issue 15)', () => {
  it('refuses an event before the member enrolled (403, the enrolment date), and a future date beside eventDate by the Beijing day at 00:30', async () => {
    const m = await covered(plan, 0);
    const early = await start(m.token, { eventDate: day(-3) });
    expect(early.status).toBe(403);
    expect(early.body.message).toBe(`事发日期早于您参加本计划的日期（${beijingDay(day(0))}），不能申请理赔`);
    expect((await start(m.token, { eventDate: day(0) })).status).toBe(201);
    // 00:30 Beijing is 16:30 UTC the day before: today is already the Beijing day
    const halfPastMidnight = new Date('2026-03-01T16:30:00Z');
    expect(futureEventDate('2026-03-02', halfPastMidnight)).toBeNull();
    expect(futureEventDate('2026-03-03', halfPastMidnight)).toBe('事发日期不能晚于今天');
    expect(beforeEnrolment('2026-03-01', '2026-03-02')).toBe('事发日期早于您参加本计划的日期（3月2日 周一），不能申请理赔');
  });

  it('refuses an event before the plan started (403, its start day), and claim-start carries that day and the enrolment day for the date picker', async () => {
    const recent = await newPlan(RULES, 5);
    const m = await covered(recent, 60);
    const view = await invoke(getClaimStart, { params: { activityId: recent }, token: m.token });
    expect(view.body).toMatchObject({ eligible: true, planStartsOn: day(-5), enrolledOn: day(-60) });
    const early = await start(m.token, { activityId: recent, eventDate: day(-6) });
    expect(early.status).toBe(403);
    expect(early.body.message).toBe(`事发日期早于本计划开始的日期（${beijingDay(day(-5))}），不能申请理赔`);
    expect((await start(m.token, { activityId: recent, eventDate: day(-5) })).status).toBe(201);
    // someone not covered learns the plan's start, never an enrolment day
    const outsider = await invoke(getClaimStart, { params: { activityId: recent }, token: (await member()).token });
    expect(outsider.body.planStartsOn).toBe(day(-5));
    expect(outsider.body.enrolledOn).toBeUndefined();
  });

  it('rules naming one material twice in an event, or one event twice, are a 400 beside the repeat', async () => {
    const id = await newPlan(null);
    const hospital = RULES.events[0]!;
    const twice = {
      ...RULES,
      events: [
        { ...hospital, items: [...hospital.items, { code: 'records', label: '诊断证明', required: false, maxPages: 2 }] },
        { ...hospital, code: 'hospital-2' },
      ],
    };
    const refused = await invoke(setClaimRules, { method: 'PUT', params: { activityId: id }, body: twice, token: staff });
    expect(refused.status).toBe(400);
    expect(refused.body.fieldErrors['events.0.items.4.label']).toEqual(['材料名称不能重复']);
    expect(refused.body.fieldErrors['events.1.label']).toEqual(['理赔事项名称不能重复']);
    expect((await getActivityItem(id))!.claimRules).toBeUndefined();
  });

  it('我的报名 marks a confirmed sign-up of a plan with claim rules claimable, and nothing else', async () => {
    const m = await covered();
    const bare = await newPlan(null);
    expect((await sign(bare, m.token)).status).toBe(201);
    const other = await activity();
    expect((await sign(other, m.token)).status).toBe(201);
    const reply = await invoke(listMySignups, { token: m.token });
    expect(reply.status).toBe(200);
    const byId = new Map((reply.body.signups as { activityId: string; claimable?: boolean }[]).map((s) => [s.activityId, s]));
    expect(byId.get(plan)!.claimable).toBe(true);
    expect(byId.get(bare)!.claimable).toBeUndefined();
    expect(byId.get(other)!.claimable).toBeUndefined();
  });

  it('我的理赔 refuses a forged cursor (another member, or not a claim) with a 400 in Chinese, never a 500', async () => {
    const m = await covered();
    await draft(m.token);
    const forged = [
      { pk: `member#${m.userId}`, sk: 'profile' },
      { pk: 'member#someone-else', sk: 'claim#2026' },
      { pk: `member#${m.userId}` },
      { pk: `member#${m.userId}`, sk: 'claim#x', extra: 'y' },
      'not json',
    ];
    for (const value of forged) {
      const cursor = Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
      const reply = await invoke(listMyClaims, { query: { cursor }, token: m.token });
      expect({ value, status: reply.status }).toEqual({ value, status: 400 });
      expect(reply.body.fieldErrors.cursor).toEqual(['翻页标记无效，请从第一页重新加载']);
    }
  });

  it('a page it gives up on (409 after its retries) is deleted from the bucket', async () => {
    const m = await covered();
    const claim = await draft(m.token);
    const uploadId = await upload(m.token, claim.id, 'diagnosis');
    // someone changes the claim before every write (a real conflicting write each time)
    const wrapped = claimsTable.replaceSlots as jest.MockedFunction<typeof claimsTable.replaceSlots>;
    const real = jest.requireActual<typeof claimsTable>('../tables/claims').replaceSlots;
    wrapped.mockImplementation(async (current, slots) => {
      await db().send(
        new UpdateCommand({
          TableName: tableName('claims'),
          Key: claimKey(current.id),
          UpdateExpression: 'SET version = version + :one',
          ExpressionAttributeValues: { ':one': 1 },
        }),
      );
      return real(current, slots);
    });
    try {
      const reply = await add(m.token, claim.id, 'diagnosis', uploadId);
      expect(reply.status).toBe(409);
      expect(reply.body.message).toBe('这笔理赔刚被更新，请刷新后再操作');
    } finally {
      wrapped.mockImplementation(real);
    }
    const base = `claims/${claim.id}/diagnosis/${uploadId}`;
    expect(await objectSize(`${base}.jpg`)).toBeNull();
    expect(await objectSize(`${base}-thumb.jpg`)).toBeNull();
    // the upload stays: adding it again works
    expect((await add(m.token, claim.id, 'diagnosis', uploadId)).status).toBe(200);
  });

  it('the daily sweep deletes a draft untouched for 30 days (photos by prefix, the claim, its list item); a draft touched since stays', async () => {
    const m = await covered();
    const old = new Date(Date.now() - 40 * 86_400_000);
    const base = {
      activityId: plan,
      planTitle: '职工互助保障',
      planOrgId: 'fengtai',
      memberId: m.userId,
      memberOrgId: 'fengtai-lugouqiao',
      memberOrgPath: (await getOrg('fengtai-lugouqiao'))!.path,
      event: 'hospital',
      eventLabel: '住院医疗',
      eventDate: day(-45),
      deadline: day(-15),
      checklist: [{ code: 'diagnosis', label: '诊断证明', required: true, maxPages: 3 }],
      consentVersion: CLAIM_CONSENT_VERSION,
      consentAt: old.toISOString(),
    };
    const stale = (await startTableClaim(base, randomUUID(), old)).claim;
    const touched = (await startTableClaim(base, randomUUID(), old)).claim;
    const photo = async (claimId: string) => {
      const key = `claims/${claimId}/diagnosis/${randomUUID()}`;
      await writeObject(`${key}.jpg`, Buffer.from('page'), 'image/jpeg');
      await writeObject(`${key}-thumb.jpg`, Buffer.from('thumb'), 'image/jpeg');
      return { id: randomUUID(), key: `${key}.jpg`, thumbKey: `${key}-thumb.jpg`, addedAt: old.toISOString() };
    };
    const stalePage = await photo(stale.id);
    expect(await claimsTable.replaceSlots(stale, { diagnosis: { pages: [stalePage] } }, old)).toBe(true);
    // a page stored but never added (an add that died): found by the prefix
    await writeObject(`claims/${stale.id}/diagnosis/orphan.jpg`, Buffer.from('page'), 'image/jpeg');
    const touchedPage = await photo(touched.id);
    expect(await claimsTable.replaceSlots(touched, { diagnosis: { pages: [touchedPage] } }, new Date(Date.now() - 5 * 86_400_000))).toBe(
      true,
    );

    await sweepClaims(new Date());

    expect(await getClaim(stale.id)).toBeNull();
    for (const key of [stalePage.key, stalePage.thumbKey, `claims/${stale.id}/diagnosis/orphan.jpg`])
      expect(await objectSize(key)).toBeNull();
    const mine = (await invoke(listMyClaims, { query: {}, token: m.token })).body.claims as { id: string }[];
    expect(mine.map((c) => c.id)).toEqual([touched.id]);
    expect(await getClaim(touched.id)).not.toBeNull();
    expect(await objectSize(touchedPage.key)).not.toBeNull();
    // listed again by its last change: the next run does not read it until that is 30 days old
    const { Item } = await db().send(new GetCommand({ TableName: tableName('claims'), Key: claimKey(touched.id) }));
    expect(String(Item!.listKey) > new Date(Date.now() - 6 * 86_400_000).toISOString()).toBe(true);
  });
});
