import { z } from 'zod';
import { Instant, Opaque, Text } from './common';
import { JoinForm, Membership, Mobile } from './membership';

/**
 * PIPL rights on 我的 → 个人信息与隐私 (docs/privacy-and-content.md, "Your rights"): a copy of
 * everything held (导出我的数据), correcting name, phone and employer (更正信息), and 注销账号.
 */

/** 更正信息: any of name, phone (typed, or WeChat's phone code on weapp) and employer; at least one. */
export const ProfileCorrection = z
  .strictObject({
    name: JoinForm.shape.name.optional(),
    mobile: Mobile.optional(),
    phoneCode: Opaque({ max: 128, message: '手机号授权码格式不正确' }).optional(),
    employer: Text({ min: 2, minMessage: '请填写工作单位或平台', max: 60 }).optional(),
  })
  .refine((b) => b.name !== undefined || b.mobile !== undefined || b.phoneCode !== undefined || b.employer !== undefined, {
    message: '请填写要更正的信息',
    path: ['name'],
  });
export type ProfileCorrection = z.infer<typeof ProfileCorrection>;

export const ProfileCorrected = z.object({ membership: Membership, changed: z.array(z.enum(['name', 'mobile', 'employer'])) });

/** 注销账号: the app sends the words the person confirmed, so a stray request cannot delete an account. */
export const ACCOUNT_DELETE_CONFIRMATION = '确认注销';
export const AccountDeleteBody = z.strictObject({
  confirm: z.literal(ACCOUNT_DELETE_CONFIRMATION, `请确认注销：发送「${ACCOUNT_DELETE_CONFIRMATION}」`),
});

export const AccountDeleted = z.object({
  deleted: z.literal(true),
  /** false while a long history (hundreds of sign-ups or messages) is still being anonymised by the job */
  finished: z.boolean(),
});

/** 导出我的数据: short-lived links to one copy of everything held about the caller. */
export const DataExport = z.object({
  /** the readable copy: an .xlsx with one sheet per kind of data, Chinese headings, Beijing times */
  xlsxUrl: z.string(),
  /** the same data as JSON, machine-readable (PIPL's portability) */
  jsonUrl: z.string(),
  filename: z.string(),
  createdAt: Instant,
  /** when the links stop working */
  expiresAt: Instant,
});
export type DataExport = z.infer<typeof DataExport>;
