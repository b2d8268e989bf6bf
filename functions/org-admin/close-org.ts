import { contract } from '../../shared/contract';
import { conflict, DomainError } from '../lib/errors';
import { recordAudit } from '../lib/audit';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { reassignActivity, unfinishedActivitiesOfOrg } from '../tables/activities';
import { countMembersOfOrg, moveMembersOfOrg } from '../tables/members';
import { closeOrgItem, countOpenChildren, getOrg } from '../tables/orgs';

/** Counted no further than this (COUNT Queries with this Limit): "还有 100 多名会员". */
const COUNT_UP_TO = 100;
/** Members and activities handed to the parent per request (the app repeats until closed). */
export const CLOSE_MOVE_PAGE = 25;

const many = (n: number, unit: string) => (n >= COUNT_UP_TO ? `${COUNT_UP_TO} 多${unit}` : `${n} ${unit}`);

/**
 * Closes an org. With members (pending or active), unfinished activities or open children it is
 * refused with 409 and the reasons (also as fieldErrors members / activities / children, so the app
 * can offer to move them). With moveTo=parent, members and unfinished activities go to the parent
 * CLOSE_MOVE_PAGE of each per request; `closed: false` means send it again. Open children must be
 * moved or closed first. Closing a closed org answers it as it is.
 */
export const handler = defineHandler(contract.closeOrg, async ({ params, body }, { principal, log }) => {
  const org = await assertInScope(principal, params.orgId);
  const none = { members: 0, activities: 0 };
  if (org.status === 'closed') return { org, closed: true, moved: none };
  if (org.path.length === 1 || !org.parentId) throw conflict('不能关闭市总工会');
  if (org.id === principal.actingOrgId) throw conflict('不能关闭您所代表的组织，请由上级工会操作');
  const now = new Date();
  const [members, activities, children] = await Promise.all([
    countMembersOfOrg(org.id, COUNT_UP_TO + 1),
    unfinishedActivitiesOfOrg(org.id, now, COUNT_UP_TO + 1),
    countOpenChildren(org.id, COUNT_UP_TO + 1),
  ]);
  const reasons: Record<string, string[]> = {};
  if (members > 0) reasons.members = [`还有 ${many(members, '名会员')}`];
  if (activities.length > 0) reasons.activities = [`还有 ${many(activities.length, '个未结束的活动')}`];
  if (children > 0) reasons.children = [`还有 ${many(children, '个下级组织')}，请先移动或关闭它们`];
  if (children > 0 || ((members > 0 || activities.length > 0) && body.moveTo !== 'parent')) {
    const said = Object.values(reasons).flat().join('、');
    throw new DomainError('conflict', `不能关闭“${org.name}”：${said}`, reasons);
  }
  const parent = await getOrg(org.parentId);
  if (!parent || parent.status !== 'open') throw conflict('上级组织已关闭，不能把会员和活动移过去');
  const moved = { ...none };
  if (members > 0) {
    const entry = { at: now.toISOString(), what: `${org.name}关闭，会籍转入${parent.name}`, by: principal.userId };
    moved.members = await moveMembersOfOrg(org.id, parent, CLOSE_MOVE_PAGE, entry);
  }
  for (const activity of activities.slice(0, CLOSE_MOVE_PAGE)) {
    if (await reassignActivity(activity, org.id, parent)) moved.activities += 1;
  }
  const more = moved.members >= CLOSE_MOVE_PAGE || activities.length > CLOSE_MOVE_PAGE;
  if (more) {
    log.info('org closing: moved a page to the parent', { orgId: org.id, ...moved });
    return { org, closed: false, moved };
  }
  if (!(await closeOrgItem(org))) throw conflict('组织刚被其他人修改，请刷新后重试');
  log.info('org closed', { orgId: org.id, ...moved });
  await recordAudit({
    principal,
    org,
    kind: 'org.close',
    object: { type: 'org', id: org.id, label: org.name },
    summary: `关闭「${org.name}」${body.moveTo ? '，会员和未结束的活动移到上级工会' : ''}`,
  });
  return { org: { ...org, status: 'closed' as const }, closed: true, moved };
});
