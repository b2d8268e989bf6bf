/**
 * The first admin of a deployed stage: makes an existing, signed-in user admin of the city union.
 * Run once, by someone with AWS credentials for the stage (never from the app, never from a dev code):
 *
 *   AWS_REGION=cn-north-1 npx tsx scripts/bootstrap-admin.ts --stage prod --member-no FT-000123 [--org beijing]
 *   AWS_REGION=cn-north-1 npx tsx scripts/bootstrap-admin.ts --stage prod --user-id <id shown on 我的>
 *
 * The person signs in to the mini-program once first (so their user exists), then signs in again
 * after this: their old session is refused (sessionVersion) and the new one carries the admin role.
 * Further admins and staff come from invitations made in the app.
 */
import { findUserIdByMemberNo } from '../functions/tables/members';
import { getOrg } from '../functions/tables/orgs';
import { getUser, makeAdmin, type User } from '../functions/tables/users';

export interface BootstrapTarget {
  memberNo?: string;
  userId?: string;
  /** the city union's org id */
  orgId: string;
}

/** Finds the user and makes them admin of the city union; refuses anything but an existing worker or staff member. */
export async function bootstrapAdmin(target: BootstrapTarget): Promise<User> {
  const org = await getOrg(target.orgId);
  if (!org) throw new Error(`no org ${target.orgId} on this stage`);
  if (org.level !== 'city') throw new Error(`${org.name} is not the city union: the first admin acts for the whole city`);
  const userId = target.userId ?? (target.memberNo ? await findUserIdByMemberNo(target.memberNo) : null);
  if (!userId) throw new Error(target.memberNo ? `no member with number ${target.memberNo}` : 'pass --member-no or --user-id');
  const user = await getUser(userId);
  if (!user) throw new Error(`no user ${userId}: they must sign in to the mini-program once first`);
  if (user.role === 'admin') throw new Error(`${userId} is already an admin`);
  return makeAdmin(user.id, org.id, org.id);
}

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main() {
  const stage = option('--stage');
  if (stage !== 'dev' && stage !== 'prod') throw new Error('pass --stage dev or --stage prod (local has its demo admin)');
  const { tableEnvironment } = require('../infra/tables.cjs') as typeof import('../infra/tables.cjs');
  Object.assign(process.env, { STAGE: stage, DYNAMODB_ENDPOINT: '', ...tableEnvironment(stage) });
  const user = await bootstrapAdmin({ memberNo: option('--member-no'), userId: option('--user-id'), orgId: option('--org') ?? 'beijing' });
  console.log(`${user.id} is now admin of ${user.actingOrgId}; they sign in again to use it.`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error((error as Error).message);
    process.exit(1);
  });
}
