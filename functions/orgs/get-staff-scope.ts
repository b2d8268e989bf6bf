import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { oneLevel } from './one-level';
import { actingOrgOf } from './scope';

/** The org a staff member acts for and its first page of children (one level, like GET /orgs). */
export const handler = defineHandler(contract.getStaffScope, async (_input, { principal }) => {
  const actingOrg = await actingOrgOf(principal);
  return { actingOrg, tree: await oneLevel(actingOrg) };
});
