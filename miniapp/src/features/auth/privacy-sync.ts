import { PRIVACY_VERSION } from '@shared/schemas/privacy';
import type { Session } from '@shared/schemas/session';
import { ApiError } from '@shared/client';
import { api } from '../../lib/api';
import { forgetPrivacyConsent, markWithdrawalSeen, storedConsent, withdrawalSeen } from '../../lib/privacy-consent';
import { currentSession, saveSession } from '../../lib/session-store';

let inFlight: Promise<void> | null = null;

/**
 * Once signed in, the server learns the consent the device holds (once per version: the session
 * then says it knows). A server that refuses the version (privacy_version_outdated), or a withdrawal
 * made on another device after this one agreed, makes the app ask again; any other failure is tried
 * again on the next launch.
 */
export function syncPrivacyConsent(session: Session): Promise<void> {
  if (session.me.privacyConsentVersion === PRIVACY_VERSION) return Promise.resolve();
  // withdrawn on another device after this one agreed: the withdrawal stands until the person agrees here again
  const local = storedConsent();
  const withdrawnAt = session.me.privacyWithdrawnAt;
  if (withdrawnAt && !withdrawalSeen(withdrawnAt) && (!local || Date.parse(local.at) < Date.parse(withdrawnAt))) {
    markWithdrawalSeen(withdrawnAt);
    forgetPrivacyConsent();
    return Promise.resolve();
  }
  inFlight ??= api
    .recordPrivacyConsent({ body: { version: PRIVACY_VERSION } })
    .then(({ consent }) => {
      const latest = currentSession();
      if (latest && latest.me.id === session.me.id)
        saveSession({ ...latest, me: { ...latest.me, privacyConsentVersion: consent.version } });
    })
    .catch((error: unknown) => {
      if (error instanceof ApiError && error.code === 'privacy_version_outdated') forgetPrivacyConsent();
    })
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}
