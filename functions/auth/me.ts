import type { Me } from '../../shared/schemas/session';
import type { User } from '../tables/users';

/** The caller's own view of themselves. */
export function toMe(user: User): Me {
  return {
    id: user.id,
    role: user.role,
    displayName: user.displayName,
    actingOrgId: user.actingOrgId,
    privacyConsentVersion: user.privacyConsentVersion,
    privacyWithdrawnAt: user.privacyWithdrawnAt,
  };
}
