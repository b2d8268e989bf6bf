import { contract } from '../../shared/contract';
import { unauthorized } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getUser } from '../tables/users';
import { toMe } from './me';

export const handler = defineHandler(contract.getMe, async (_input, { principal }) => {
  const user = await getUser(principal.userId);
  if (!user) throw unauthorized('账号不存在，请重新登录');
  return { me: toMe(user) };
});
