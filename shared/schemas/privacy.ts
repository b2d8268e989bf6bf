import { z } from 'zod';
import { Instant } from './common';

/**
 * The version of 《工会服务用户隐私保护指引》 the app shows. Change it whenever the guideline changes
 * what is collected, why, for how long or who sees it: every member is asked to agree again (the
 * app compares its stored consent with this), and the server refuses a consent to any other version.
 */
export const PRIVACY_VERSION = '2026-12-01.1';

export const PRIVACY_GUIDELINE_TITLE = '《工会服务用户隐私保护指引》';

export const PrivacyVersion = z
  .string({ error: '缺少隐私保护指引的版本' })
  .min(1, '缺少隐私保护指引的版本')
  .max(32, '隐私保护指引的版本格式不正确')
  .regex(/^[0-9A-Za-z.-]+$/, '隐私保护指引的版本格式不正确');

export const PrivacyConsentBody = z.strictObject({
  /** the version of the guideline the person read and agreed to */
  version: PrivacyVersion,
});
export type PrivacyConsentBody = z.infer<typeof PrivacyConsentBody>;

/** What the server holds about the caller's consent. */
export const PrivacyConsent = z.object({
  /** the version last agreed to; null when never agreed or withdrawn */
  version: z.string().nullable(),
  consentedAt: Instant.nullable(),
  withdrawnAt: Instant.nullable(),
  /** whether `version` is the one the app shows now (PRIVACY_VERSION) */
  current: z.boolean(),
});
export type PrivacyConsent = z.infer<typeof PrivacyConsent>;
