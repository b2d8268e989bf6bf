import { contract } from '../../shared/contract';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getJoinCode, revokeJoinCode } from '../tables/join-codes';
import { codeView } from './join-code-access';

export const handler = defineHandler(contract.revokeJoinCode, async ({ params }, { principal }) => {
  const code = await getJoinCode(params.codeId);
  if (!code) throw notFound('找不到这个入会码');
  const org = await assertInScope(principal, code.orgId);
  return codeView(await revokeJoinCode(code.id), org.name);
});
