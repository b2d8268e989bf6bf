import { z } from 'zod';
import { contract } from '../../shared/contract';
import { maskName } from '../../shared/schemas/common';
import { StaffRole } from '../../shared/schemas/invitation';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { listStaffOfOrg } from '../tables/users';

const StartKey = z.strictObject({ pk: z.string().max(100), staffOrg: z.string().max(100) });

/** The staff and admins acting for one org in the caller's subtree: one Query per page, names masked. */
export const handler = defineHandler(contract.listOrgStaff, async ({ params, query }, { principal }) => {
  const org = await assertInScope(principal, params.orgId);
  const { users, nextKey } = await listStaffOfOrg(org.id, decodeCursor(query.cursor, StartKey));
  return {
    staff: users.flatMap((user) => {
      const role = StaffRole.safeParse(user.role);
      return role.success && user.actingOrgId
        ? [{ id: user.id, role: role.data, displayName: maskName(user.displayName), actingOrgId: user.actingOrgId }]
        : [];
    }),
    ...(nextKey ? { nextCursor: encodeCursor(nextKey) } : {}),
  };
});
