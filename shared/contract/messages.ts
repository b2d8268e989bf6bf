import { z } from 'zod';
import { route } from './route';
import { Opaque } from '../schemas/common';
import { MarkRead, MarkReadResult, MessagePage, UnreadCount } from '../schemas/message';

const Cursor = Opaque({ max: 500, message: '翻页标记无效，请从第一页重新加载' });

/** 我的 → 消息: what happened to me (docs/notifications.md). */
export const messageRoutes = {
  listMyMessages: route({
    method: 'GET',
    path: '/me/messages',
    summary: '我的消息：新的在前，每页 20 条',
    access: 'signed-in',
    query: z.strictObject({ cursor: Cursor.optional() }),
    responses: { 200: MessagePage },
  }),
  markMyMessagesRead: route({
    method: 'POST',
    path: '/me/messages/read',
    summary: '把消息标为已读（所选的，或全部）',
    access: 'signed-in',
    body: MarkRead,
    responses: { 200: MarkReadResult },
  }),
  getMyUnreadCount: route({
    method: 'GET',
    path: '/me/messages/unread-count',
    summary: '未读消息数（「我的」角标；超过 99 显示 99+）',
    access: 'signed-in',
    responses: { 200: UnreadCount },
  }),
};
