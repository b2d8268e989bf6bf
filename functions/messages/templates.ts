import { beijingWechatTime } from '../../shared/beijing-time';
import type { MessageKind, MessageTarget } from '../../shared/schemas/message';
import type { TemplateKey } from '../../shared/schemas/subscription';
import { optionalEnv, stage } from '../lib/config';

/**
 * WeChat subscribe-message templates (docs/notifications.md, "WeChat subscribe messages").
 *
 * Template ids come from configuration: WECHAT_TEMPLATE_REVIEW / _WAITLIST / _EXPIRING / _REMINDER / _REPORT
 * (infra/functions.cjs: fixed fake ids on the local stage, the Secrets Manager secret's
 * wechatTemplate* keys when deployed). A key without an id is simply not asked for nor sent.
 *
 * The field names below (thing1, phrase2, …) are those of the templates chosen from WeChat's public
 * library in the mini-program console; choosing another template means changing its layout here.
 */
export const TEMPLATE_ENV: Record<TemplateKey, string> = {
  review: 'WECHAT_TEMPLATE_REVIEW',
  waitlist: 'WECHAT_TEMPLATE_WAITLIST',
  expiring: 'WECHAT_TEMPLATE_EXPIRING',
  reminder: 'WECHAT_TEMPLATE_REMINDER',
  report: 'WECHAT_TEMPLATE_REPORT',
};

/** The configured template ids, by key (keys without one are left out). */
export function templateIds(): Partial<Record<TemplateKey, string>> {
  const ids: Partial<Record<TemplateKey, string>> = {};
  for (const [key, name] of Object.entries(TEMPLATE_ENV) as [TemplateKey, string][]) {
    const id = optionalEnv(name);
    if (id) ids[key] = id;
  }
  return ids;
}

/** Which version of the mini-program a tap on the message opens. */
export function miniprogramState(): 'developer' | 'trial' | 'formal' {
  const given = optionalEnv('WECHAT_MINIPROGRAM_STATE');
  if (given === 'developer' || given === 'trial' || given === 'formal') return given;
  return stage() === 'prod' ? 'formal' : 'developer';
}

// ---------------------------------------------------------------------------------------------
// Field values, within WeChat's limits (subscribeMessage.send, 参数值内容限制):
//   thing             ≤ 20 characters (汉字, digits, letters, symbols)
//   phrase            ≤ 5 Chinese characters, nothing else
//   time              24-hour time, with the date: 2026年11月30日 14:30
//   character_string  ≤ 32 digits, letters or symbols
// A value over its limit is 47003 for the whole message, so every value is cut here, at a whole
// character (an emoji or a flag is never split), with '…' inside the limit.

const segmenter = new Intl.Segmenter('zh', { granularity: 'grapheme' });

/**
 * `text` cut to at most `limit` UTF-16 units (an emoji counts 2, as some WeChat clients count it:
 * the safe side), whole graphemes only, ending with '…' when cut. Whitespace is collapsed.
 */
export function cut(text: string, limit: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= limit) return clean;
  let out = '';
  for (const { segment } of segmenter.segment(clean)) {
    if (out.length + segment.length + 1 > limit) break;
    out += segment;
  }
  return `${out.trimEnd()}…`;
}

export const thing = (text: string, limit = 20) => cut(text, limit) || '—';

/** ≤ 5 Chinese characters and nothing else (no '…': it is not one); a fallback when none are left. */
export function phrase(text: string, fallback = '已更新'): string {
  const han = Array.from(text.matchAll(/\p{Script=Han}/gu), (m) => m[0]).join('');
  return (han || fallback).slice(0, 5);
}

/** ≤ 32 digits, letters or symbols (ASCII only). */
export const characterString = (text: string) => text.replace(/[^\x21-\x7e]/g, '').slice(0, 32);

export const wechatTime = (at: string) => beijingWechatTime(at);

/** What the sender knows of an inbox item (functions/tables/inbox.ts). */
export interface Deliverable {
  kind: MessageKind;
  title: string;
  body: string;
  createdAt: string;
  /** the event's particulars, recorded with it (events.ts) */
  facts?: Record<string, string>;
  target?: MessageTarget;
}

export type TemplateData = Record<string, { value: string }>;

interface Mapping {
  template: TemplateKey;
  data: (m: Deliverable, limit: number) => Record<string, string>;
}

/** The page a tap on the message opens: the same place as a tap in 消息 (miniapp features/messages). */
export function pageFor(target: MessageTarget | undefined): string {
  switch (target?.screen) {
    case 'card':
      return 'pages/member-card/index';
    case 'signups':
      return target.id ? `pages/my-signups/index?activity=${encodeURIComponent(target.id)}` : 'pages/my-signups/index';
    case 'station':
      return target.id ? `pages/station/index?id=${encodeURIComponent(target.id)}` : 'pages/stations/index';
    case 'inspection':
      return target.id ? `supervise/pages/inspection/index?id=${encodeURIComponent(target.id)}` : 'inbox/pages/messages/index';
    case 'claim':
      return target.id ? `care/pages/claim/index?id=${encodeURIComponent(target.id)}` : 'care/pages/my-claims/index';
    default:
      return 'inbox/pages/messages/index';
  }
}

const fact = (m: Deliverable, name: string) => m.facts?.[name];

/**
 * Each inbox kind → its template, page and fields; kinds not listed stay in the inbox only
 * (invitation.accepted: the inviter never tapped anything that could ask).
 * `limit` is the `thing` limit: 20, or less on the one retry after WeChat refused a field (47003).
 */
export const MAPPINGS: Partial<Record<MessageKind, Mapping>> = {
  // 审核结果: 申请事项 thing1, 审核结果 phrase2, 备注 thing3, 审核时间 time4
  'join.approved': {
    template: 'review',
    data: (m, limit) => ({
      thing1: thing('工会入会申请', limit),
      phrase2: '已通过',
      thing3: thing(`${fact(m, 'org') ?? ''}会员卡已可使用`, limit),
      time4: wechatTime(m.createdAt),
    }),
  },
  'join.returned': {
    template: 'review',
    data: (m, limit) => ({
      thing1: thing('工会入会申请', limit),
      phrase2: '已退回',
      thing3: thing(`原因：${fact(m, 'reason') ?? '未说明'}`, limit),
      time4: wechatTime(m.createdAt),
    }),
  },
  // the transfer was asked for by the member; the same 审核结果 template tells its outcome
  'transfer.accepted': {
    template: 'review',
    data: (m, limit) => ({
      thing1: thing('组织关系转移', limit),
      phrase2: '已完成',
      thing3: thing(`已转入${fact(m, 'org') ?? '新的工会'}`, limit),
      time4: wechatTime(m.createdAt),
    }),
  },
  // 候补成功: 活动名称 thing1, 候补状态 phrase2, 确认截止 time3, 温馨提示 thing4
  'offer.made': {
    template: 'waitlist',
    data: (m, limit) => ({
      thing1: thing(fact(m, 'activity') ?? m.title, limit),
      phrase2: '候补成功',
      time3: wechatTime(fact(m, 'deadline') ?? m.createdAt),
      thing4: thing('请在截止前确认，逾期顺延', limit),
    }),
  },
  // 名额即将失效 (its own template: one accept is one message): the same fields
  'offer.expiring': {
    template: 'expiring',
    data: (m, limit) => ({
      thing1: thing(fact(m, 'activity') ?? m.title, limit),
      phrase2: '即将失效',
      time3: wechatTime(fact(m, 'deadline') ?? m.createdAt),
      thing4: thing('名额即将失效，请尽快确认', limit),
    }),
  },
  // 活动提醒: 活动名称 thing1, 开始时间 time2, 活动地点 thing3, 温馨提示 thing4
  'activity.reminder': {
    template: 'reminder',
    data: (m, limit) => ({
      thing1: thing(fact(m, 'activity') ?? m.title, limit),
      time2: wechatTime(fact(m, 'startsAt') ?? m.createdAt),
      thing3: thing(fact(m, 'place') ?? '详见活动页', limit),
      thing4: thing(fact(m, 'note') ?? m.body, limit),
    }),
  },
  // a claim's review steps (the member asked for 审核结果 on 提交): 申请事项, the step, what it means, when
  ...claimMappings(),
  // 处理结果: 反馈事项 thing1, 处理结果 phrase2, 处理说明 thing3, 处理时间 time4
  'report.resolved': {
    template: 'report',
    data: (m, limit) => ({
      thing1: thing(`${fact(m, 'station') ?? ''}${fact(m, 'problem') ?? '问题反馈'}`, limit),
      phrase2: '已处理',
      thing3: thing(fact(m, 'note') ?? '感谢您的反馈', limit),
      time4: wechatTime(m.createdAt),
    }),
  },
};

/** 互助保障理赔: each review step as a 审核结果 (needs-more, approved, forwarded, paid, rejected). */
function claimMappings(): Partial<Record<MessageKind, Mapping>> {
  const result: [MessageKind, string][] = [
    ['claim.needs-more', '需补充材料'],
    ['claim.approved', '已核准'],
    ['claim.forwarded', '已报送'],
    ['claim.paid', '已赔付'],
    ['claim.rejected', '未通过'],
  ];
  return Object.fromEntries(
    result.map(([kind, outcome]) => [
      kind,
      {
        template: 'review',
        data: (m: Deliverable, limit: number) => ({
          thing1: thing(fact(m, 'claim') ?? '互助保障理赔', limit),
          phrase2: outcome,
          thing3: thing(fact(m, 'note') ?? m.title, limit),
          time4: wechatTime(m.createdAt),
        }),
      } satisfies Mapping,
    ]),
  );
}

export interface SubscribeMessage {
  template: TemplateKey;
  templateId: string;
  page: string;
  data: TemplateData;
}

/**
 * The subscribe message for an inbox item, or null when its kind is inbox-only or its template
 * has no id configured. `limit` < 20 on the retry after a 47003.
 */
export function messageFor(m: Deliverable, limit = 20): SubscribeMessage | null {
  const mapping = MAPPINGS[m.kind];
  if (!mapping) return null;
  const templateId = templateIds()[mapping.template];
  if (!templateId) return null;
  const fields = mapping.data(m, limit);
  return {
    template: mapping.template,
    templateId,
    page: pageFor(m.target),
    data: Object.fromEntries(Object.entries(fields).map(([k, value]) => [k, { value }])),
  };
}
