import { z } from 'zod';
import { route } from './route';
import { Id, Opaque } from '../schemas/common';
import { Session } from '../schemas/session';
import {
  AcceptInvitationBody,
  CreatedInvitation,
  InvitationPreview,
  InvitationToken,
  NewInvitation,
  StaffMember,
  StaffPage,
} from '../schemas/invitation';

const Cursor = Opaque({ max: 300, message: '翻页标记无效，请从第一页重新加载' });

export const invitationRoutes = {
  previewInvitation: route({
    method: 'POST',
    path: '/invitations/{invitationId}/preview',
    summary: '查看邀请（邀请组织、身份、邀请人、有效期），接受前显示；密钥放在请求体里，不进访问日志',
    access: 'signed-in',
    params: z.strictObject({ invitationId: Id }),
    body: InvitationToken,
    responses: { 200: InvitationPreview },
  }),
  acceptInvitation: route({
    method: 'POST',
    path: '/invitations/{invitationId}/accept',
    summary: '接受工作人员邀请（填写姓名，成为所邀组织的工作人员或管理员），返回新的会话',
    access: 'signed-in',
    params: z.strictObject({ invitationId: Id }),
    body: AcceptInvitationBody,
    responses: { 200: Session },
  }),
};

export const staffInvitationRoutes = {
  createInvitation: route({
    method: 'POST',
    path: '/staff/invitations',
    summary: '邀请工作人员：二维码和链接，单次有效，最长 7 天',
    access: ['staff', 'admin'],
    body: NewInvitation,
    responses: { 201: CreatedInvitation },
  }),
  revokeInvitation: route({
    method: 'POST',
    path: '/staff/invitations/{invitationId}/revoke',
    summary: '撤回尚未使用的邀请',
    access: ['staff', 'admin'],
    params: z.strictObject({ invitationId: Id }),
    responses: { 200: z.object({ revoked: z.literal(true) }) },
  }),
  listOrgStaff: route({
    method: 'GET',
    path: '/staff/orgs/{orgId}/staff',
    summary: '本组织的工作人员和管理员（分页）',
    access: ['staff', 'admin'],
    params: z.strictObject({ orgId: Id }),
    query: z.strictObject({ cursor: Cursor.optional() }),
    responses: { 200: StaffPage },
  }),
  revokeStaff: route({
    method: 'POST',
    path: '/staff/users/{userId}/revoke',
    summary: '撤销工作人员身份（下一次请求起生效）',
    access: ['staff', 'admin'],
    params: z.strictObject({ userId: Id }),
    responses: { 200: z.object({ revoked: StaffMember }) },
  }),
};
