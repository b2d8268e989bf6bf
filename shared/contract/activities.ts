import { z } from 'zod';
import { route } from './route';
import { Id, Instant, Opaque, Text } from '../schemas/common';
import { Activity, ActivityEdit, ActivityInput, Capacity, Signup, SignupRequest, SignupStatus } from '../schemas/activity';
import { Mobile } from '../schemas/membership';

const ActivityParams = z.strictObject({ activityId: Id });
/** Where the previous page of a list ended (opaque, checked by the server). */
const Cursor = Opaque({ max: 2000, message: '翻页标记无效，请从第一页重新加载' });

/** A member's view of an activity: whether they may sign up, and the reason in Chinese if not. */
export const ActivityForMember = Activity.extend({ eligible: z.boolean(), whyNot: z.string().optional(), mySignup: Signup.optional() });

export const CheckInResult = z.object({
  result: z.enum(['checked-in', 'already', 'not-signed-up', 'cancelled', 'not-found', 'wrong-activity']),
  message: z.string(),
  name: z.string().optional(),
  at: Instant.optional(),
  by: z.string().optional(),
});

/** Member number as printed on the card: staff pick it from a search when the QR cannot be scanned. */
const MemberNo = z.string().regex(/^[0-9A-Za-z-]{4,32}$/, '会员号格式不正确');

/** A sign-up found by name or phone at the door: masked, enough to tell people apart. */
export const SignupMatch = z.object({
  memberNo: z.string(),
  name: z.string(),
  phone: z.string(),
  status: SignupStatus,
  places: z.number().int(),
  checkedInAt: Instant.optional(),
});

export const activityRoutes = {
  listActivities: route({
    method: 'GET',
    path: '/activities',
    summary:
      '未结束的活动与福利，先结束的在前，一页至多 20 个（不能报名的写明原因）：会员看面向所有职工的和本工会链上的会员专属活动，非会员只看面向所有职工的',
    access: 'signed-in',
    query: z.strictObject({ cursor: Cursor.optional() }),
    responses: {
      200: z.object({
        activities: z.array(ActivityForMember),
        nextCursor: z.string().optional(),
        /** false: the list leaves out member-only activities (the app invites to join) */
        member: z.boolean(),
      }),
    },
  }),
  signUp: route({
    method: 'POST',
    path: '/activities/{activityId}/signups',
    summary: '报名：名额内即报名成功，满额则候补（给出位次）',
    access: 'signed-in',
    params: ActivityParams,
    body: SignupRequest,
    responses: { 201: z.object({ signup: Signup, created: z.boolean() }) },
  }),
  cancelSignup: route({
    method: 'POST',
    path: '/activities/{activityId}/signups/cancel',
    summary: '取消报名（空出的名额按顺序给候补）',
    access: 'signed-in',
    params: ActivityParams,
    responses: { 200: Signup },
  }),
  confirmOffer: route({
    method: 'POST',
    path: '/activities/{activityId}/signups/confirm',
    summary: '候补到位后确认参加',
    access: 'signed-in',
    params: ActivityParams,
    responses: { 200: Signup },
  }),
  listMySignups: route({
    method: 'GET',
    path: '/me/signups',
    summary: '我的报名：状态、候补位次、入场票',
    access: 'signed-in',
    responses: {
      200: z.object({ signups: z.array(Signup.extend({ ticket: z.object({ token: z.string(), svg: z.string() }).optional() })) }),
    },
  }),
};

export const staffActivityRoutes = {
  listStaffActivities: route({
    method: 'GET',
    path: '/staff/activities',
    summary: '本组织及下级发布的活动，一页至多 20 个：未结束的（先结束的在前），然后已结束的（最近结束的在前）',
    access: ['staff', 'admin'],
    query: z.strictObject({ cursor: Cursor.optional() }),
    responses: { 200: z.object({ activities: z.array(Activity), nextCursor: z.string().optional() }) },
  }),
  exportActivitySignups: route({
    method: 'GET',
    path: '/staff/activities/{activityId}/export',
    summary: 'CSV 导出报名名单',
    access: ['staff', 'admin'],
    params: ActivityParams,
    responses: { 200: z.object({ filename: z.string(), csv: z.string() }) },
  }),
  createActivity: route({
    method: 'POST',
    path: '/staff/activities',
    summary: '发布活动或福利',
    access: ['staff', 'admin'],
    body: ActivityInput,
    responses: { 201: Activity },
  }),
  updateActivity: route({
    method: 'PUT',
    path: '/staff/activities/{activityId}',
    summary: '修改活动（名称、时间、地点、报名条件、候补；名额另行调整）',
    access: ['staff', 'admin'],
    params: ActivityParams,
    body: ActivityEdit,
    responses: { 200: Activity },
  }),
  setActivityCapacity: route({
    method: 'POST',
    path: '/staff/activities/{activityId}/capacity',
    summary: '调整名额（不能少于已报名人数）',
    access: ['staff', 'admin'],
    params: ActivityParams,
    body: z.strictObject({ capacity: Capacity.nullable() }),
    responses: { 200: Activity },
  }),
  listActivitySignups: route({
    method: 'GET',
    path: '/staff/activities/{activityId}/signups',
    summary: '报名名单与人数（报名成功、候补、已签到）',
    access: ['staff', 'admin'],
    params: ActivityParams,
    responses: {
      200: z.object({
        /** the activity itself (its rules: childcare ages, per-member limit) */
        activity: Activity,
        /** places (children count as one each) per status, and people checked in */
        counts: z.object({
          confirmed: z.number().int(),
          waitlisted: z.number().int(),
          offered: z.number().int(),
          cancelled: z.number().int(),
          expired: z.number().int(),
          checkedIn: z.number().int(),
        }),
        signups: z.array(
          z.object({
            name: z.string(),
            memberNo: z.string(),
            status: SignupStatus,
            places: z.number().int(),
            registeredBy: z.string().optional(),
            checkedInAt: Instant.optional(),
          }),
        ),
      }),
    },
  }),
  checkIn: route({
    method: 'POST',
    path: '/staff/activities/{activityId}/check-in',
    summary: '扫入场票或会员卡签到',
    access: ['staff', 'admin'],
    params: ActivityParams,
    body: z
      .strictObject({
        ticket: Opaque({ min: 10, max: 2000, message: '入场票无法识别，请重新扫码' }).optional(),
        memberNo: MemberNo.optional(),
      })
      .refine((b) => Boolean(b.ticket) !== Boolean(b.memberNo), { message: '请扫码，或从搜索结果中选择一位职工', path: ['ticket'] }),
    responses: { 200: CheckInResult },
  }),
  searchActivitySignups: route({
    method: 'GET',
    path: '/staff/activities/{activityId}/signups/search',
    summary: '签到找人：按姓名或手机号后四位搜索报名（扫码不便时）',
    access: ['staff', 'admin'],
    params: ActivityParams,
    query: z.strictObject({ q: Text({ min: 1, minMessage: '请输入姓名或手机号后四位', max: 20 }) }),
    responses: { 200: z.object({ matches: z.array(SignupMatch) }) },
  }),
  registerOnSite: route({
    method: 'POST',
    path: '/staff/activities/{activityId}/register',
    summary: '现场代职工报名（扫会员卡，或输入手机号）',
    access: ['staff', 'admin'],
    params: ActivityParams,
    body: z
      .strictObject({
        cardToken: Opaque({ min: 10, max: 2000, message: '会员卡无法识别，请重新扫码' }).optional(),
        mobile: Mobile.optional(),
        children: SignupRequest.shape.children,
      })
      .refine((b) => Boolean(b.cardToken) !== Boolean(b.mobile), { message: '请扫会员卡，或输入职工的手机号', path: ['mobile'] }),
    responses: { 201: z.object({ signup: Signup, created: z.boolean() }) },
  }),
};
