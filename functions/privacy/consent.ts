import { PRIVACY_VERSION, type PrivacyConsent } from '../../shared/schemas/privacy';
import type { User } from '../tables/users';

/** The caller's consent as the app is told it. */
export function toConsent(user: User): PrivacyConsent {
  return {
    version: user.privacyConsentVersion,
    consentedAt: user.privacyConsentVersion ? user.privacyConsentedAt : null,
    withdrawnAt: user.privacyWithdrawnAt,
    current: user.privacyConsentVersion === PRIVACY_VERSION,
  };
}
