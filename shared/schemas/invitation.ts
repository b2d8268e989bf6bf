import { z } from 'zod';
import { Id, Instant, Text } from './common';

/** The roles an invitation can grant: never `worker` (everyone is one already). */
export const StaffRole = z.enum(['staff', 'admin'], '请选择要授予的身份');
export type StaffRole = z.infer<typeof StaffRole>;

export const INVITATION_MAX_DAYS = 7;
export const INVITATION_DEFAULT_DAYS = 3;

/** The secret half of an invitation link: 128 random bits, base64url (22 characters). */
export const InvitationSecret = z.string().regex(/^[A-Za-z0-9_-]{22}$/, '邀请码格式不正确');

export const NewInvitation = z.strictObject({
  role: StaffRole,
  /** the org the invited person will act for (within the inviter's own subtree) */
  orgId: Id,
  days: z
    .number()
    .int('有效期须为整数天')
    .min(1, '有效期至少 1 天')
    .max(INVITATION_MAX_DAYS, `有效期最长 ${INVITATION_MAX_DAYS} 天`)
    .default(INVITATION_DEFAULT_DAYS),
});
export type NewInvitation = z.infer<typeof NewInvitation>;

/** An invitation as staff see it: never its secret. */
export const Invitation = z.object({
  id: Id,
  role: StaffRole,
  orgId: Id,
  orgName: z.string(),
  expiresAt: Instant,
  createdAt: Instant,
});
export type Invitation = z.infer<typeof Invitation>;

/** Answered once, to the inviter: the link (with its secret) and its QR image. */
export const CreatedInvitation = z.object({ invitation: Invitation, url: z.string(), dataUrl: z.string() });

/** The secret of an invitation, in a request body (never a URL, so never an access log). */
export const InvitationToken = z.strictObject({ token: InvitationSecret });

/**
 * The name a staff member goes by (WeChat gives none): shown masked in staff lists and the audit
 * log (李*华), so an admin can tell new staff apart.
 */
export const StaffName = Text({ min: 2, minMessage: '请填写姓名（至少 2 个字）', max: 20 }).regex(
  /^[\u4e00-\u9fa5·a-zA-Z ]+$/,
  '姓名只能包含汉字或字母',
);

/** Accepting: the secret, and the person's name (stored as their display name in the same transaction). */
export const AcceptInvitationBody = z.strictObject({ token: InvitationSecret, name: StaffName });
export type AcceptInvitationBody = z.infer<typeof AcceptInvitationBody>;

/** What the invited person sees before accepting: who invites them, to which org, as what, until when. */
export const InvitationPreview = z.object({
  role: StaffRole,
  orgName: z.string(),
  /** masked */
  inviterName: z.string(),
  expiresAt: Instant,
  /**
   * usable, or why not: the page says so before the person taps 接受. `accepted`: used, by the
   * person asking (the page sends them to the workbench); `used`: by someone else.
   */
  state: z.enum(['valid', 'accepted', 'used', 'expired', 'revoked']),
});
export type InvitationPreview = z.infer<typeof InvitationPreview>;

/** A staff member or admin as listed for an org: name masked. */
export const StaffMember = z.object({ id: Id, role: StaffRole, displayName: z.string(), actingOrgId: Id });
export type StaffMember = z.infer<typeof StaffMember>;

export const StaffPage = z.object({
  staff: z.array(StaffMember),
  /** pass back as `cursor` for the next page; absent on the last page */
  nextCursor: z.string().optional(),
});

/** The app page an invitation link and QR open (H5 hash route; the mini-program gets the same query). */
export const ACCEPT_INVITATION_PAGE = '/staff/pages/accept-invite/index';

/** An invitation link as the server makes it: `<origin>/#<accept page>?id=<id>&t=<secret>`. */
export function invitationLink(origin: string, id: string, secret: string): string {
  return `${origin.replace(/\/$/, '')}/#${ACCEPT_INVITATION_PAGE}?id=${id}&t=${secret}`;
}

/** The invitation in a link, a scanned text or a page's query (`id` and `t`; `q`: a whole link, encoded once). */
export function invitationFromLaunch(params: Record<string, string | undefined>): { id: string; secret: string } | null {
  const fromQuery = (id: string | undefined, secret: string | undefined) =>
    id && Id.safeParse(id).success && secret && InvitationSecret.safeParse(secret).success ? { id, secret } : null;
  if (params.id || params.t) return fromQuery(params.id, params.t);
  const text = params.q ? decodeURIComponent(params.q) : params.scene ? decodeURIComponent(params.scene) : undefined;
  if (!text) return null;
  const query = new URLSearchParams(text.slice(text.indexOf('?') + 1));
  return fromQuery(query.get('id') ?? undefined, query.get('t') ?? undefined);
}
