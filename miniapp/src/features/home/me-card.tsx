import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { roleLabel, type Session } from '@shared/schemas/session';
import { membershipStatusLabel, type Membership } from '@shared/schemas/membership';
import { api } from '../../lib/api';
import { unreachable, useCachedRequest } from '../../lib/use-cached-request';
import { useRefreshOnShow } from '../../lib/use-refresh-on-show';
import { useRequest } from '../../lib/use-request';
import { ErrorState } from '../../components/states';
import { OfflineNotice } from '../../components/offline-notice';
import { UsableOffline } from '../../components/usable-offline';
import './me-card.css';

/** What the server calls everyone until they give a name (at joining): not a name to greet anyone by. */
const PLACEHOLDER_NAME = '微信用户';

const staffEntries = [
  { label: '进入工作台', hint: '查看您负责的工会组织范围', url: '/staff/pages/scope/index' },
  { label: '扫码入会 · 二维码与统计', url: '/staff/pages/join-codes/index' },
  { label: '沟通会 · 摊位模式与现场数据', hint: '新建沟通会，进入摊位模式，查看现场数据', url: '/staff/pages/events/index' },
  { label: '统计报表', hint: '本组织及下级的沟通会、入会、服务等数据，可导出 Excel', url: '/staff/pages/figures/index' },
  { label: '入会审核', url: '/staff/pages/members/index' },
  { label: '活动报名与签到', url: '/staff/pages/activities/index' },
  { label: '理赔审核', hint: '会员的互助保障理赔，等得最久的在前', url: '/staff/pages/claims/index' },
  { label: '驿站问题待办', url: '/staff/pages/reports/index' },
  { label: '待检查驿站', hint: '本季度还没检查的驿站，两人反映关门的在前', url: '/staff/pages/inspections-due/index' },
  { label: '驿站管理', hint: '新建、编辑驿站，上传照片，从表格导入', url: '/staff/pages/stations/index' },
  { label: '工作人员与邀请', hint: '邀请、查看和撤销本组织工作人员', url: '/staff/pages/invite/index' },
  { label: '组织管理', hint: '新建、改名、移动、关闭下级组织，从表格导入组织树', url: '/staff/pages/orgs/index' },
  { label: '操作记录', hint: '本组织及下级组织工作人员的操作（管理员）', url: '/staff/pages/audit/index', adminOnly: true },
];

/**
 * 我的: who is signed in (the name they gave at joining), the member card one tap from its QR, the
 * staff workbench first for staff and admins, then the worker's own sections. `membershipDetails`
 * (the member record, or how to join) shows for workers and for staff who are members; staff who
 * are not members are not told so as if it were a problem.
 *
 * The membership is kept on the phone (lib/offline-cache): without a network 我的 shows the kept
 * copy marked 离线 · 更新于 HH:mm, so the member card stays one tap away; with no copy, what is
 * still usable offline.
 */
export function MeCard({
  session,
  children,
  membershipDetails,
}: {
  session: Session;
  children?: ReactNode;
  membershipDetails?: ReactNode;
}) {
  const { me } = session;
  const isStaff = me.role === 'staff' || me.role === 'admin';
  const membershipRequest = useCachedRequest('membership', me.id, () => api.getMyMembership(), [], keepForCard);
  // joining (and sending a returned application again) happens elsewhere: read it afresh whenever 我的 shows
  useRefreshOnShow(membershipRequest.reload);
  const { savedAt, error } = membershipRequest;
  const org = useRequest(
    () => (isStaff && me.actingOrgId ? api.getOrg({ params: { orgId: me.actingOrgId } }) : Promise.resolve(null)),
    [isStaff, me.actingOrgId],
  );
  const membership = membershipRequest.data?.membership ?? null;
  const checked = membershipRequest.data !== undefined;
  const name = membership?.name ?? (me.displayName === PLACEHOLDER_NAME ? '' : me.displayName);
  const orgName = org.data?.org.name;
  const sub = isStaff
    ? [roleLabel[me.role], orgName].filter(Boolean).join(' · ')
    : membership
      ? `${membership.orgName} · ${membershipStatusLabel[membership.status]}`
      : checked
        ? '入会后，这里显示您的姓名和会员卡'
        : roleLabel[me.role];

  return (
    <View>
      <View className="page-header me-card">
        <View className="me-card__avatar" aria-hidden>
          <Text>{Array.from(name)[0] ?? '工'}</Text>
        </View>
        <View className="me-card__who">
          <Text className="page-header__title me-card__name">{name || (checked ? '您好' : '')}</Text>
          <Text className="page-header__sub">{sub}</Text>
        </View>
      </View>
      {isStaff ? (
        <View className="card">
          <Text className="card__title">工作台</Text>
          {staffEntries
            .filter((entry) => !('adminOnly' in entry) || me.role === 'admin')
            .map((entry, i) => (
              <Button
                key={entry.url}
                className={i === 0 ? 'big-button me-card__action' : 'big-button big-button--ghost me-card__action'}
                onClick={() => Taro.navigateTo({ url: entry.url })}
              >
                {entry.label}
              </Button>
            ))}
        </View>
      ) : null}
      {savedAt ? (
        <OfflineNotice
          savedAt={savedAt}
          usable="没有网络，下面是保存在手机上的会员信息；电子会员卡和我的报名可以照常出示，联网后自动更新。"
          onRetry={membershipRequest.reload}
        />
      ) : null}
      {error && !checked ? (
        unreachable(error) ? (
          <UsableOffline />
        ) : (
          <ErrorState message={error.message} onRetry={membershipRequest.reload} />
        )
      ) : null}
      {membership ? <MemberCardLink membership={membership} /> : null}
      {children}
      {/* the details read the network themselves: offline the kept copy above says enough */}
      {checked && !savedAt && (!isStaff || membership) ? membershipDetails : null}
    </View>
  );
}

/** What of the membership 我的 keeps for offline: not the history (storage is small). */
const keepForCard = (data: { membership: Membership | null }) =>
  data.membership ? { membership: { ...data.membership, history: [] } } : data;

/** Under the small card of an application that is not (yet) a membership: why there is no QR. */
const noCardYet: Partial<Record<Membership['status'], string>> = {
  pending: '入会申请审核中，通过后可在这里出示会员卡二维码',
  rejected: '入会申请已退回，暂无会员卡二维码；按退回原因修改后重新提交，通过后即可出示',
};

/** The member card in small, the whole card one tap from the full card with its QR (for check-ins and benefits). */
function MemberCardLink({ membership: m }: { membership: Membership }) {
  const notYet = noCardYet[m.status];
  if (notYet)
    return (
      <View className="card me-member" data-status={m.status}>
        <View className={`me-member__card me-member__card--${m.status}`}>
          <Text className="me-member__org">{m.orgName}</Text>
          <Text className="me-member__name">{m.name}</Text>
          <Text className="me-member__status">{membershipStatusLabel[m.status]}</Text>
        </View>
        <Text className="muted me-member__not-yet">{notYet}</Text>
      </View>
    );
  return (
    <View className="card me-member" role="link" onClick={() => Taro.navigateTo({ url: '/pages/member-card/index' })}>
      <View className={`me-member__card me-member__card--${m.status}`}>
        <Text className="me-member__org">{m.orgName}</Text>
        <Text className="me-member__name">{m.name}</Text>
        <Text className="me-member__no">会员号 {m.memberNo}</Text>
        <Text className="me-member__status">{membershipStatusLabel[m.status]}</Text>
      </View>
      <Text className="me-member__open">出示会员卡二维码 ›</Text>
    </View>
  );
}
