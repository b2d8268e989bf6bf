import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { exchangeCode } from '../lib/auth/wechat';
import { signSession } from '../lib/auth/session-token';
import { findOrCreateUserByIdentity } from '../tables/users';
import { storeOpenid } from '../tables/notify';
import { toMe } from './me';

export const handler = defineHandler(contract.loginWithWechat, async ({ body }, { log }) => {
  const identity = await exchangeCode(body.code);
  const user = await findOrCreateUserByIdentity(identity.openidHash);
  // kept for the subscribe-message sender alone (docs/privacy-and-content.md, "The openid")
  await storeOpenid(user.id, identity.openid);
  const { token, expiresAt } = await signSession({
    userId: user.id,
    role: user.role,
    actingOrgId: user.actingOrgId,
    sessionVersion: user.sessionVersion,
  });
  log.info('signed in', { userId: user.id, role: user.role });
  return { token, expiresAt: expiresAt.toISOString(), me: toMe(user) };
});
