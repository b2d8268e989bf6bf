import { contract } from '../../shared/contract';
import { maskName } from '../../shared/schemas/common';
import { recordAudit } from '../lib/audit';
import { DomainError, notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { findUserIdByMemberNo, getMember } from '../tables/members';
import { appointSupervisor } from '../tables/network';
import { getStationsByIds } from '../tables/stations';

export const MEMBER_NO_UNKNOWN = '找不到这个会员号';
export const MEMBER_NOT_ACTIVE = '该会员尚未通过审核';

/**
 * Staff appoint a worker, found by their 会员号 (an active member only), as volunteer supervisor
 * (义务监督员) of up to 20 stations of their scope: one transaction for all of them. Appointing again
 * changes nothing. Audited once per org whose stations were given.
 */
export const handler = defineHandler(contract.appointSupervisors, async ({ body }, { principal, log }) => {
  const refused = (message: string) => new DomainError('bad_request', message, { memberNo: [message] });
  const userId = await findUserIdByMemberNo(body.memberNo);
  const member = userId ? await getMember(userId) : null;
  if (!userId || !member || member.memberNo !== body.memberNo) throw refused(MEMBER_NO_UNKNOWN);
  if (member.status !== 'active') throw refused(MEMBER_NOT_ACTIVE);

  const ids = [...new Set(body.stationIds)];
  const found = await getStationsByIds(ids);
  if (ids.some((id) => !found.has(id))) throw notFound('找不到所选的驿站，请刷新后重试');
  const stations = ids.map((id) => found.get(id)!);
  // every station must be of the caller's org or one below it
  const orgs = await Promise.all([...new Set(stations.map((s) => s.orgId))].map((orgId) => assertInScope(principal, orgId)));

  const name = maskName(member.name);
  await appointSupervisor({ userId, name, memberNo: member.memberNo, occupation: member.occupation }, stations);
  log.info('supervisor appointed', { supervisorId: userId, stations: ids.length });
  for (const org of orgs) {
    const mine = stations.filter((s) => s.orgId === org.id);
    await recordAudit({
      principal,
      org,
      kind: 'supervisor.appoint',
      object: { type: 'user', id: userId, label: name },
      // no 会员号 in the summary: 注销 replaces the object's id, not the text
      summary: `任命 ${name} 为义务监督员：${mine.map((s) => `「${s.name}」`).join('')}`,
    });
  }
  return { supervisor: { name, memberNo: member.memberNo }, stationIds: ids };
});
