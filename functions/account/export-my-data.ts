import { contract } from '../../shared/contract';
import { DomainError } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { signedGetUrl, writeObject } from '../lib/s3';
import { getMember } from '../tables/members';
import { getOrg } from '../tables/orgs';
import { getUser } from '../tables/users';
import { claimExport, collectPersonalData, exportState, LINK_SECONDS, markExportReady, releaseExport, toWorkbook } from './data-export';
import { exportFolder, recordExportFolder, windowOf } from './export-keys';

const FILENAME = '我的数据';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** How long a second caller waits for the first one's file (polling the marker). */
const WAIT_MS = 8_000;

/**
 * 导出我的数据: builds one copy of everything held about the caller (an .xlsx and the same as JSON)
 * in the private bucket (exports/, deleted after a day by the bucket's lifecycle) and answers
 * links that work for 10 minutes. Asked twice at once (two taps, a retry, two phones) within the
 * same 10-minute window → one file: a conditional put decides who builds; the other waits for it.
 */
export const handler = defineHandler(contract.exportMyData, async (_input, { principal, log }) => {
  const user = await getUser(principal.userId);
  if (!user) throw new DomainError('token_expired', '账号已注销或不存在，请重新登录');
  const now = new Date();
  const window = windowOf(now);
  const folder = exportFolder(user.id, window);
  let claim = await claimExport(user.id, window, now);
  if ('build' in claim) {
    try {
      const member = await getMember(user.id);
      const org = member ? await getOrg(member.orgId) : null;
      const data = await collectPersonalData(user, member, org?.name ?? '');
      const createdAt = now.toISOString();
      // listed first, so 注销 finds this copy whenever it was made (and even if the build dies half-way)
      await recordExportFolder(user.id, folder, now);
      await Promise.all([
        writeObject(`${folder}/my-data.xlsx`, await toWorkbook(data, createdAt), XLSX),
        writeObject(
          `${folder}/my-data.json`,
          Buffer.from(JSON.stringify({ exportedAt: createdAt, ...data }, null, 2)),
          'application/json; charset=utf-8',
        ),
      ]);
      await markExportReady(user.id, window);
      log.info('personal data exported', { signups: data.signups.length, messages: data.messages.length });
      claim = { ready: { createdAt } };
    } catch (error) {
      await releaseExport(user.id, window);
      throw error;
    }
  }
  for (const started = Date.now(); 'building' in claim && Date.now() - started < WAIT_MS;) {
    await new Promise((r) => setTimeout(r, 250));
    claim = await exportState(user.id, window);
  }
  if (!('ready' in claim)) throw new DomainError('conflict', '正在生成您的数据副本，请稍后再试');
  const [xlsxUrl, jsonUrl] = await Promise.all([
    // saved under their Chinese names (the object keys stay ASCII)
    signedGetUrl(`${folder}/my-data.xlsx`, LINK_SECONDS, { downloadAs: `${FILENAME}.xlsx` }),
    signedGetUrl(`${folder}/my-data.json`, LINK_SECONDS, { downloadAs: `${FILENAME}.json` }),
  ]);
  return {
    xlsxUrl,
    jsonUrl,
    filename: `${FILENAME}.xlsx`,
    createdAt: claim.ready.createdAt,
    expiresAt: new Date(now.getTime() + LINK_SECONDS * 1000).toISOString(),
  };
});
