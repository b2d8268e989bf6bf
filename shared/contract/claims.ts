import { z } from 'zod';
import { route } from './route';
import { Id, Opaque } from '../schemas/common';
import { PhotoUploadTicket } from '../schemas/station-photo';
import {
  AddClaimPage,
  Claim,
  ClaimList,
  ClaimRules,
  ClaimRulesView,
  ClaimStart,
  NewClaimUpload,
  ReviewClaim,
  StaffClaim,
  StartClaim,
  SubmitClaim,
} from '../schemas/claim';

const ActivityParams = z.strictObject({ activityId: Id });
const ClaimParams = z.strictObject({ claimId: Id });
const Cursor = Opaque({ max: 2000, message: '翻页标记无效，请从第一页重新加载' });

/** Mutual-aid claims, the member's side (issue 15, docs/claims-and-draws.md). */
export const claimRoutes = {
  getClaimStart: route({
    method: 'GET',
    path: '/activities/{activityId}/claim-start',
    summary: '申请理赔前：这个互助保障计划赔哪些事项、每项要带什么材料，以及我能否申请',
    access: 'signed-in',
    params: ActivityParams,
    responses: { 200: ClaimStart },
  }),
  startClaim: route({
    method: 'POST',
    path: '/claims',
    summary: '开始申请理赔（须单独同意健康信息的使用；未参加计划或超过申请期限的不能申请；重试不会重复）',
    access: 'signed-in',
    body: StartClaim,
    responses: { 201: z.object({ claim: Claim, created: z.boolean() }) },
  }),
  createClaimUpload: route({
    method: 'POST',
    path: '/claims/{claimId}/uploads',
    summary: '上传一页理赔材料照片（直传对象存储，10 分钟内有效）',
    access: 'signed-in',
    params: ClaimParams,
    body: NewClaimUpload,
    responses: { 201: PhotoUploadTicket },
  }),
  addClaimPage: route({
    method: 'POST',
    path: '/claims/{claimId}/pages',
    summary: '把上传好的照片放进材料清单的一项（每项可多页）',
    access: 'signed-in',
    params: ClaimParams,
    body: AddClaimPage,
    responses: { 200: Claim },
  }),
  removeClaimPage: route({
    method: 'DELETE',
    path: '/claims/{claimId}/pages/{photoId}',
    summary: '删除一页材料照片（提交前或补充材料时）',
    access: 'signed-in',
    params: z.strictObject({ claimId: Id, photoId: z.uuid('照片编号格式不正确') }),
    responses: { 200: Claim },
  }),
  submitClaim: route({
    method: 'POST',
    path: '/claims/{claimId}/submit',
    summary: '提交理赔申请或补充的材料（必交材料每项至少一页）',
    access: 'signed-in',
    params: ClaimParams,
    body: SubmitClaim,
    responses: { 200: Claim },
  }),
  listMyClaims: route({
    method: 'GET',
    path: '/me/claims',
    summary: '我的理赔，最新在前',
    access: 'signed-in',
    query: z.strictObject({ cursor: Cursor.optional() }),
    responses: { 200: ClaimList },
  }),
  getMyClaim: route({
    method: 'GET',
    path: '/me/claims/{claimId}',
    summary: '我的一笔理赔：材料、进度与每一步的说明',
    access: 'signed-in',
    params: ClaimParams,
    responses: { 200: Claim },
  }),
};

/** Mutual-aid claims, the staff side: every view of a claim is recorded in the audit log. */
export const staffClaimRoutes = {
  getStaffClaimRules: route({
    method: 'GET',
    path: '/staff/activities/{activityId}/claim-rules',
    summary: '互助保障计划的理赔规则（理赔事项、材料清单、申请期限）；未设定时给出常用模板',
    access: ['staff', 'admin'],
    params: ActivityParams,
    responses: { 200: z.object({ rules: ClaimRulesView.nullable(), template: ClaimRulesView }) },
  }),
  setClaimRules: route({
    method: 'PUT',
    path: '/staff/activities/{activityId}/claim-rules',
    summary: '设定互助保障计划的理赔规则',
    access: ['staff', 'admin'],
    params: ActivityParams,
    body: ClaimRules,
    responses: { 200: z.object({ rules: ClaimRulesView }) },
  }),
  listOpenClaims: route({
    method: 'GET',
    path: '/staff/claims',
    summary: '本组织及下级会员的未办结理赔，等得最久的在前，一页至多 20 笔（可按计划筛选）',
    access: ['staff', 'admin'],
    query: z.strictObject({ activityId: Id.optional(), cursor: Cursor.optional() }),
    responses: { 200: ClaimList },
  }),
  getStaffClaim: route({
    method: 'GET',
    path: '/staff/claims/{claimId}',
    summary: '查看一笔理赔（每次查看记入操作日志；其他组织的会员的理赔不能查看）',
    access: ['staff', 'admin'],
    params: ClaimParams,
    responses: { 200: StaffClaim },
  }),
  reviewClaim: route({
    method: 'POST',
    path: '/staff/claims/{claimId}/review',
    summary: '审核理赔：要求补充材料、核准金额、报送市总、标记已赔付或不予赔付（每步通知会员）',
    access: ['staff', 'admin'],
    params: ClaimParams,
    body: ReviewClaim,
    responses: { 200: StaffClaim },
  }),
};
