import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beijingExport } from '../../shared/beijing-time';
import { signupStatusLabel, type SignupStatus } from '../../shared/schemas/activity';
import { claimStatusLabel, type ClaimStatus } from '../../shared/schemas/claim';
import { yuan } from '../../shared/money';
import { reportTypeLabel, type ReportType } from '../../shared/schemas/feedback';
import { cardRequestLabel, genderLabel, membershipStatusLabel, occupationLabel } from '../../shared/schemas/membership';
import { roleLabel } from '../../shared/schemas/session';
import { db, tableName } from '../lib/db';
import { isConditionFailed, queryPage, type Item, type StartKey } from '../lib/dynamo';
import type { MemberRecord } from '../tables/members';
import type { User } from '../tables/users';

/**
 * 导出我的数据 (PIPL: see and copy): everything held about one person, as an .xlsx (one sheet per
 * kind, Chinese headings, Beijing times) and as JSON. Bounded: the person's own items only, read a
 * page (≤ 100) at a time, at most MAX_ROWS of each kind (the sheet says when there were more).
 */

export const MAX_ROWS = 1000;
const PAGE = 100;
/** How long the links work. */
export const LINK_SECONDS = 10 * 60;

const t = (at: unknown) => (typeof at === 'string' && at ? beijingExport(at) : '');

/** Every page of one Query, up to MAX_ROWS items (one request per ≤ 100). */
async function upTo(input: Parameters<typeof queryPage>[0]): Promise<{ items: Item[]; more: boolean }> {
  const items: Item[] = [];
  let start: StartKey;
  do {
    const page = await queryPage({ ...input, Limit: Math.min(PAGE, MAX_ROWS - items.length) }, start);
    items.push(...page.items);
    start = page.nextKey;
  } while (start && items.length < MAX_ROWS);
  return { items, more: Boolean(start) };
}

export interface PersonalData {
  account: Record<string, string>;
  membership: Record<string, string> | null;
  membershipHistory: Record<string, string>[];
  signups: Record<string, string | number>[];
  messages: Record<string, string>[];
  posts: Record<string, string>[];
  reports: Record<string, string>[];
  /** 互助保障理赔: a summary of each claim (plan, event, dates, status, amounts); no photos */
  claims: Record<string, string>[];
  /** kinds cut at MAX_ROWS */
  truncated: string[];
}

/** Reads what is held about the person: their own items, by key or by their own index entries. */
export async function collectPersonalData(user: User, member: MemberRecord | null, orgName: string): Promise<PersonalData> {
  const [signups, messages, posts, reports, claims] = await Promise.all([
    upTo({
      TableName: tableName('signups'),
      IndexName: 'byMember',
      KeyConditionExpression: 'memberId = :m',
      ExpressionAttributeValues: { ':m': user.id },
    }),
    upTo({
      TableName: tableName('inbox'),
      KeyConditionExpression: 'userId = :u',
      ExpressionAttributeValues: { ':u': user.id },
    }),
    upTo({
      TableName: tableName('feedback'),
      IndexName: 'byAuthor',
      KeyConditionExpression: 'userId = :u',
      ExpressionAttributeValues: { ':u': user.id },
    }),
    upTo({
      TableName: tableName('feedback'),
      IndexName: 'byReporter',
      KeyConditionExpression: 'reporterId = :u',
      ExpressionAttributeValues: { ':u': user.id },
    }),
    // the member's list of claims (tables/claims.ts): the summaries 我的理赔 shows, newest first
    upTo({
      TableName: tableName('claims'),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :claim)',
      ExpressionAttributeValues: { ':pk': `member#${user.id}`, ':claim': 'claim#' },
      ScanIndexForward: false,
    }),
  ]);
  const truncated = Object.entries({ 报名: signups, 消息: messages, 留言: posts, 问题反馈: reports, 理赔: claims })
    .filter(([, r]) => r.more)
    .map(([k]) => k);
  return {
    account: {
      用户编号: user.id,
      身份: roleLabel[user.role],
      称呼: user.displayName,
      首次登录: t(user.createdAt),
      微信身份:
        '登录用不可还原的摘要（SHA-256）认出您；openid 另行保存，只用于向您发送您允许的微信订阅消息，不对外提供、不向任何人显示，注销时删除',
      同意的隐私保护指引版本: user.privacyConsentVersion ?? '',
      同意时间: t(user.privacyConsentedAt),
      撤回同意时间: t(user.privacyWithdrawnAt),
    },
    membership: member
      ? {
          会员号: member.memberNo,
          姓名: member.name,
          手机号: member.mobile,
          工作单位或平台: member.employer,
          职业: occupationLabel[member.occupation],
          新就业形态: member.newEmploymentForm ? '是' : '否',
          性别: member.gender ? genderLabel[member.gender] : '',
          所属工会: orgName,
          会籍状态: membershipStatusLabel[member.status],
          退回原因: member.rejectReason ?? '',
          入会时间: t(member.joinedAt),
          入会活动: member.eventTitle ?? '',
          互助服务卡: cardRequestLabel[member.cardRequest],
        }
      : null,
    membershipHistory: (member?.history ?? []).map((h) => ({ 时间: t(h.at), 事项: h.what, 经办: h.by ?? '' })),
    signups: signups.items
      .map((s) => ({
        活动: String(s.activityTitle ?? ''),
        状态: signupStatusLabel[s.status as SignupStatus] ?? String(s.status),
        名额: Number(s.places ?? 1),
        孩子: Array.isArray(s.children)
          ? (s.children as { name: string; age: number }[]).map((c) => `${c.name}(${c.age}岁)`).join('、')
          : '',
        报名时间: t(s.createdAt),
        签到时间: t(s.checkedInAt),
      }))
      .sort((a, b) => b.报名时间.localeCompare(a.报名时间)),
    messages: messages.items
      .map((m) => ({ 时间: t(m.createdAt), 标题: String(m.title ?? ''), 内容: String(m.body ?? ''), 已读: m.unreadOf ? '未读' : '已读' }))
      .sort((a, b) => b.时间.localeCompare(a.时间)),
    posts: posts.items.map((p) => ({ 时间: t(p.createdAt), 内容: String(p.text ?? ''), 显示名: String(p.authorName ?? '') })),
    reports: reports.items.map((r) => ({
      时间: t(r.createdAt),
      驿站: String(r.stationName ?? ''),
      问题: reportTypeLabel[r.type as ReportType] ?? String(r.type),
      说明: String(r.note ?? ''),
      状态: r.status === 'resolved' ? '已处理' : '待处理',
      处理说明: String(r.resolutionNote ?? ''),
    })),
    claims: claims.items.map((c) => ({
      互助保障计划: String(c.planTitle ?? ''),
      事项: String(c.eventLabel ?? ''),
      事发日期: String(c.eventDate ?? ''),
      申请时间: t(c.createdAt),
      提交时间: t(c.submittedAt),
      状态: claimStatusLabel[c.status as ClaimStatus] ?? String(c.status),
      核准金额: typeof c.amountFen === 'number' ? yuan(c.amountFen) : '',
      赔付金额: typeof c.paidFen === 'number' ? yuan(c.paidFen) : '',
    })),
    truncated,
  };
}

/** The readable copy: one sheet per kind, a header row in Chinese, one row per item. */
export async function toWorkbook(data: PersonalData, createdAt: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.created = new Date(createdAt);
  const keyValue = (name: string, record: Record<string, string> | null, empty: string) => {
    const sheet = book.addWorksheet(name);
    sheet.columns = [
      { header: '项目', key: 'k', width: 22 },
      { header: '内容', key: 'v', width: 60 },
    ];
    if (!record) sheet.addRow({ k: empty, v: '' });
    else for (const [k, v] of Object.entries(record)) sheet.addRow({ k, v });
  };
  const table = (name: string, rows: Record<string, string | number>[], empty: string) => {
    const sheet = book.addWorksheet(name);
    const headers = rows[0] ? Object.keys(rows[0]) : ['说明'];
    sheet.columns = headers.map((h) => ({ header: h, key: h, width: h === '内容' ? 60 : 20 }));
    if (rows.length === 0) sheet.addRow({ 说明: empty });
    for (const row of rows) sheet.addRow(row);
    if (data.truncated.includes(name)) sheet.addRow({ [headers[0]!]: `只列出最近 ${MAX_ROWS} 条，更早的请联系您所属工会` });
  };
  keyValue('说明', { 导出时间: t(createdAt), 内容: '工会服务保存的关于您的全部个人信息', 时间: '均为北京时间' }, '');
  keyValue('账号', data.account, '');
  keyValue('会籍', data.membership, '未入会，没有保存入会信息');
  table('会籍记录', data.membershipHistory, '没有记录');
  table('报名', data.signups, '没有报名记录');
  table('消息', data.messages, '没有消息');
  table('留言', data.posts, '没有留言');
  table('问题反馈', data.reports, '没有问题反馈');
  table('理赔', data.claims, '没有理赔申请（材料照片不在导出中：请在「我的理赔」中查看）');
  return Buffer.from(await book.xlsx.writeBuffer());
}

// ---- one file per window -------------------------------------------------------------------------

const markerKey = (userId: string, window: number) => ({
  pk: `export#${createHash('sha256').update(`export:${userId}`).digest('hex').slice(0, 32)}#${window}`,
});

export type ExportClaim = { build: true } | { ready: { createdAt: string } } | { building: true };

/**
 * Claims the window's export with a conditional put: exactly one caller builds; the others find it
 * built (or being built). The marker keeps no personal data and is purged by TTL after a day.
 */
export async function claimExport(userId: string, window: number, now: Date): Promise<ExportClaim> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName('users'),
        Item: {
          ...markerKey(userId, window),
          status: 'building',
          createdAt: now.toISOString(),
          expiresAt: Math.floor(now.getTime() / 1000) + 86_400,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR #status = :failed',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':failed': 'failed' },
      }),
    );
    return { build: true };
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    return exportState(userId, window);
  }
}

export async function exportState(userId: string, window: number): Promise<ExportClaim> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('users'), Key: markerKey(userId, window), ConsistentRead: true }));
  if (Item?.status === 'ready') return { ready: { createdAt: String(Item.createdAt) } };
  return { building: true };
}

export async function markExportReady(userId: string, window: number): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName('users'),
      Key: markerKey(userId, window),
      UpdateExpression: 'SET #status = :ready',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':ready': 'ready' },
    }),
  );
}

/** A failed build gives the window back, so the next tap builds again. */
export async function releaseExport(userId: string, window: number): Promise<void> {
  await db()
    .send(
      new UpdateCommand({
        TableName: tableName('users'),
        Key: markerKey(userId, window),
        UpdateExpression: 'SET #status = :failed',
        ConditionExpression: '#status = :building',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':failed': 'failed', ':building': 'building' },
      }),
    )
    .catch(() => undefined);
}
