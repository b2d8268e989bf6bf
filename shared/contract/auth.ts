import { z } from 'zod';
import { route } from './route';
import { Me, Session, WechatLoginBody } from '../schemas/session';

export const authRoutes = {
  loginWithWechat: route({
    method: 'POST',
    path: '/auth/wechat',
    summary: '用 wx.login 的 code 换取会话',
    access: 'public',
    body: WechatLoginBody,
    responses: { 200: Session },
  }),
  getMe: route({
    method: 'GET',
    path: '/me',
    summary: '当前登录的人',
    access: 'signed-in',
    responses: { 200: z.object({ me: Me }) },
  }),
};
