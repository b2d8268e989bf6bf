import { z } from 'zod';
import { route } from './route';
import { Id, Opaque } from '../schemas/common';
import { DrawSummary, DrawView, Pardon, PardonResult } from '../schemas/draw';

const ActivityParams = z.strictObject({ activityId: Id });
const Cursor = Opaque({ max: 2000, message: '翻页标记无效，请从第一页重新加载' });

/**
 * Draws (摇号, issue 15). Applying is the ordinary sign-up (POST /activities/{id}/signups) of an
 * activity with allocation 'draw': it answers an `applied` sign-up; cancelling it withdraws.
 */
export const drawRoutes = {
  getDraw: route({
    method: 'GET',
    path: '/activities/{activityId}/draw',
    summary: '摇号公示：承诺值；截止后公布种子、算法和全部报名的顺序（姓名打码），任何人可复算',
    access: 'public',
    params: ActivityParams,
    query: z.strictObject({ cursor: Cursor.optional() }),
    responses: { 200: DrawView },
  }),
};

export const staffDrawRoutes = {
  runDraw: route({
    method: 'POST',
    path: '/staff/activities/{activityId}/draw',
    summary: '报名截止后开始摇号（再次执行得到同一顺序，不会重复分配名额）',
    access: ['staff', 'admin'],
    params: ActivityParams,
    responses: { 200: DrawSummary },
  }),
  pardonNoShow: route({
    method: 'POST',
    path: '/staff/activities/{activityId}/pardons',
    summary: '准许因未签到被限制的会员参加这次摇号（写明原因，记入操作日志）',
    access: ['staff', 'admin'],
    params: ActivityParams,
    body: Pardon,
    responses: { 200: PardonResult },
  }),
};
