import { z } from 'zod';
import { route } from './route';
import { Id, Opaque } from '../schemas/common';
import {
  Gender,
  JoinCode,
  JoinCodeFigures,
  JoinForm,
  JoinTarget,
  JoinToken,
  MemberCard,
  MemberSummary,
  Membership,
  MembershipReview,
  MembershipStatus,
  NewJoinCode,
  Transfer,
} from '../schemas/membership';

const TokenParams = z.strictObject({ token: JoinToken });
const MemberParams = z.strictObject({ memberId: Id });
/** A page's `nextCursor`, sent back for the next page (functions/lib/scope-keys.ts checks it belongs to the list). */
const Cursor = Opaque({ max: 1500, message: '翻页标记无效，请从第一页重新加载' });

export const joinRoutes = {
  resolveJoinCode: route({
    method: 'GET',
    path: '/join/{token}',
    summary: '扫码后：要加入哪个工会、哪场活动',
    access: 'signed-in',
    params: TokenParams,
    responses: { 200: z.object({ target: JoinTarget, existing: Membership.optional() }) },
  }),
  joinUnion: route({
    method: 'POST',
    path: '/join/{token}',
    summary: '一屏入会',
    access: 'signed-in',
    params: TokenParams,
    body: JoinForm,
    responses: { 201: z.object({ membership: Membership, created: z.boolean() }) },
  }),
  getJoinCodeQr: route({
    method: 'GET',
    path: '/join/{token}/qr',
    summary: '入会二维码图片（PNG 或 SVG，data URL）',
    access: 'public',
    params: TokenParams,
    query: z.strictObject({ format: z.enum(['png', 'svg']).default('png') }),
    responses: { 200: z.object({ url: z.string(), dataUrl: z.string() }) },
  }),
  getMyMembership: route({
    method: 'GET',
    path: '/me/membership',
    summary: '我的会籍、状态与记录',
    access: 'signed-in',
    responses: { 200: z.object({ membership: Membership.nullable() }) },
  }),
  setMyGender: route({
    method: 'POST',
    path: '/me/membership/gender',
    summary: '补填性别（部分福利仅限女职工）',
    access: 'signed-in',
    body: z.strictObject({ gender: Gender }),
    responses: { 200: z.object({ membership: Membership }) },
  }),
  reapplyMembership: route({
    method: 'POST',
    path: '/me/membership/reapply',
    summary: '入会申请被退回后：修改后重新提交（同一工会，重新进入审核）',
    access: 'signed-in',
    body: JoinForm,
    // resubmitted: false when there was no returned application to send again (a repeat: it is shown as it is)
    responses: { 200: z.object({ membership: Membership, resubmitted: z.boolean() }) },
  }),
  getMemberCard: route({
    method: 'GET',
    path: '/me/member-card',
    summary: '电子会员卡（二维码几分钟内有效）',
    access: 'signed-in',
    responses: { 200: MemberCard },
  }),
  requestTransfer: route({
    method: 'POST',
    path: '/me/transfer',
    summary: '申请组织关系转移（换工作后转到新的工会）',
    access: 'signed-in',
    body: z.strictObject({ toOrgId: Id }),
    responses: { 201: Transfer },
  }),
  getMemberCardKey: route({
    method: 'GET',
    path: '/member-card/public-key',
    summary: '会员卡二维码验签公钥（JWK），供工作人员离线核验',
    access: 'public',
    responses: { 200: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }) },
  }),
};

export const staffJoinRoutes = {
  createJoinCode: route({
    method: 'POST',
    path: '/staff/join-codes',
    summary: '生成入会码（可关联沟通会活动）',
    access: ['staff', 'admin'],
    body: NewJoinCode,
    responses: { 201: JoinCode },
  }),
  listJoinCodes: route({
    method: 'GET',
    path: '/staff/join-codes',
    summary: '本组织及下级的入会码（最新在前，每页 20 个）',
    access: ['staff', 'admin'],
    query: z.strictObject({ cursor: Cursor.optional() }),
    responses: { 200: z.object({ codes: z.array(JoinCode.extend({ figures: JoinCodeFigures })), nextCursor: z.string().optional() }) },
  }),
  revokeJoinCode: route({
    method: 'POST',
    path: '/staff/join-codes/{codeId}/revoke',
    summary: '作废入会码',
    access: ['staff', 'admin'],
    params: z.strictObject({ codeId: Id }),
    responses: { 200: JoinCode },
  }),
  listMemberships: route({
    method: 'GET',
    path: '/staff/memberships',
    summary: '入会审核队列（本组织及下级，最新在前，每页 20 条）',
    access: ['staff', 'admin'],
    query: z.strictObject({ status: MembershipStatus.default('pending'), cursor: Cursor.optional() }),
    responses: { 200: z.object({ members: z.array(MemberSummary), nextCursor: z.string().optional() }) },
  }),
  reviewMembership: route({
    method: 'POST',
    path: '/staff/memberships/{memberId}/review',
    summary: '审核入会：通过或退回（退回须写原因）',
    access: ['staff', 'admin'],
    params: MemberParams,
    body: MembershipReview,
    responses: { 200: MemberSummary },
  }),
  listTransfers: route({
    method: 'GET',
    path: '/staff/transfers',
    summary: '转入本组织（及下级）的申请（最新在前，每页 20 条）',
    access: ['staff', 'admin'],
    query: z.strictObject({ cursor: Cursor.optional() }),
    responses: { 200: z.object({ transfers: z.array(Transfer), nextCursor: z.string().optional() }) },
  }),
  acceptTransfer: route({
    method: 'POST',
    path: '/staff/transfers/{transferId}/accept',
    summary: '接收转入的会员',
    access: ['staff', 'admin'],
    params: z.strictObject({ transferId: Id }),
    responses: { 200: Transfer },
  }),
  markCardIssued: route({
    method: 'POST',
    path: '/staff/memberships/{memberId}/card-issued',
    summary: '互助服务卡已发放',
    access: ['staff', 'admin'],
    params: MemberParams,
    responses: { 200: MemberSummary },
  }),
};
