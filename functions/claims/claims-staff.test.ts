import { randomUUID } from 'node:crypto';
import { handler as listOpenClaims } from './list-open-claims';
import { handler as getStaffClaim } from './get-staff-claim';
import { handler as reviewClaimRoute } from './review-claim';
import { handler as listMyMessages } from '../messages/list-my-messages';
import { handler as orgReport } from '../outreach/org-report';
import { handler as recordSubscriptions } from '../subscriptions/record-subscriptions';
import { deliver } from '../messages/deliver';
import { invoke, tokenFor } from '../../test/functions-support/invoke';
import { member } from '../../test/functions-support/activities';
import { handedOut, startFakeWechat, type FakeWechat } from '../../test/functions-support/fake-wechat';
import { forgetAccessToken } from '../lib/wechat/access-token';
import { objectSize, writeObject } from '../lib/s3';
import { listAuditEntries } from '../tables/audit';
import { storeOpenid } from '../tables/notify';
import { getClaim, replaceSlots, startClaim, submitClaim, claimView } from '../tables/claims';
import { CLAIM_SWEPT_LIST, sweepClaimPhotos, yearsAfter } from '../tables/claim-review';
import { dayPeriod, readStats } from '../tables/stats';
import { getUser, putUserWithIdentity } from '../tables/users';
import { demoOrgs } from '../../scripts/demo-data/orgs';
import { CLAIM_CONSENT_VERSION, CLAIM_RULES_TEMPLATE, ClaimItemRule, type Claim } from '../../shared/schemas/claim';
import type { Message } from '../../shared/schemas/message';
import { maskName } from '../../shared/schemas/common';
import type { Principal } from '../lib/auth/session-token';
import { beijingDate, beijingDay } from '../../shared/beijing-time';

const pathOf = (orgId: string) => demoOrgs.find((o) => o.id === orgId)!.path;
const checklist = CLAIM_RULES_TEMPLATE.events[0]!.items.map((i) => ClaimItemRule.parse(i));
const STALE = '这笔理赔刚被更新，请刷新后再操作';

/**
 * A submitted claim of a new member of `orgId`: started, two pages of 诊断证明 and one of 身份证明
 * (objects in the bucket), submitted — through the claim table's own functions.
 */
async function submittedClaim(orgId = 'fengtai-lugouqiao', activityId = `a-${randomUUID()}`, name = '李秀英') {
  const m = await member({ orgId, name });
  const { claim } = await startClaim(
    {
      activityId,
      planTitle: '职工重大疾病互助保障',
      planOrgId: 'fengtai',
      memberId: m.userId,
      memberOrgId: orgId,
      memberOrgPath: pathOf(orgId),
      event: 'critical-illness',
      eventLabel: '重大疾病',
      eventDate: beijingDate(new Date()),
      deadline: '2099-01-01',
      checklist,
      consentVersion: CLAIM_CONSENT_VERSION,
      consentAt: new Date().toISOString(),
    },
    randomUUID(),
  );
  const page = async (item: string) => {
    const id = randomUUID();
    const base = `claims/${claim.id}/${item}/${id}`;
    await writeObject(`${base}.jpg`, Buffer.from('page'), 'image/jpeg');
    await writeObject(`${base}-thumb.jpg`, Buffer.from('thumb'), 'image/jpeg');
    return { id, key: `${base}.jpg`, thumbKey: `${base}-thumb.jpg`, addedAt: new Date().toISOString() };
  };
  const slots = {
    ...claim.slots,
    diagnosis: { pages: [await page('diagnosis'), await page('diagnosis')] },
    'id-card': { pages: [await page('id-card')] },
  };
  expect(await replaceSlots(claim, slots)).toBe(true);
  const submitted = await submitClaim((await getClaim(claim.id))!, '提交申请');
  expect(submitted?.status).toBe('submitted');
  return { member: m, claim: submitted!, activityId };
}

const review = async (claimId: string, body: Record<string, unknown>, who: 'staff' | 'admin' | 'shunyi-staff' = 'staff') =>
  invoke(reviewClaimRoute, { method: 'POST', params: { claimId }, body, token: await tokenFor(who) });
const view = async (claimId: string, who: 'staff' | 'admin' | 'shunyi-staff' = 'staff') =>
  invoke(getStaffClaim, { params: { claimId }, token: await tokenFor(who) });
const messagesOf = async (token: string) => ((await invoke(listMyMessages, { query: {}, token })).body as { messages: Message[] }).messages;
const claimsCounters = async (orgId: string) =>
  (await readStats(orgId, [dayPeriod(new Date())], ['claims']))[dayPeriod(new Date())]?.claims ?? {};
const auditOf = async (orgId: string, kind: 'claim.view' | 'claim.view.refused' | 'claim.review', claimId: string) =>
  (await listAuditEntries({ id: orgId, path: pathOf(orgId) }, { kind }, 100)).entries.filter((e) => e.objectId === claimId);

let wechat: FakeWechat;
beforeAll(async () => {
  wechat = await startFakeWechat();
  process.env.WECHAT_API_BASE = wechat.baseUrl;
  process.env.WECHAT_TEMPLATE_REVIEW = 'tmpl-review';
});
afterAll(() => wechat.close());
beforeEach(() => forgetAccessToken());

describe('the whole staff path', () => {
  it('request items with notes → the member sees needs-more; approve ¥3,000.00; forward; paid — each step in the timeline and the member’s 消息', async () => {
    const { member: m, claim } = await submittedClaim('fengtai-lugouqiao');
    // the member allowed one 审核结果 message at 提交 (WeChat: one accept, one message)
    await putUserWithIdentity(
      { id: m.userId, role: 'worker', displayName: '李秀英', actingOrgId: null, createdAt: new Date().toISOString() },
      `hash-${m.userId}`,
    );
    const openid = `openid-${m.userId}`;
    handedOut.openids.add(openid);
    await storeOpenid(m.userId, openid);
    const asked = await invoke(recordSubscriptions, {
      method: 'POST',
      body: { askId: randomUUID(), answers: { review: 'accept' } },
      token: m.token,
    });
    expect(asked.status).toBe(200);

    const before = await view(claim.id);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      status: 'submitted',
      version: claim.version,
      member: {
        name: '李秀英',
        memberNo: m.memberNo,
        phone: `${m.mobile.slice(0, 3)}****${m.mobile.slice(7)}`,
        orgName: '卢沟桥街道总工会',
      },
    });
    expect(JSON.stringify(before.body)).not.toContain(m.mobile);
    expect(JSON.stringify(before.body)).not.toContain(m.userId);
    expect(before.body.slots.find((s: { item: string }) => s.item === 'diagnosis').pages).toHaveLength(2);

    const asks = await review(claim.id, {
      action: 'request-items',
      version: claim.version,
      items: [
        { item: 'invoice', note: '请补拍住院发票原件' },
        { item: 'diagnosis', note: '第 2 页看不清，请重拍' },
      ],
    });
    expect(asks.status).toBe(200);
    expect(asks.body.status).toBe('needs-more');
    // the message goes out at once, as the stream hands it over: left pending, a sweep of the shared
    // table by a suite running alongside would take it (and send it through its own fake WeChat)
    for (const message of await messagesOf(m.token)) await deliver(m.userId, message.id, new Date(Date.now() + 10 * 60_000));
    const staffName = (await getUser('demo-staff'))!.displayName;
    expect(asks.body.timeline.at(-1)).toMatchObject({
      status: 'needs-more',
      note: '需补充：住院发票（请补拍住院发票原件）；诊断证明（第 2 页看不清，请重拍）',
      by: maskName(staffName),
    });
    expect(maskName(staffName)).not.toBe(staffName);
    // the member's own view: the asks under the slots, the pages kept
    const mine: Claim = await claimView((await getClaim(claim.id))!);
    expect(mine.status).toBe('needs-more');
    expect(mine.slots.find((s) => s.item === 'invoice')!.requested?.note).toBe('请补拍住院发票原件');
    expect(mine.slots.find((s) => s.item === 'diagnosis')!.requested?.note).toBe('第 2 页看不清，请重拍');
    expect(mine.slots.find((s) => s.item === 'id-card')!.requested).toBeUndefined();
    expect(mine.slots.find((s) => s.item === 'diagnosis')!.pages).toHaveLength(2);
    const [told] = await messagesOf(m.token);
    expect(told).toMatchObject({
      kind: 'claim.needs-more',
      title: '理赔材料需要补充',
      body: expect.stringContaining('住院发票（请补拍住院发票原件）；诊断证明（第 2 页看不清，请重拍）'),
      target: { screen: 'claim', id: claim.id },
    });

    // the member adds the pages and submits again (C1's submit); staff approve 3000.00
    const again = await submitClaim((await getClaim(claim.id))!, '已补充材料');
    expect(again?.status).toBe('submitted');
    const approved = await review(claim.id, { action: 'approve', version: again!.version, amountFen: 300_000 });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', amountFen: 300_000 });
    expect(approved.body.timeline.at(-1)).toMatchObject({ status: 'approved', note: '核准 ¥3,000.00' });
    expect(approved.body.slots.every((s: { requested?: unknown }) => s.requested === undefined)).toBe(true);

    const forwarded = await review(claim.id, { action: 'forward', version: approved.body.version, reference: 'BJ2026-0001' });
    expect(forwarded.body).toMatchObject({ status: 'forwarded', reference: 'BJ2026-0001' });
    const paidOn = beijingDate(new Date());
    const paid = await review(claim.id, { action: 'paid', version: forwarded.body.version, paidFen: 300_000, paidOn });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ status: 'paid', paidFen: 300_000, paidOn });
    // the paid day as every date a person reads: 12月1日 周二
    expect(paid.body.timeline.at(-1)).toMatchObject({ status: 'paid', note: `${beijingDay(paidOn)} 赔付 ¥3,000.00` });
    expect(paid.body.timeline.map((s: { status: string }) => s.status)).toEqual([
      'draft',
      'submitted',
      'needs-more',
      'submitted',
      'approved',
      'forwarded',
      'paid',
    ]);

    const kinds = await messagesOf(m.token);
    expect(kinds.map((k) => [k.kind, k.title])).toEqual([
      ['claim.paid', '理赔已赔付 ¥3,000.00'],
      ['claim.forwarded', '理赔已报送市总'],
      ['claim.approved', '理赔已核准 ¥3,000.00'],
      ['claim.needs-more', '理赔材料需要补充'],
    ]);
    expect(kinds[0]!.body).toContain(`已于 ${beijingDay(paidOn)} 赔付 ¥3,000.00`);
    expect(kinds[1]!.body).toContain('BJ2026-0001');

    // closed: out of the open list, into the closed one; TTL five years on
    const closed = await getClaim(claim.id);
    expect(closed?.closedAt).toBeDefined();
    expect(closed?.expiresAt).toBe(Math.floor(yearsAfter(closed!.closedAt!, 5).getTime() / 1000));

    // the one 审核结果 the member allowed went out through (the fake) WeChat, opening the claim
    // (the later steps' messages are not the member's to receive: one 审核结果 allowed, one sent)
    const later = new Date(Date.now() + 10 * 60_000);
    for (const message of await messagesOf(m.token)) await deliver(m.userId, message.id, later);
    const sent = wechat.sent.filter((s) => s.touser === openid);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ template_id: 'tmpl-review', page: `care/pages/claim/index?id=${encodeURIComponent(claim.id)}` });
    expect(sent[0]!.data).toMatchObject({ thing1: '重大疾病理赔', phrase2: '需补充材料' });
    for (const value of Object.values(sent[0]!.data)) expect(value.length).toBeLessThanOrEqual(20);
  });

  it('reject needs a reason; from needs-more too; it closes the claim and tells the member why', async () => {
    const { member: m, claim } = await submittedClaim();
    const noReason = await review(claim.id, { action: 'reject', version: claim.version });
    expect(noReason.status).toBe(400);
    expect(noReason.body.fieldErrors.reason).toBeDefined();
    const short = await review(claim.id, { action: 'reject', version: claim.version, reason: '否' });
    expect(short.status).toBe(400);
    expect(short.body.fieldErrors.reason).toEqual(['请写明不予赔付的原因']);

    const asks = await review(claim.id, { action: 'request-items', version: claim.version, items: [{ item: 'invoice', note: '缺发票' }] });
    const rejected = await review(claim.id, { action: 'reject', version: asks.body.version, reason: '事发时不在保障期内' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '事发时不在保障期内' });
    const [told] = await messagesOf(m.token);
    expect(told).toMatchObject({
      kind: 'claim.rejected',
      title: '理赔未通过',
      body: expect.stringContaining('原因：事发时不在保障期内。'),
    });
    // nothing more can happen to it
    const late = await review(claim.id, { action: 'approve', version: rejected.body.version, amountFen: 100 });
    expect(late.status).toBe(409);
    expect(late.body.message).toBe('这笔理赔现在是「未通过」，不能核准');
  });
});

describe('double taps, stale versions and steps out of order', () => {
  it('the same approve twice at once: one timeline entry, one counter, one message; both answered 200', async () => {
    const orgId = 'fengtai-wangzuo-community';
    const { member: m, claim } = await submittedClaim(orgId);
    const before = await claimsCounters(orgId);
    const body = { action: 'approve', version: claim.version, amountFen: 123_456 };
    // 丰台's admin taps twice at once: both answered with the claim as approved once
    const [c, d] = await Promise.all([review(claim.id, body, 'admin'), review(claim.id, body, 'admin')]);
    expect([c.status, d.status]).toEqual([200, 200]);
    expect([c.body.version, d.body.version]).toEqual([claim.version + 1, claim.version + 1]);
    // and a third time later (a retry after a lost reply): the same answer
    const e = await review(claim.id, body, 'admin');
    expect(e.status).toBe(200);
    expect(e.body.version).toBe(claim.version + 1);
    const stored = (await getClaim(claim.id))!;
    expect(stored.timeline.filter((s) => s.status === 'approved')).toHaveLength(1);
    const after = await claimsCounters(orgId);
    expect((after.approved ?? 0) - (before.approved ?? 0)).toBe(1);
    expect((after.approvedFen ?? 0) - (before.approvedFen ?? 0)).toBe(123_456);
    expect((await messagesOf(m.token)).filter((x) => x.kind === 'claim.approved')).toHaveLength(1);
    expect((await auditOf(orgId, 'claim.review', claim.id)).length).toBe(1);
  });

  it('a stale version → 409 with the message; a step from the wrong state → 409; an item not on the checklist → 400', async () => {
    const { claim } = await submittedClaim();
    const stale = await review(claim.id, { action: 'approve', version: claim.version - 1, amountFen: 100 });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toBe(STALE);
    const early = await review(claim.id, { action: 'forward', version: claim.version, reference: 'BJ-1' });
    expect(early.status).toBe(409);
    expect(early.body.message).toBe('这笔理赔现在是「待审核」，不能报送市总');
    const unknown = await review(claim.id, { action: 'request-items', version: claim.version, items: [{ item: 'x-ray', note: '请补充' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fieldErrors.items).toEqual(['这笔理赔的材料清单里没有这一项']);
    const future = await review(claim.id, { action: 'approve', version: claim.version, amountFen: 100 });
    const tomorrow = beijingDate(new Date(Date.now() + 86_400_000));
    const paidLater = await review(claim.id, { action: 'paid', version: future.body.version, paidFen: 100, paidOn: tomorrow });
    expect(paidLater.status).toBe(400);
    expect(paidLater.body.fieldErrors.paidOn).toEqual(['赔付日期不能晚于今天']);
    const missing = await review(`c-${randomUUID()}`, { action: 'approve', version: 1, amountFen: 100 });
    expect(missing.status).toBe(404);
  });
});

describe('who may see a claim', () => {
  it('every view is audited; staff of another org get 403 and an audit line', async () => {
    const orgId = 'fengtai-donggaodi-wanyuan';
    const { claim } = await submittedClaim(orgId);
    expect((await view(claim.id, 'admin')).status).toBe(200);
    expect((await view(claim.id, 'admin')).status).toBe(200);
    const views = await auditOf(orgId, 'claim.view', claim.id);
    expect(views).toHaveLength(2);
    expect(views[0]!.summary).toContain('李*英');
    expect(views[0]!.summary).not.toContain('李秀英');

    const other = await view(claim.id, 'shunyi-staff');
    expect(other.status).toBe(403);
    expect(other.body.message).toBe('只能查看本组织及下级组织会员的理赔');
    const refused = await auditOf(orgId, 'claim.view.refused', claim.id);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ actingOrgId: 'shunyi-houshayu', actorId: 'demo-shunyi-staff' });
    // a sibling street's staff (卢沟桥) are another org too
    expect((await view(claim.id, 'staff')).status).toBe(403);
    expect((await review(claim.id, { action: 'approve', version: claim.version, amountFen: 100 }, 'shunyi-staff')).status).toBe(403);
    // a member's token is not staff
    expect((await invoke(getStaffClaim, { params: { claimId: claim.id }, token: (await member()).token })).status).toBe(403);
  });
});

describe('the open list', () => {
  it('a district’s open claims, oldest first, 20 a page, with masked names and orgs; other districts’ and closed ones not listed', async () => {
    const activityId = `a-${randomUUID()}`;
    const streets = ['fengtai-lugouqiao', 'fengtai-taipingqiao-shouke', 'fengtai-wangzuo'];
    const made: string[] = [];
    for (let i = 0; i < 22; i++) made.push((await submittedClaim(streets[i % 3], activityId, '王建国')).claim.id);
    const elsewhere = await submittedClaim('shunyi-konggang', activityId);
    const done = await submittedClaim('fengtai-lugouqiao', activityId);
    await review(done.claim.id, { action: 'reject', version: done.claim.version, reason: '重复申请' });

    const token = await tokenFor('admin');
    const seen: { id: string; submittedAt?: string; memberName?: string; orgName?: string; status: string }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const reply = await invoke(listOpenClaims, { query: { activityId, ...(cursor ? { cursor } : {}) }, token });
      expect(reply.status).toBe(200);
      expect(reply.body.claims.length).toBeLessThanOrEqual(20);
      seen.push(...reply.body.claims);
      cursor = reply.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen.map((c) => c.id)).toEqual(made);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(seen[0]).toMatchObject({
      memberName: '王*国',
      orgName: '卢沟桥街道总工会',
      status: 'submitted',
      planTitle: '职工重大疾病互助保障',
    });
    expect(seen[1]!.orgName).toBe('首科大厦楼宇工会');
    expect(seen.map((c) => c.id)).not.toContain(elsewhere.claim.id);
    expect(JSON.stringify(seen)).not.toContain('王建国');

    // the street's staff see only their street's
    const street = await invoke(listOpenClaims, { query: { activityId }, token: await tokenFor('staff') });
    expect(street.body.claims.map((c: { id: string }) => c.id)).toEqual(made.filter((_, i) => i % 3 === 0));
    // a cursor of another list is refused
    const bad = await invoke(listOpenClaims, { query: { cursor: 'bm90LWEtY3Vyc29y' }, token });
    expect(bad.status).toBe(400);
  });
});

describe('the period report', () => {
  it('counts claims, people, approved and paid with their amounts; the export has a 理赔 sheet', async () => {
    const orgId = 'fengtai-wangzuo';
    const today = beijingDate(new Date());
    const report = async () =>
      (await invoke(orgReport, { query: { orgId, unit: 'day', from: today, to: today }, token: await tokenFor('admin') })).body.claims;
    const before = await report();
    const one = await submittedClaim('fengtai-wangzuo');
    const two = await submittedClaim('fengtai-wangzuo-community');
    const a = await review(one.claim.id, { action: 'approve', version: one.claim.version, amountFen: 50_000 }, 'admin');
    await review(one.claim.id, { action: 'paid', version: a.body.version, paidFen: 45_000, paidOn: today }, 'admin');
    await review(two.claim.id, { action: 'approve', version: two.claim.version, amountFen: 10_000 }, 'admin');
    const after = await report();
    expect({
      submitted: after.submitted - before.submitted,
      people: after.people - before.people,
      approved: after.approved - before.approved,
      approvedFen: after.approvedFen - before.approvedFen,
      paid: after.paid - before.paid,
      paidFen: after.paidFen - before.paidFen,
    }).toEqual({ submitted: 2, people: 2, approved: 2, approvedFen: 60_000, paid: 1, paidFen: 45_000 });

    const { reportTables } = await import('../outreach/report-files');
    const { orgReport: compute } = await import('../outreach/figures');
    const admin = (await import('../../scripts/demo-data/users')).demoUsers.find((u) => u.login === 'admin')!;
    const { report: full } = await compute({ userId: admin.id, role: admin.role, actingOrgId: admin.actingOrgId } as Principal, {
      orgId,
      unit: 'day',
      from: today,
      to: today,
    });
    const sheet = reportTables(full).find((t) => t.name === '理赔')!;
    expect(sheet.rows.map((r) => r['项目'])).toEqual([
      '提交理赔申请（笔）',
      '申请人数（人，按月去重）',
      '核准（笔）',
      '核准金额（元）',
      '已赔付（笔）',
      '赔付金额（元）',
    ]);
    expect(sheet.rows[3]!['数值']).toBe(after.approvedFen / 100);
  });
});

describe('retention', () => {
  it('three years after closing, the sweep deletes the photos and the notes that name materials; not before', async () => {
    const { claim } = await submittedClaim();
    const asked = await review(claim.id, {
      action: 'request-items',
      version: claim.version,
      items: [{ item: 'invoice', note: '缺住院发票' }],
    });
    const closed = await review(claim.id, { action: 'reject', version: asked.body.version, reason: '未在保障期内' });
    expect(closed.status).toBe(200);
    const stored = (await getClaim(claim.id))!;
    const keys = Object.values(stored.slots).flatMap((s) => s.pages.flatMap((p) => [p.key, p.thumbKey]));
    expect(keys).toHaveLength(6);
    // a page stored but never added (an add that died after storing it): the claim names it nowhere
    keys.push(`claims/${claim.id}/diagnosis/orphan.jpg`);
    await writeObject(keys.at(-1)!, Buffer.from('page'), 'image/jpeg');
    // the table's sweep (the job also sweeps drafts: a fake clock years on would take other tests' drafts)
    const sweepClaims = (now: Date) => sweepClaimPhotos(now);

    // two years on: nothing
    await sweepClaims(yearsAfter(new Date(), 2));
    expect((await getClaim(claim.id))!.photosDeleted).toBeUndefined();
    expect(await objectSize(keys[0]!)).not.toBeNull();

    // three years and a day on (a fake clock): gone, oldest first, bounded per run
    const later = new Date(yearsAfter(new Date(), 3).getTime() + 86_400_000);
    for (let run = 0; run < 20 && !(await getClaim(claim.id))!.photosDeleted; run++) await sweepClaims(later);
    const swept = (await getClaim(claim.id))!;
    expect(swept.photosDeleted).toBe(true);
    expect(Object.values(swept.slots).every((s) => s.pages.length === 0 && !s.requested)).toBe(true);
    // no notes at all: they can name illnesses and materials
    expect(swept.timeline.every((s) => s.note === undefined)).toBe(true);
    expect(swept).toMatchObject({ status: 'rejected', rejectReason: '未在保障期内', eventLabel: '重大疾病' });
    for (const key of keys) expect(await objectSize(key)).toBeNull();
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const { db, tableName } = await import('../lib/db');
    const { Item } = await db().send(new GetCommand({ TableName: tableName('claims'), Key: { pk: `claim#${claim.id}`, sk: '-' } }));
    expect(Item!.scope0).toBe(`beijing#${CLAIM_SWEPT_LIST}`);
    // the staff view says the photos are gone
    const seen = await view(claim.id);
    expect(seen.body.photosDeleted).toBe(true);
    expect(seen.body.slots.every((s: { pages: unknown[] }) => s.pages.length === 0)).toBe(true);
  });
});

describe('review findings (issue 15)', () => {
  it('a replay only when the body is the step that happened: another amount at that version → 409; a genuine replay is audited as a view', async () => {
    const orgId = 'fengtai-lugouqiao';
    const { claim } = await submittedClaim(orgId);
    const body = { action: 'approve', version: claim.version, amountFen: 50_000 };
    expect((await review(claim.id, body)).status).toBe(200);
    const other = await review(claim.id, { ...body, amountFen: 90_000 });
    expect(other.status).toBe(409);
    expect(other.body.message).toBe(STALE);
    expect(other.body.slots).toBeUndefined();
    const rejectInstead = await review(claim.id, { action: 'reject', version: claim.version, reason: '不符合' });
    expect(rejectInstead.status).toBe(409);
    const viewsBefore = (await auditOf(orgId, 'claim.view', claim.id)).length;
    const replay = await review(claim.id, body);
    expect(replay.status).toBe(200);
    expect(replay.body.amountFen).toBe(50_000);
    expect((await auditOf(orgId, 'claim.view', claim.id)).length).toBe(viewsBefore + 1);
    expect((await auditOf(orgId, 'claim.review', claim.id)).length).toBe(1);
  });

  it('audit lines name the action, the masked member and the claim id: no event, notes, amounts or reasons', async () => {
    const orgId = 'fengtai-lugouqiao';
    const { claim } = await submittedClaim(orgId);
    const asked = await review(claim.id, {
      action: 'request-items',
      version: claim.version,
      items: [{ item: 'invoice', note: '缺住院发票' }],
    });
    expect(asked.status).toBe(200);
    expect((await review(claim.id, { action: 'reject', version: asked.body.version, reason: '既往病史不在保障范围' })).status).toBe(200);
    expect((await view(claim.id)).status).toBe(200);
    expect((await view(claim.id, 'shunyi-staff')).status).toBe(403);
    const lines = [
      ...(await auditOf(orgId, 'claim.review', claim.id)),
      ...(await auditOf(orgId, 'claim.view', claim.id)),
      ...(await auditOf(orgId, 'claim.view.refused', claim.id)),
    ];
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      const text = `${line.summary} ${line.objectLabel}`;
      for (const health of ['重大疾病', '缺住院发票', '既往病史', '职工重大疾病互助保障'])
        expect({ text, has: text.includes(health) }).toEqual({ text, has: false });
      expect(text).toContain(claim.id);
    }
    expect((await auditOf(orgId, 'claim.review', claim.id)).map((l) => l.summary).sort()).toEqual(
      [`不予赔付 李*英 的理赔（${claim.id}）`, `要求补充材料 李*英 的理赔（${claim.id}）`].sort(),
    );
  });

  it('paid above the approved amount → 400 beside paidFen; a closed claim’s list item goes by TTL with it', async () => {
    const { member: m, claim } = await submittedClaim();
    const approved = await review(claim.id, { action: 'approve', version: claim.version, amountFen: 300_000 });
    const over = await review(claim.id, {
      action: 'paid',
      version: approved.body.version,
      paidFen: 300_001,
      paidOn: beijingDate(new Date()),
    });
    expect(over.status).toBe(400);
    expect(over.body.fieldErrors.paidFen).toEqual(['赔付金额不能超过核准金额 ¥3,000.00']);
    const paid = await review(claim.id, {
      action: 'paid',
      version: approved.body.version,
      paidFen: 300_000,
      paidOn: beijingDate(new Date()),
    });
    expect(paid.status).toBe(200);
    const closed = (await getClaim(claim.id))!;
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const { db, tableName } = await import('../lib/db');
    const { Item } = await db().send(
      new GetCommand({ TableName: tableName('claims'), Key: { pk: `member#${m.userId}`, sk: `claim#${closed.createdAt}#${claim.id}` } }),
    );
    expect(Item!.expiresAt).toBe(closed.expiresAt);
  });

  it('GET /staff/claims refuses a forged cursor (missing or extra key attributes, another list) with a 400, never a 500', async () => {
    const token = await tokenFor('staff');
    const forged = [
      { scope2: 'fengtai-lugouqiao#claim#open', listKey: '2026#c-1' },
      { pk: 'claim#c-1', scope2: 'fengtai-lugouqiao#claim#open', listKey: '2026#c-1' },
      { pk: 'claim#c-1', sk: '-', scope2: 'fengtai-lugouqiao#claim#open', listKey: '2026#c-1', extra: 'x' },
      { pk: 'claim#c-1', sk: '-', scope2: 'fengtai-lugouqiao#claim#closed', listKey: '2026#c-1' },
      { pk: 'claim#c-1', sk: '-', scope2: 'fengtai-lugouqiao#claim#open', listKey: '' },
    ];
    for (const value of forged) {
      const cursor = Buffer.from(JSON.stringify(value)).toString('base64url');
      const reply = await invoke(listOpenClaims, { query: { cursor }, token });
      expect({ value, status: reply.status }).toEqual({ value, status: 400 });
      expect(reply.body.fieldErrors.cursor).toEqual(['翻页标记无效，请从第一页重新加载']);
    }
    // a real cursor still works
    const good = Buffer.from(
      JSON.stringify({ pk: 'claim#c-1', sk: '-', scope2: 'fengtai-lugouqiao#claim#open', listKey: '2000#c-1' }),
    ).toString('base64url');
    expect((await invoke(listOpenClaims, { query: { cursor: good }, token })).status).toBe(200);
  });
});
