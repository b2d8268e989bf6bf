import { contract } from '../../shared/contract';
import { stage } from '../lib/config';
import { defineHandler } from '../lib/http/handler';
import { getOrg } from '../tables/orgs';

/** Also touches the database, so a green health check means the API can serve. */
export const handler = defineHandler(contract.getHealth, async () => {
  await getOrg('beijing');
  return { ok: true as const, stage: stage() };
});
