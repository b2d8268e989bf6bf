import { createHash, randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { addDays, beijingDate } from '../../shared/beijing-time';
import { ClaimStatus, type Claim, type ClaimRules, type ClaimSummary } from '../../shared/schemas/claim';
import { claimPageLinks } from '../lib/claim-photos';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { db, tableName } from '../lib/db';
import { failedConditions, isConditionFailed, recordOf, withConflictRetry, type Item } from '../lib/dynamo';
import { conflict, DomainError } from '../lib/errors';
import { scopeAttributes, scopeUpdate, withoutScope } from '../lib/scope-keys';
import { statsSteps } from './stats';

/**
 * claims table (docs/claims-and-draws.md, "Claims"), pk + sk:
 *   claim#<id> / -                        the claim (ClaimRecord). From its first submit it is listed
 *                                         for the member's org and every ancestor (lib/scope-keys.ts):
 *                                         scope<d> = "<org>#claim#open" until paid or rejected, then
 *                                         "…#claim#closed"; listKey "<submittedAt>#<id>" (oldest first =
 *                                         by age). A draft is listed only for the city (scope0 =
 *                                         "<city>#claim#draft", listKey "<createdAt or last touched>#<id>"):
 *                                         the daily sweep deletes drafts untouched for 30 days.
 *   member#<memberId> / claim#<createdAt>#<id>   the member's list (我的理赔): a summary, rewritten in
 *                                         the same transaction as every status change (with the
 *                                         claim's expiresAt once closed: both go by TTL together)
 *   once#<hash(user, clientRequestId)> / -       a started claim: a replayed start answers the same draft
 *   claimant#<memberId>#<yyyy-mm> / -     the member filed a claim that Beijing month: the stats'
 *                                         `people` counts each member once a month
 * Every change is one conditional write on `version` (and `status`): +1 each time.
 */
export const CLAIMS_TABLE = 'claims' as const;
const T = () => tableName('claims');

/** Open (staff work on it) or closed (paid, rejected): the scope list a submitted claim is in. */
export const CLAIM_OPEN_LIST = 'claim#open';
export const CLAIM_CLOSED_LIST = 'claim#closed';
/** Drafts, listed for the city only (scope0): what the sweep reads to delete the ones left untouched. */
export const CLAIM_DRAFT_LIST = 'claim#draft';
export const claimListKey = (submittedAt: string, id: string) => `${submittedAt}#${id}`;

export const claimKey = (id: string) => ({ pk: `claim#${id}`, sk: '-' });
export const memberClaimKey = (memberId: string, createdAt: string, id: string) => ({
  pk: `member#${memberId}`,
  sk: `claim#${createdAt}#${id}`,
});
const onceKey = (memberId: string, clientRequestId: string) => ({
  pk: `once#${createHash('sha256').update(`${memberId}\u0000${clientRequestId}`).digest('hex').slice(0, 32)}`,
  sk: '-',
});
const claimantKey = (memberId: string, at: string) => ({ pk: `claimant#${memberId}#${beijingDate(at).slice(0, 7)}`, sk: '-' });

/** A replayed start within this many days answers the same draft. */
const ONCE_KEPT_DAYS = 30;
const MAX_TIMELINE = 30;
export const CLAIM_STALE = '这笔理赔刚被更新，请刷新后再操作';

const Page = z.object({
  id: z.string(),
  key: z.string(),
  thumbKey: z.string(),
  /** when the member added it: a page added after staff asked for the item answers the request */
  addedAt: z.string().optional(),
});
export type ClaimPageRecord = z.infer<typeof Page>;
const Slot = z.object({
  pages: z.array(Page),
  requested: z.object({ note: z.string(), at: z.string() }).optional(),
});
export type ClaimSlotRecord = z.infer<typeof Slot>;
const ItemRule = z.object({
  code: z.string(),
  label: z.string(),
  hint: z.string().optional(),
  required: z.boolean(),
  maxPages: z.number().int(),
});
const Step = z.object({ at: z.string(), status: ClaimStatus, note: z.string().optional(), by: z.string().optional() });
export type ClaimStepRecord = z.infer<typeof Step>;

/** The claim as stored (what is in the table, not what is accepted). */
export const ClaimRecord = z.object({
  id: z.string(),
  activityId: z.string(),
  planTitle: z.string(),
  planOrgId: z.string(),
  /** the member's userId: never returned */
  memberId: z.string(),
  memberOrgId: z.string(),
  /** the member's org path (city first): staff of any org on it handle the claim */
  memberOrgPath: z.array(z.string()),
  event: z.string(),
  eventLabel: z.string(),
  eventDate: z.string(),
  deadline: z.string(),
  /** the event's checklist, copied at the start: later rule changes do not move a claim's goalposts */
  checklist: z.array(ItemRule),
  slots: z.record(z.string(), Slot),
  status: ClaimStatus,
  version: z.number().int(),
  timeline: z.array(Step),
  amountFen: z.number().int().optional(),
  paidFen: z.number().int().optional(),
  paidOn: z.string().optional(),
  reference: z.string().optional(),
  rejectReason: z.string().optional(),
  consentVersion: z.string(),
  consentAt: z.string(),
  createdAt: z.string(),
  submittedAt: z.string().optional(),
  closedAt: z.string().optional(),
  photosDeleted: z.boolean().optional(),
  expiresAt: z.number().optional(),
  /** a draft's last change of its pages (the draft sweep counts its 30 days from this or createdAt) */
  touchedAt: z.string().optional(),
  /** the pk of its start's once marker: deleted with the claim (注销, the draft sweep) */
  oncePk: z.string().optional(),
});
export type ClaimRecord = z.infer<typeof ClaimRecord>;

const toRecord = (item: Item): ClaimRecord => {
  const { pk: _pk, sk: _sk, ...rest } = withoutScope(item);
  return recordOf(ClaimRecord, rest);
};

export async function getClaim(id: string, consistent = true): Promise<ClaimRecord | null> {
  const { Item } = await db().send(new GetCommand({ TableName: T(), Key: claimKey(id), ConsistentRead: consistent }));
  return Item ? toRecord(Item) : null;
}

/** The member's list item: what 我的理赔 shows without reading the claims. */
export function summaryOf(c: ClaimRecord): ClaimSummary {
  return {
    id: c.id,
    activityId: c.activityId,
    planTitle: c.planTitle,
    eventLabel: c.eventLabel,
    eventDate: c.eventDate,
    status: c.status,
    createdAt: c.createdAt,
    ...(c.submittedAt ? { submittedAt: c.submittedAt } : {}),
    ...(c.amountFen !== undefined ? { amountFen: c.amountFen } : {}),
    ...(c.paidFen !== undefined ? { paidFen: c.paidFen } : {}),
  };
}

/** The Put of the member's list item for `c` as it will stand (goes into every status change's transaction). */
export function memberIndexPut(c: ClaimRecord) {
  return {
    Put: {
      TableName: T(),
      Item: {
        ...memberClaimKey(c.memberId, c.createdAt, c.id),
        ...summaryOf(c),
        ...(c.expiresAt !== undefined ? { expiresAt: c.expiresAt } : {}),
      },
    },
  };
}

/** The claim as its member (and, with the member added, staff) sees it: slots in checklist order, pages by 10-minute links. */
export async function claimView(c: ClaimRecord): Promise<Claim> {
  const slots = await Promise.all(
    c.checklist.map(async (rule) => {
      const slot = c.slots[rule.code] ?? { pages: [] };
      return {
        item: rule.code,
        label: rule.label,
        ...(rule.hint ? { hint: rule.hint } : {}),
        required: rule.required,
        maxPages: rule.maxPages,
        pages: c.photosDeleted ? [] : await claimPageLinks(slot.pages),
        ...(slot.requested ? { requested: slot.requested } : {}),
      };
    }),
  );
  return {
    id: c.id,
    activityId: c.activityId,
    planTitle: c.planTitle,
    event: c.event,
    eventLabel: c.eventLabel,
    eventDate: c.eventDate,
    deadline: c.deadline,
    status: c.status,
    version: c.version,
    slots,
    timeline: c.timeline,
    ...(c.amountFen !== undefined ? { amountFen: c.amountFen } : {}),
    ...(c.paidFen !== undefined ? { paidFen: c.paidFen } : {}),
    ...(c.paidOn ? { paidOn: c.paidOn } : {}),
    ...(c.reference ? { reference: c.reference } : {}),
    ...(c.rejectReason ? { rejectReason: c.rejectReason } : {}),
    consentVersion: c.consentVersion,
    createdAt: c.createdAt,
    ...(c.submittedAt ? { submittedAt: c.submittedAt } : {}),
    ...(c.photosDeleted ? { photosDeleted: true } : {}),
  };
}

/** The last day a claim for an event on `eventDate` may be filed: `days` after it. */
export const claimDeadline = (eventDate: string, days: number): string => addDays(eventDate, days);

export type NewClaim = Omit<ClaimRecord, 'id' | 'status' | 'version' | 'timeline' | 'slots' | 'createdAt'>;

/**
 * Starts a draft, once per (member, clientRequestId): the claim, the member's list item and the
 * once marker in one transaction. A replay (the marker is there) answers the draft it made.
 */
export async function startClaim(
  draft: NewClaim,
  clientRequestId: string,
  now = new Date(),
): Promise<{ claim: ClaimRecord; created: boolean }> {
  const once = onceKey(draft.memberId, clientRequestId);
  const replayed = async () => {
    const { Item } = await db().send(new GetCommand({ TableName: T(), Key: once, ConsistentRead: true }));
    const claim = Item ? await getClaim(String(Item.claimId)) : null;
    return claim ? { claim, created: false } : null;
  };
  const earlier = await replayed();
  if (earlier) return earlier;
  const createdAt = now.toISOString();
  const claim: ClaimRecord = {
    ...draft,
    id: `c-${randomUUID()}`,
    status: 'draft',
    version: 1,
    slots: Object.fromEntries(draft.checklist.map((i) => [i.code, { pages: [] }])),
    timeline: [{ at: createdAt, status: 'draft', note: '同意健康信息使用说明，开始申请' }],
    createdAt,
    oncePk: once.pk,
  };
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: T(),
              Item: { ...once, claimId: claim.id, expiresAt: Math.floor(now.getTime() / 1000) + ONCE_KEPT_DAYS * 24 * 3600 },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: T(),
              // listed for the city's draft sweep only (scope0): nobody's list of claims shows drafts
              Item: {
                ...claimKey(claim.id),
                ...claim,
                ...scopeAttributes(draft.memberOrgPath.slice(0, 1), CLAIM_DRAFT_LIST, claimListKey(createdAt, claim.id)),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          memberIndexPut(claim),
        ],
      }),
    );
    return { claim, created: true };
  } catch (error) {
    // the same start raced this one (a double tap): answer what it made
    if (failedConditions(error)?.[0]) {
      const raced = await replayed();
      if (raced) return raced;
    }
    throw error;
  }
}

/**
 * Writes `next` over `current` if nobody changed the claim meanwhile (same version): slots and
 * timeline as computed from what was read. False when the claim moved on (read it again).
 */
export async function replaceSlots(current: ClaimRecord, slots: ClaimRecord['slots'], now = new Date()): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: T(),
        Key: claimKey(current.id),
        UpdateExpression: 'SET slots = :slots, version = :next, touchedAt = :now',
        ConditionExpression: '#status = :status AND version = :version',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':slots': slots,
          ':next': current.version + 1,
          ':now': now.toISOString(),
          ':status': current.status,
          ':version': current.version,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}

const withStep = (timeline: ClaimStepRecord[], step: ClaimStepRecord) => [...timeline, step].slice(-MAX_TIMELINE);

/**
 * Draft → submitted, or needs-more → submitted (what staff asked for is cleared), in one transaction
 * with the member's list item. The first submit also lists the claim for staff (open) and counts it
 * (stats family `claims`: `submitted`, and `people` the first time the member files in the Beijing
 * month, by a marker written in the same transaction). False when the claim moved on meanwhile.
 */
export async function submitClaim(current: ClaimRecord, note: string, now = new Date()): Promise<ClaimRecord | null> {
  const at = now.toISOString();
  const first = current.submittedAt === undefined;
  const slots = Object.fromEntries(Object.entries(current.slots).map(([code, { pages }]) => [code, { pages }]));
  const next: ClaimRecord = {
    ...current,
    status: 'submitted',
    version: current.version + 1,
    slots,
    timeline: withStep(current.timeline, { at, status: 'submitted', note }),
    submittedAt: current.submittedAt ?? at,
  };
  const scope = first ? scopeUpdate(current.memberOrgPath, CLAIM_OPEN_LIST, claimListKey(at, current.id)) : null;
  const claimant = claimantKey(current.memberId, at);
  const run = async (countPerson: boolean) => {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: T(),
              Key: claimKey(current.id),
              UpdateExpression: `SET #status = :submitted, version = :next, slots = :slots, timeline = :timeline, submittedAt = :submittedAt${scope ? `, ${scope.set}` : ''}`,
              ConditionExpression: '#status = :status AND version = :version',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':submitted': 'submitted',
                ':next': next.version,
                ':slots': next.slots,
                ':timeline': next.timeline,
                ':submittedAt': next.submittedAt,
                ':status': current.status,
                ':version': current.version,
                ...scope?.values,
              },
            },
          },
          memberIndexPut(next),
          ...(first && countPerson
            ? [
                {
                  Put: {
                    TableName: T(),
                    Item: { ...claimant, expiresAt: Math.floor(now.getTime() / 1000) + 400 * 24 * 3600 },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                },
              ]
            : []),
          ...(first ? statsSteps(current.memberOrgPath, at, { claims: { submitted: 1, ...(countPerson ? { people: 1 } : {}) } }) : []),
        ],
      }),
    );
  };
  return withConflictRetry(async () => {
    const counted = first
      ? (await db().send(new GetCommand({ TableName: T(), Key: claimant, ConsistentRead: true }))).Item !== undefined
      : true;
    try {
      await run(!counted);
      return next;
    } catch (error) {
      const failed = failedConditions(error);
      if (failed?.[0]) return null;
      // another claim of the member's counted them this month a moment ago: count this one without
      if (failed?.[2]) {
        await run(false).catch((again: unknown) => {
          if (failedConditions(again)?.[0]) throw conflict(CLAIM_STALE);
          throw again;
        });
        return next;
      }
      throw error;
    }
  });
}

const MemberCursor = z.strictObject({ pk: z.string().max(200), sk: z.string().min(1).max(300) });
export const MY_CLAIMS_PAGE = 20;

/** A page of the member's claims, newest first: one Query. */
export async function myClaimsPage(memberId: string, cursor?: string): Promise<{ claims: ClaimSummary[]; nextCursor?: string }> {
  const pk = `member#${memberId}`;
  const start = decodeCursor(cursor, MemberCursor);
  if (start && (start.pk !== pk || !start.sk.startsWith('claim#')))
    throw new DomainError('bad_request', undefined, { cursor: ['翻页标记无效，请从第一页重新加载'] });
  const reply = await db().send(
    new QueryCommand({
      TableName: T(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :claim)',
      ExpressionAttributeValues: { ':pk': pk, ':claim': 'claim#' },
      ScanIndexForward: false,
      Limit: MY_CLAIMS_PAGE,
      ExclusiveStartKey: start,
    }),
  );
  const Summary = z.object({
    id: z.string(),
    activityId: z.string(),
    planTitle: z.string(),
    eventLabel: z.string(),
    eventDate: z.string(),
    status: ClaimStatus,
    createdAt: z.string(),
    submittedAt: z.string().optional(),
    amountFen: z.number().int().optional(),
    paidFen: z.number().int().optional(),
  });
  return {
    claims: (reply.Items ?? []).map((i) => recordOf(Summary, i)),
    ...(reply.LastEvaluatedKey ? { nextCursor: encodeCursor(reply.LastEvaluatedKey) } : {}),
  };
}

/** Sets a plan's claim rules on its activity item (only an existing plan's). False when there is no such plan. */
export async function setClaimRules(activityId: string, rules: ClaimRules): Promise<boolean> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName('activities'),
        Key: { id: activityId },
        UpdateExpression: 'SET claimRules = :rules',
        ConditionExpression: 'attribute_exists(orgId) AND category = :plan',
        ExpressionAttributeValues: { ':rules': rules, ':plan': 'plan' },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}
