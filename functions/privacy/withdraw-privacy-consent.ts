import { contract } from '../../shared/contract';
import { unauthorized } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { withdrawPrivacyConsent } from '../tables/users';
import { toConsent } from './consent';

/** 撤回同意: the server keeps when it happened; the app then forgets its consent and signs out. */
export const handler = defineHandler(contract.withdrawPrivacyConsent, async (_input, { principal, log }) => {
  const user = await withdrawPrivacyConsent(principal.userId);
  if (!user) throw unauthorized('账号不存在，请重新登录');
  log.info('privacy consent withdrawn', { userId: principal.userId });
  return { consent: toConsent(user) };
});
