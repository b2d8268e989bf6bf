import { z } from 'zod';
import { Id, Instant } from './common';
import { Role } from './session';

/** What a staff write did. Each kind has a Chinese label for the log screen. */
export const AuditKind = z.enum([
  'member.review',
  'member.card',
  'transfer.accept',
  'joincode.create',
  'joincode.revoke',
  'activity.create',
  'activity.update',
  'activity.capacity',
  'event.create',
  'event.update',
  'stall.sync',
  'stall.lease',
  'signup.register',
  'signup.checkin',
  'station.create',
  'station.update',
  'station.import',
  'station.photo.add',
  'station.photo.remove',
  'report.resolve',
  'supervisor.appoint',
  'supervisor.remove',
  'claim.rules',
  'claim.view',
  'claim.view.refused',
  'claim.review',
  'draw.run',
  'draw.pardon',
  'post.hide',
  'invitation.create',
  'invitation.accept',
  'invitation.revoke',
  'staff.revoke',
  'org.create',
  'org.rename',
  'org.move',
  'org.close',
  'org.import',
  'export',
  'account.delete',
]);
export type AuditKind = z.infer<typeof AuditKind>;

export const auditKindLabel: Record<AuditKind, string> = {
  'member.review': '审核入会',
  'member.card': '发放会员卡',
  'transfer.accept': '接收转会',
  'joincode.create': '生成入会码',
  'joincode.revoke': '停用入会码',
  'activity.create': '发布活动',
  'activity.update': '修改活动',
  'activity.capacity': '调整名额',
  'event.create': '新建沟通会',
  'event.update': '修改沟通会',
  'stall.sync': '摊位同步',
  'stall.lease': '预留摊位名额',
  'signup.register': '现场登记',
  'signup.checkin': '签到',
  'station.create': '新建驿站',
  'station.update': '修改驿站',
  'station.import': '导入驿站',
  'station.photo.add': '上传驿站照片',
  'station.photo.remove': '删除驿站照片',
  'report.resolve': '处理问题反馈',
  'supervisor.appoint': '任命义务监督员',
  'supervisor.remove': '取消义务监督员',
  'claim.rules': '设定理赔规则',
  'claim.view': '查看理赔材料',
  'claim.view.refused': '查看理赔被拒（非本组织）',
  'claim.review': '审核理赔',
  'draw.run': '摇号',
  'draw.pardon': '准许参加摇号',
  'post.hide': '隐藏留言',
  'invitation.create': '发出邀请',
  'invitation.accept': '接受邀请',
  'invitation.revoke': '撤回邀请',
  'staff.revoke': '取消工作人员权限',
  'org.create': '新建组织',
  'org.rename': '修改组织名称',
  'org.move': '调整上级组织',
  'org.close': '关闭组织',
  'org.import': '导入组织',
  export: '导出数据',
  'account.delete': '会员注销账号',
};

/** One entry of the audit log as admins read it; personal data in it is masked when written. */
export const AuditEntry = z.object({
  id: Id,
  at: Instant,
  kind: AuditKind,
  actorId: Id,
  actorRole: Role,
  /** the org the actor acts for */
  actingOrgId: Id.nullable(),
  /** the org the object belongs to (the entry is listed for it and its ancestors) */
  orgId: Id,
  objectType: z.string().max(32),
  objectId: z.string().max(128),
  /** e.g. the station's name or a masked member name */
  objectLabel: z.string().max(120).optional(),
  /** one line in Chinese, masked */
  summary: z.string().max(300),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/**
 * An entry as the log screen shows it: the actor's masked name, the org they act for (shown beside
 * them) and the org acted on (shown as 对象 when it is another one), beside the ids.
 */
export const AuditEntryView = AuditEntry.extend({
  /** masked: 张*任 */
  actorName: z.string(),
  /** the name of the org the actor acts for (`actingOrgId`); null when they act for none */
  actingOrgName: z.string().nullable(),
  /** the name of the org acted on (`orgId`) */
  orgName: z.string(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditPage = z.object({
  entries: z.array(AuditEntryView),
  /** pass back as `cursor` for the next page; absent on the last page */
  nextCursor: z.string().optional(),
});
export type AuditPage = z.infer<typeof AuditPage>;
