import { contract } from '../../shared/contract';
import { recordAudit } from '../lib/audit';
import { DomainError } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { getMember } from '../tables/members';
import { getOrg } from '../tables/orgs';
import { getIdentityHashOf, getUser } from '../tables/users';
import { eraseAccountNow, newErasedId, workOnErasure, getErasureTask } from './erasure';
import { exportFiles, exportFolder, forgetExportFolders, recordedExportFolders, windowOf } from './export-keys';
import { deleteObjects } from '../lib/s3';

/**
 * Pages of the tail done within the request (each one Query and ≤ 25 writes, or ≤ 10 claims and their
 * photos): one per step (sign-ups, messages, posts, reports, allowances, audit, supervision, claims,
 * draws) and two to spare, so a typical member is finished at once.
 */
const PAGES_NOW = 11;

/**
 * 注销账号 (PIPL): at once, in one transaction, the user, the WeChat identity and the membership's
 * name, phone, employer and numbers are deleted or anonymised: the old token is refused on the next
 * request (the handler finds no user) and signing in again makes a new, empty user. The member's
 * org is told through its 操作记录 (an entry under the erased id). The tail (sign-ups, messages,
 * posts, audit entries) is worked on here for a few pages; a long history is finished by the
 * finishErasures job. Staff and admins are refused: an admin revokes them first (their work records
 * belong to the union).
 */
export const handler = defineHandler(contract.deleteMyAccount, async (_input, { principal, log }) => {
  const user = await getUser(principal.userId);
  if (!user) throw new DomainError('token_expired', '账号已注销或不存在，请重新登录');
  if (user.role !== 'worker') throw new DomainError('conflict', '工作人员账号不能直接注销：请先请管理员取消您的工作人员权限，再注销账号');
  const openidHash = await getIdentityHashOf(user.id);
  // a user from before the identity's hash was kept: one sign-in records it (the app signs in again and retries)
  if (!openidHash) throw new DomainError('token_expired', '为确认是您本人，请重新登录后再注销');
  const member = await getMember(user.id);
  const erasedId = newErasedId();
  const now = new Date();
  const erased = await eraseAccountNow({ userId: user.id, openidHash, member, erasedId, now });
  if (!erased) throw new DomainError('token_expired', '账号已注销或不存在，请重新登录');
  if (member) {
    const org = await getOrg(member.orgId);
    if (org) {
      // the org is told: an entry in its 操作记录, under the erased id (nothing that names the person)
      await recordAudit({
        principal: { userId: erasedId, role: 'worker', actingOrgId: null },
        org,
        kind: 'account.delete',
        object: { type: 'membership', id: erasedId, label: '已注销用户' },
        summary: `一名会员注销了账号，会籍已关闭（${member.status === 'pending' ? '入会申请已撤回' : '个人信息已删除'}）`,
        now,
      });
    }
  }
  // every copy 导出我的数据 made that may still be in the bucket (each export lists its folder, kept 3 days;
  // this window and the last are named as well, in case one is being written right now), then the list
  const window = windowOf(now);
  const folders = new Set([...(await recordedExportFolders(user.id)), exportFolder(user.id, window - 1), exportFolder(user.id, window)]);
  await deleteObjects([...folders].flatMap(exportFiles));
  await forgetExportFolders(user.id);
  const task = await getErasureTask(erasedId);
  const finished = task ? (await workOnErasure(task, PAGES_NOW)).finished : true;
  log.info('account deleted', { finished });
  return { deleted: true as const, finished };
});
