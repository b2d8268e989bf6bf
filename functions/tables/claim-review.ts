import { BatchGetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { beijingDate, beijingDay } from '../../shared/beijing-time';
import { yuan } from '../../shared/money';
import {
  CLAIM_PHOTO_RETENTION_YEARS,
  CLAIM_RECORD_RETENTION_YEARS,
  claimStatusLabel,
  type ClaimStatus,
  type ReviewClaim,
} from '../../shared/schemas/claim';
import { DomainError, conflict, notFound } from '../lib/errors';
import { db, tableName } from '../lib/db';
import { failedConditions, isConditionFailed, withConflictRetry, type Item } from '../lib/dynamo';
import { queryScopePage, scopeUpdate, type Scoped } from '../lib/scope-keys';
import { deleteObjectsUnder } from '../lib/s3';
import { claimReviewed, type ClaimReviewed } from '../messages/events';
import { eventStep } from './inbox';
import { CITY_SCOPE } from './orgs';
import { statsSteps } from './stats';
import {
  CLAIM_CLOSED_LIST,
  CLAIM_DRAFT_LIST,
  CLAIM_OPEN_LIST,
  CLAIM_STALE,
  claimKey,
  claimListKey,
  getClaim,
  memberClaimKey,
  memberIndexPut,
  type ClaimRecord,
  type ClaimStepRecord,
} from './claims';

/**
 * The staff side of claims (docs/claims-and-draws.md, "The claim's life"): the open list over a
 * subtree, the review steps, and the retention sweep. The claim item and its keys are
 * functions/tables/claims.ts's; this module moves a submitted claim on:
 *   request-items  submitted → needs-more   (a note per item, shown under the slot)
 *   approve        submitted → approved     (amountFen; stats claims.approved / approvedFen)
 *   forward        approved → forwarded     (the city scheme's reference)
 *   paid           approved | forwarded → paid   (paidFen, paidOn; stats claims.paid / paidFen)
 *   reject         submitted | needs-more → rejected   (the reason)
 * Each is ONE transaction conditional on the claim's status and version: the claim (status, +1
 * version, the timeline step with the staff member's masked name, the fields), the member's list
 * item, the counters, and the member's 消息. Paid and rejected close the claim: it leaves the open
 * list for `claim#closed` with listKey `<closedAt>#<id>` (the sweep reads the oldest closed first)
 * and gets `expiresAt` (TTL) = closedAt + 5 years.
 */

const T = () => tableName('claims');
const MAX_TIMELINE = 30;
/** Closed claims whose photos the sweep has deleted: listed here, so `claim#closed` holds only those still to sweep. */
export const CLAIM_SWEPT_LIST = 'claim#swept';
export const closedListKey = (closedAt: string, id: string) => `${closedAt}#${id}`;

export type ReviewAction = ReviewClaim['action'];
const target: Record<ReviewAction, ClaimStatus> = {
  'request-items': 'needs-more',
  approve: 'approved',
  forward: 'forwarded',
  paid: 'paid',
  reject: 'rejected',
};
const allowedFrom: Record<ReviewAction, readonly ClaimStatus[]> = {
  'request-items': ['submitted'],
  approve: ['submitted'],
  forward: ['approved'],
  paid: ['approved', 'forwarded'],
  reject: ['submitted', 'needs-more'],
};
export const actionLabel: Record<ReviewAction, string> = {
  'request-items': '要求补充材料',
  approve: '核准',
  forward: '报送市总',
  paid: '标记已赔付',
  reject: '不予赔付',
};

const refuse = (field: string, message: string) => new DomainError('bad_request', message, { [field]: [message] });

/** `years` calendar years after `at` (29 February → 28 February). */
export function yearsAfter(at: string | Date, years: number): Date {
  const d = new Date(at);
  const out = new Date(d);
  out.setUTCFullYear(d.getUTCFullYear() + years);
  if (out.getUTCMonth() !== d.getUTCMonth()) out.setUTCDate(0);
  return out;
}

export interface Reviewed {
  claim: ClaimRecord;
  /** false: a replay of a step that had already happened (nothing written) */
  changed: boolean;
  /** what the member was told (for the route's log and audit line) */
  summary: string;
}

/** The claim after `body`, as it will stand, and what the member is told; refuses bad input for this claim. */
function nextOf(current: ClaimRecord, body: ReviewClaim, by: string, now: Date): { next: ClaimRecord; told: ClaimReviewed; note: string } {
  const at = now.toISOString();
  const to = target[body.action];
  const base = { ...current, status: to, version: current.version + 1 };
  const step = (note: string): ClaimStepRecord[] => [...current.timeline, { at, status: to, note, by }].slice(-MAX_TIMELINE);
  switch (body.action) {
    case 'request-items': {
      const labels = new Map(current.checklist.map((i) => [i.code, i.label]));
      const seen = new Set<string>();
      for (const { item } of body.items) {
        if (!labels.has(item)) throw refuse('items', '这笔理赔的材料清单里没有这一项');
        if (seen.has(item)) throw refuse('items', '同一项材料只能写一条说明');
        seen.add(item);
      }
      const asked = new Map(body.items.map((i) => [i.item, i.note]));
      // a new request replaces the last one: only what is asked now shows under the slots
      const slots = Object.fromEntries(
        current.checklist.map((rule) => {
          const pages = current.slots[rule.code]?.pages ?? [];
          const note = asked.get(rule.code);
          return [rule.code, note === undefined ? { pages } : { pages, requested: { note, at } }];
        }),
      );
      const items = body.items.map((i) => ({ label: labels.get(i.item)!, note: i.note }));
      const note = `需补充：${items.map((i) => `${i.label}（${i.note}）`).join('；')}`;
      return { next: { ...base, slots, timeline: step(note) }, told: { status: 'needs-more', items }, note };
    }
    case 'approve': {
      const note = `核准 ${yuan(body.amountFen)}${body.note ? `：${body.note}` : ''}`;
      return {
        next: { ...base, amountFen: body.amountFen, timeline: step(note) },
        told: { status: 'approved', amountFen: body.amountFen, ...(body.note ? { note: body.note } : {}) },
        note,
      };
    }
    case 'forward': {
      const note = `已报送市总工会，报送编号 ${body.reference}`;
      return {
        next: { ...base, reference: body.reference, timeline: step(note) },
        told: { status: 'forwarded', reference: body.reference },
        note,
      };
    }
    case 'paid': {
      if (current.amountFen !== undefined && body.paidFen > current.amountFen) {
        throw refuse('paidFen', `赔付金额不能超过核准金额 ${yuan(current.amountFen)}`);
      }
      if (body.paidOn > beijingDate(now)) throw refuse('paidOn', '赔付日期不能晚于今天');
      if (current.submittedAt && body.paidOn < beijingDate(current.submittedAt)) throw refuse('paidOn', '赔付日期不能早于提交申请的日期');
      const note = `${beijingDay(body.paidOn)} 赔付 ${yuan(body.paidFen)}`;
      return {
        next: { ...base, paidFen: body.paidFen, paidOn: body.paidOn, closedAt: at, expiresAt: closedExpiry(at), timeline: step(note) },
        told: { status: 'paid', paidFen: body.paidFen, paidOn: body.paidOn },
        note,
      };
    }
    case 'reject': {
      const note = `不予赔付：${body.reason}`;
      return {
        next: { ...base, rejectReason: body.reason, closedAt: at, expiresAt: closedExpiry(at), timeline: step(note) },
        told: { status: 'rejected', reason: body.reason },
        note,
      };
    }
  }
}

/**
 * Whether `body` is the step that moved `claim` to where it stands (a replay of it): the same action
 * with the same amount, reference, date, reason or items. Anything else at that version is stale.
 */
function isSameStep(claim: ClaimRecord, body: ReviewClaim): boolean {
  const to = target[body.action];
  if (claim.status !== to || claim.timeline.at(-1)?.status !== to) return false;
  switch (body.action) {
    case 'request-items': {
      const asked = claim.checklist.filter((r) => claim.slots[r.code]?.requested);
      return asked.length === body.items.length && body.items.every((i) => claim.slots[i.item]?.requested?.note === i.note);
    }
    case 'approve':
      return (
        claim.amountFen === body.amountFen &&
        claim.timeline.at(-1)?.note === `核准 ${yuan(body.amountFen)}${body.note ? `：${body.note}` : ''}`
      );
    case 'forward':
      return claim.reference === body.reference;
    case 'paid':
      return claim.paidFen === body.paidFen && claim.paidOn === body.paidOn;
    case 'reject':
      return claim.rejectReason === body.reason;
  }
}

const closedExpiry = (closedAt: string) => Math.floor(yearsAfter(closedAt, CLAIM_RECORD_RETENTION_YEARS).getTime() / 1000);

/**
 * One review step on claim `id` by a staff member (their name masked into the timeline), as the
 * version they saw. The same step replayed at that version (a double tap, a retry after a lost
 * reply: the same action with the same amount, reference, reason or items) answers the claim as it
 * stands with `changed: false`; a different step at that version, or any other version → 409.
 */
export async function reviewClaim(id: string, body: ReviewClaim, by: string, now = new Date()): Promise<Reviewed> {
  return withConflictRetry(async () => {
    const current = await getClaim(id);
    if (!current || current.status === 'draft') throw notFound('找不到这笔理赔');
    const to = target[body.action];
    // already done at this version: the answer of the first tap
    if (current.version === body.version + 1 && isSameStep(current, body)) {
      return { claim: current, changed: false, summary: current.timeline.at(-1)?.note ?? claimStatusLabel[to] };
    }
    if (current.version !== body.version) throw conflict(CLAIM_STALE);
    if (!allowedFrom[body.action].includes(current.status)) {
      throw conflict(`这笔理赔现在是「${claimStatusLabel[current.status]}」，不能${actionLabel[body.action]}`);
    }
    const { next, told, note } = nextOf(current, body, by, now);
    const at = now.toISOString();
    const closing = to === 'paid' || to === 'rejected';
    const scope = closing ? scopeUpdate(current.memberOrgPath, CLAIM_CLOSED_LIST, closedListKey(at, id)) : null;
    const values: Record<string, unknown> = {
      ':to': to,
      ':next': next.version,
      ':timeline': next.timeline,
      ':version': current.version,
      ':from': current.status,
    };
    const set = ['#status = :to', 'version = :next', 'timeline = :timeline'];
    const names: Record<string, string> = { '#status': 'status' };
    // by name: `reference` and others are DynamoDB reserved words
    const field = (name: keyof ClaimRecord) => {
      set.push(`#${name} = :${name}`);
      names[`#${name}`] = name;
      values[`:${name}`] = next[name];
    };
    if (body.action === 'request-items') field('slots');
    if (body.action === 'approve') field('amountFen');
    if (body.action === 'forward') field('reference');
    if (body.action === 'paid') (['paidFen', 'paidOn'] as const).forEach(field);
    if (body.action === 'reject') field('rejectReason');
    if (closing) {
      (['closedAt', 'expiresAt'] as const).forEach(field);
      set.push(scope!.set);
      Object.assign(values, scope!.values);
    }
    const counters: Record<string, number> | undefined =
      body.action === 'approve'
        ? { approved: 1, approvedFen: body.amountFen }
        : body.action === 'paid'
          ? { paid: 1, paidFen: body.paidFen }
          : undefined;
    try {
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: T(),
                Key: claimKey(id),
                UpdateExpression: `SET ${set.join(', ')}${scope?.remove ? ` REMOVE ${scope.remove}` : ''}`,
                ConditionExpression: '#status = :from AND version = :version',
                ExpressionAttributeNames: names,
                ExpressionAttributeValues: values,
              },
            },
            memberIndexPut(next),
            ...(counters ? statsSteps(current.memberOrgPath, now, { claims: counters }) : []),
            eventStep(claimReviewed(next, told, now)),
          ],
        }),
      );
    } catch (error) {
      // another tap or another staff member moved it between the read and the write: decide on what is there now
      if (failedConditions(error)?.[0]) {
        const now2 = await getClaim(id);
        if (now2 && now2.version === body.version + 1 && isSameStep(now2, body)) return { claim: now2, changed: false, summary: note };
        throw conflict(CLAIM_STALE);
      }
      throw error;
    }
    return { claim: next, changed: true, summary: note };
  });
}

export const OPEN_CLAIMS_PAGE = 20;

/**
 * A page of the open claims of the members of `org`'s subtree, oldest submitted first (the ones
 * waiting longest): one Query of `claim#open` on the org's depth. With `activityId`, only that
 * plan's (a filter on the page: a page may come back shorter, or empty with a cursor; the list of
 * open claims is what staff work through, so what the filter drops is bounded by that).
 */
export async function openClaimsPage(org: Scoped, activityId: string | undefined, cursor?: string) {
  const page = await queryScopePage({
    table: 'claims',
    org,
    list: CLAIM_OPEN_LIST,
    limit: OPEN_CLAIMS_PAGE,
    cursor,
    ascending: true,
    ...(activityId ? { filter: { expression: 'activityId = :activityId', values: { ':activityId': activityId } } } : {}),
  });
  return { items: page.items, nextCursor: page.nextCursor };
}

/** The names of these members (one BatchGet of ≤ 100 of their membership items, name only). */
export async function memberNames(userIds: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const ids = [...new Set(userIds)];
  const table = tableName('members');
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Item[] | undefined = ids.slice(i, i + 100).map((id) => ({ pk: `member#${id}` }));
    for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      const reply = await db().send(
        new BatchGetCommand({
          RequestItems: { [table]: { Keys: keys, ProjectionExpression: 'pk, userId, #n', ExpressionAttributeNames: { '#n': 'name' } } },
        }),
      );
      for (const item of reply.Responses?.[table] ?? []) names.set(String(item.userId), String(item.name ?? ''));
      keys = reply.UnprocessedKeys?.[table]?.Keys as Item[] | undefined;
    }
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Retention (docs/claims-and-draws.md, "Photos and health data"; docs/privacy-and-content.md)

/** Closed claims one sweep run handles at most (one Query; then per claim its photos and one Update). */
export const SWEEP_BATCH = 25;

const SweepItem = z.object({ id: z.string() });

/** Listing pages of one claim's photos a sweep deletes at most (200 objects each: far more than a claim holds). */
const PHOTO_ROUNDS = 5;

/** Deletes every object under the claim's prefix claims/<claimId>/ (what its record names and any page stored but never added). */
async function deleteClaimPhotos(claimId: string): Promise<{ deleted: number; all: boolean }> {
  let deleted = 0;
  for (let round = 0; round < PHOTO_ROUNDS; round++) {
    const outcome = await deleteObjectsUnder(`claims/${claimId}/`);
    deleted += outcome.deleted;
    if (!outcome.more) return { deleted, all: true };
  }
  return { deleted, all: false };
}

/**
 * A claim closed (paid or rejected) more than 3 years ago loses its photos and its medical detail:
 * every object under its prefix claims/<claimId>/ is deleted, the slots keep no pages and no staff
 * notes, the timeline keeps its steps (dates, statuses, who) without any notes (they can name
 * illnesses and materials), and `photosDeleted` is set; the amounts, dates, event and outcome stay
 * (the counts are counters and never change). The
 * claim then moves from `claim#closed` to `claim#swept`, so the next run starts at the next oldest.
 * Bounded: one Query of ≤ SWEEP_BATCH on the city's `claim#closed` list (oldest closed first,
 * listKey before now − 3 years), then per claim one GetItem, its deletes and one conditional Update.
 */
export async function sweepClaimPhotos(now = new Date()): Promise<{ swept: number; photos: number; more: boolean }> {
  const cutoff = yearsAfter(now, -CLAIM_PHOTO_RETENTION_YEARS).toISOString();
  const page = await queryScopePage({
    table: 'claims',
    org: { id: CITY_SCOPE, path: [CITY_SCOPE] },
    list: CLAIM_CLOSED_LIST,
    limit: SWEEP_BATCH,
    ascending: true,
    range: { op: '<', value: cutoff },
  });
  let swept = 0;
  let photos = 0;
  for (const item of page.items) {
    const claim = await getClaim(SweepItem.parse(item).id);
    if (!claim || !claim.closedAt || claim.closedAt >= cutoff) continue;
    // photos first: a run that dies here leaves the claim listed, and the next run deletes what is left
    const deleted = await deleteClaimPhotos(claim.id);
    if (!deleted.all) continue;
    const scope = scopeUpdate(claim.memberOrgPath, CLAIM_SWEPT_LIST, closedListKey(claim.closedAt, claim.id));
    const slots = Object.fromEntries(Object.keys(claim.slots).map((code) => [code, { pages: [] }]));
    const timeline = claim.timeline.map(({ note: _note, ...step }) => step);
    try {
      await db().send(
        new UpdateCommand({
          TableName: T(),
          Key: claimKey(claim.id),
          UpdateExpression: `SET slots = :slots, timeline = :timeline, photosDeleted = :true, version = :next, ${scope.set}${scope.remove ? ` REMOVE ${scope.remove}` : ''}`,
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: {
            ':slots': slots,
            ':timeline': timeline,
            ':true': true,
            ':next': claim.version + 1,
            ':version': claim.version,
            ...scope.values,
          },
        }),
      );
      swept++;
      photos += Math.ceil(deleted.deleted / 2);
    } catch (error) {
      if (!isConditionFailed(error)) throw error; // changed meanwhile: the next run reads it again
    }
  }
  return { swept, photos, more: page.nextCursor !== undefined };
}

/** A draft nobody touched (started, or its pages changed) for this many days is deleted with its photos. */
export const DRAFT_KEPT_DAYS = 30;

/**
 * Drafts never submitted keep health photos: one left untouched for 30 days is deleted — every
 * object under claims/<claimId>/, then the claim and the member's list item in one transaction
 * (conditional on the version read: a page added meanwhile keeps it). Drafts are listed for the city
 * (`claim#draft`, listKey "<createdAt>#<id>"); one whose pages changed since it was listed is listed
 * again by its last change, so the next run starts at the next oldest. Bounded: one Query of
 * ≤ SWEEP_BATCH, then per draft one GetItem, its photos' listing and deletes, and one write.
 */
export async function sweepStaleDrafts(now = new Date()): Promise<{ deleted: number; photos: number; more: boolean }> {
  const cutoff = new Date(now.getTime() - DRAFT_KEPT_DAYS * 24 * 3600 * 1000).toISOString();
  const page = await queryScopePage({
    table: 'claims',
    org: { id: CITY_SCOPE, path: [CITY_SCOPE] },
    list: CLAIM_DRAFT_LIST,
    limit: SWEEP_BATCH,
    ascending: true,
    range: { op: '<', value: cutoff },
  });
  let deleted = 0;
  let photos = 0;
  for (const item of page.items) {
    const claim = await getClaim(SweepItem.parse(item).id);
    if (!claim || claim.status !== 'draft') continue;
    const touched = claim.touchedAt && claim.touchedAt > claim.createdAt ? claim.touchedAt : claim.createdAt;
    try {
      if (touched >= cutoff) {
        // changed since it was listed: listed again by its last change
        const scope = scopeUpdate(claim.memberOrgPath.slice(0, 1), CLAIM_DRAFT_LIST, claimListKey(touched, claim.id));
        await db().send(
          new UpdateCommand({
            TableName: T(),
            Key: claimKey(claim.id),
            UpdateExpression: `SET ${scope.set}`,
            ConditionExpression: 'version = :version AND #status = :draft',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ...scope.values, ':version': claim.version, ':draft': 'draft' },
          }),
        );
        continue;
      }
      // photos first: a run that dies here leaves the draft listed, and the next run deletes what is left
      const gone = await deleteClaimPhotos(claim.id);
      photos += Math.ceil(gone.deleted / 2);
      if (!gone.all) continue;
      await db().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: T(),
                Key: claimKey(claim.id),
                ConditionExpression: 'version = :version AND #status = :draft',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':version': claim.version, ':draft': 'draft' },
              },
            },
            { Delete: { TableName: T(), Key: memberClaimKey(claim.memberId, claim.createdAt, claim.id) } },
            ...(claim.oncePk ? [{ Delete: { TableName: T(), Key: { pk: claim.oncePk, sk: '-' } } }] : []),
          ],
        }),
      );
      deleted++;
    } catch (error) {
      // changed meanwhile (a page added, submitted): the next run reads it again
      if (!failedConditions(error)?.[0] && !isConditionFailed(error)) throw error;
    }
  }
  return { deleted, photos, more: page.nextCursor !== undefined };
}
