import { z } from 'zod';

/**
 * WeChat subscribe messages (docs/notifications.md, "WeChat subscribe messages"): the templates the
 * app asks the member to accept, by our own key. Each maps to a template id from configuration.
 *   review    审核结果: join approved / returned, transfer accepted   (asked on 提交 of the join form)
 *   waitlist  候补成功: a waiting-list place offered, with its deadline (asked on 候补报名)
 *   expiring  名额即将失效: 10 minutes before an offer lapses          (asked on 候补报名)
 *   reminder  活动提醒: the day before and 2 hours before              (asked on 报名 / 候补报名)
 * One accept allows one message (WeChat's one-time subscriptions), so the offer and its warning
 * are two templates: 候补报名 asks for all three at once (WeChat's limit is 3 a tap).
 *   report    处理结果: a station problem report resolved              (asked on 提交 of a report)
 */
export const TemplateKey = z.enum(['review', 'waitlist', 'expiring', 'reminder', 'report'], { error: '消息模板不正确' });
export type TemplateKey = z.infer<typeof TemplateKey>;

/** WeChat's answer per template id (requestSubscribeMessage): accept, reject, ban (switched off), filter (template filtered). */
export const SubscribeAnswer = z.enum(['accept', 'reject', 'ban', 'filter'], { error: '订阅结果不正确' });
export type SubscribeAnswer = z.infer<typeof SubscribeAnswer>;

/** The template ids the app asks with (not secret: WeChat shows them to any mini-program code). */
export const SubscribeTemplates = z.object({
  templates: z.partialRecord(TemplateKey, z.string()),
});
export type SubscribeTemplates = z.infer<typeof SubscribeTemplates>;

export const SubscriptionAnswers = z.strictObject({
  /** made by the app at the tap: a retried POST of the same answers counts once */
  askId: z.string({ error: '缺少订阅请求编号' }).regex(/^[A-Za-z0-9-]{8,64}$/, '订阅请求编号格式不正确'),
  answers: z.partialRecord(TemplateKey, SubscribeAnswer).refine((a) => Object.keys(a).length > 0, '至少需要一个订阅结果'),
});
export type SubscriptionAnswers = z.infer<typeof SubscriptionAnswers>;

/** How many messages of each template the server may still send the caller (WeChat: one per accept). */
export const SubscriptionCounts = z.object({ remaining: z.partialRecord(TemplateKey, z.number().int().nonnegative()) });
export type SubscriptionCounts = z.infer<typeof SubscriptionCounts>;
