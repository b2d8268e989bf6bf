import { z } from 'zod';
import { Id, Instant } from './common';

export const Role = z.enum(['worker', 'staff', 'admin']);
export type Role = z.infer<typeof Role>;

export const roleLabel: Record<Role, string> = {
  worker: '职工',
  staff: '工会工作人员',
  admin: '工会管理员',
};

/** What the app knows about the signed-in person; never an openid. */
export const Me = z.object({
  id: Id,
  role: Role,
  /** masked unless it is the person's own screen that needs the full name */
  displayName: z.string(),
  /** the org a staff member or admin acts for (and everything below it); null for workers */
  actingOrgId: Id.nullable(),
  /** the version of the privacy guideline this person last agreed to on the server; null when never or withdrawn */
  privacyConsentVersion: z.string().nullable().optional(),
  /** when this person last withdrew that consent (on any device): a device that agreed before asks again */
  privacyWithdrawnAt: Instant.nullable().optional(),
});
export type Me = z.infer<typeof Me>;

export const WechatLoginBody = z.strictObject({
  /** the one-time code from wx.login; on the local stage also `dev:<name>` */
  code: z
    .string()
    .min(1, '缺少登录凭证')
    .max(128, '登录凭证过长')
    .regex(/^[\x21-\x7e]+$/, '登录凭证格式不正确'),
});
export type WechatLoginBody = z.infer<typeof WechatLoginBody>;

export const Session = z.object({
  token: z.string(),
  expiresAt: Instant,
  me: Me,
});
export type Session = z.infer<typeof Session>;
