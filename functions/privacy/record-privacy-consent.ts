import { contract } from '../../shared/contract';
import { PRIVACY_VERSION } from '../../shared/schemas/privacy';
import { DomainError, unauthorized } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { recordPrivacyConsent } from '../tables/users';
import { toConsent } from './consent';

/**
 * The person agreed to the privacy guideline in the app (which asked before sending anything).
 * Only the current version is accepted: an app still showing an older guideline is told so and
 * asks again with the new one.
 */
export const handler = defineHandler(contract.recordPrivacyConsent, async ({ body }, { principal, log }) => {
  if (body.version !== PRIVACY_VERSION) throw new DomainError('privacy_version_outdated');
  const user = await recordPrivacyConsent(principal.userId, body.version);
  if (!user) throw unauthorized('账号不存在，请重新登录');
  log.info('privacy consent recorded', { userId: principal.userId, version: body.version });
  return { consent: toConsent(user) };
});
