import { contract } from '../../shared/contract';
import { DomainError, notFound } from '../lib/errors';
import { exchangePhoneCode } from '../lib/auth/wechat-phone';
import { defineHandler } from '../lib/http/handler';
import { getOrg } from '../tables/orgs';
import { correctMember, getMember, type Correction } from '../tables/members';
import { getUser } from '../tables/users';
import { ownMembership } from '../join/views';

const fieldLabel = { name: '姓名', mobile: '手机号', employer: '工作单位' } as const;

/**
 * 更正信息 (PIPL): name, phone and employer are corrected where they are shown: the membership (the
 * member card and staff lists read it) and the display name on the user when it showed the old name.
 * One transaction of ≤ 4 items. Sign-ups made before keep the name they were made with (a staff list
 * of the day); new ones take the corrected name.
 */
export const handler = defineHandler(contract.correctMyProfile, async ({ body }, { principal, log }) => {
  const member = await getMember(principal.userId);
  if (!member) throw notFound('您还没有入会，没有需要更正的会员信息');
  const mobile = body.mobile ?? (body.phoneCode ? await exchangePhoneCode(body.phoneCode) : undefined);
  const correction: Correction = {};
  if (body.name !== undefined && body.name !== member.name) correction.name = body.name;
  if (mobile !== undefined && mobile !== member.mobile) correction.mobile = mobile;
  if (body.employer !== undefined && body.employer !== member.employer) correction.employer = body.employer;
  const changed = (Object.keys(correction) as (keyof Correction)[]).sort();
  const org = await getOrg(member.orgId);
  if (changed.length === 0) return { membership: ownMembership(member, org?.name ?? ''), changed };

  const user = correction.name ? await getUser(principal.userId) : null;
  const displayNameToo = Boolean(user && correction.name && user.displayName === member.name);
  const result = await correctMember(
    member,
    correction,
    { at: new Date().toISOString(), what: `本人更正了${changed.map((f) => fieldLabel[f]).join('、')}` },
    displayNameToo,
  );
  if ('refused' in result) {
    if (result.refused === 'phone-taken')
      throw new DomainError('conflict', '这个手机号已被其他会员使用', { mobile: ['这个手机号已被其他会员使用'] });
    throw new DomainError('conflict', '会员信息刚刚有变化，请刷新后重试');
  }
  log.info('profile corrected', { fields: changed });
  return { membership: ownMembership(result.ok, org?.name ?? ''), changed };
});
