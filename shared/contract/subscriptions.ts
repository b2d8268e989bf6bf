import { route } from './route';
import { SubscribeTemplates, SubscriptionAnswers, SubscriptionCounts } from '../schemas/subscription';

/** WeChat subscribe messages (docs/notifications.md): the template ids, and the member's answers. */
export const subscriptionRoutes = {
  getSubscribeTemplates: route({
    method: 'GET',
    path: '/subscriptions/templates',
    summary: '订阅消息的模板编号（小程序在点击时请求订阅用）',
    access: 'public',
    responses: { 200: SubscribeTemplates },
  }),
  recordSubscriptions: route({
    method: 'POST',
    path: '/me/subscriptions',
    summary: '记录本人对订阅消息的选择（每次同意可发送一条）',
    access: 'signed-in',
    body: SubscriptionAnswers,
    responses: { 200: SubscriptionCounts },
  }),
};
