import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { claimStatusLabel, type ClaimSummary } from '@shared/schemas/claim';
import { api } from '../../lib/api';
import { usePages } from '../../lib/use-pages';
import { useRequest } from '../../lib/use-request';
import { useRefreshOnShow } from '../../lib/use-refresh-on-show';
import { keepNumbersWhole } from '../../components/keep-numbers-whole';
import { ListFooter } from '../../components/list-footer';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { daysWaited } from './amount';
import './claims-staff.css';

export const claimUrl = (id: string) => `/staff/pages/claim/index?id=${encodeURIComponent(id)}`;

/** 已等 3 天 since it was (first) submitted, in Beijing days; today's: 今天提交. */
function waited(c: ClaimSummary): string {
  const days = daysWaited(c.submittedAt ?? c.createdAt);
  return days === 0 ? '今天提交' : `已等 ${days} 天`;
}

/**
 * The plan chips: the plans among the staff's activities, then those of the claims loaded so far
 * (a street's staff handle claims on plans of a higher org, which are not among their activities).
 */
export function planChips(own: { id: string; title: string }[], fromClaims: Map<string, string>): { id: string; title: string }[] {
  const ids = new Set(own.map((p) => p.id));
  return [...own, ...[...fromClaims].filter(([id]) => !ids.has(id)).map(([id, title]) => ({ id, title }))];
}

/**
 * 理赔审核: the open claims of the members of the staff member's org and below, the longest waiting
 * first, 20 a page; chips narrow it to one plan (the plans among the org's activities and those of
 * the claims seen). A row opens the claim.
 */
export function OpenClaims() {
  const [activityId, setActivityId] = useState<string | undefined>(undefined);
  const plans = useRequest(
    async () =>
      (await api.listStaffActivities({ query: {} })).activities
        .filter((a) => a.category === 'plan')
        .map((a) => ({ id: a.id, title: a.title })),
    [],
  );
  const pages = usePages(
    async (cursor) => {
      const page = await api.listOpenClaims({ query: { ...(activityId ? { activityId } : {}), ...(cursor ? { cursor } : {}) } });
      return { items: page.claims, nextCursor: page.nextCursor };
    },
    [activityId],
  );
  const { items, error, loading, reload } = pages;
  // the plans of the claims seen: kept while a chip narrows the list, so the others stay to pick
  const [seen, setSeen] = useState<Map<string, string>>(() => new Map());
  useEffect(() => {
    const fresh = (items ?? []).filter((c) => !seen.has(c.activityId));
    if (fresh.length > 0) setSeen(new Map([...seen, ...fresh.map((c): [string, string] => [c.activityId, c.planTitle])]));
  }, [items, seen]);
  const chips = planChips(plans.data ?? [], seen);
  // back from a claim that was just handled: it may have left the list
  useRefreshOnShow(reload);

  return (
    <View className="page">
      <View className="page-header">
        <Text className="page-header__title">理赔审核</Text>
        <Text className="page-header__sub">本组织及下级会员未办结的互助保障理赔，等得最久的在前</Text>
      </View>
      {chips.length > 0 ? (
        <View className="chips" aria-label="按计划筛选">
          {[{ id: undefined, title: '全部计划' }, ...chips].map((p) => (
            <View
              key={p.id ?? 'all'}
              className={activityId === p.id ? 'chip chip--on claims-chip' : 'chip claims-chip'}
              data-plan={p.id ?? 'all'}
              onClick={() => setActivityId(p.id)}
            >
              <Text>{p.title}</Text>
            </View>
          ))}
        </View>
      ) : null}
      {error ? <ErrorState message={error.message} onRetry={reload} /> : null}
      {loading && !items ? <Loading /> : null}
      {items && items.length === 0 && !error ? (
        <EmptyState title="没有待办的理赔" hint={activityId ? '这个计划没有未办结的理赔' : '会员提交理赔后会出现在这里'} />
      ) : null}
      {items?.map((c) => (
        <View key={c.id} className="card claim-row" role="link" data-claim={c.id} onClick={() => Taro.navigateTo({ url: claimUrl(c.id) })}>
          <View className="claim-row__top">
            <Text className="claim-row__who">{[c.memberName, c.orgName].filter(Boolean).join(' · ')}</Text>
            <Text className={`claim-status claim-status--${c.status}`}>{claimStatusLabel[c.status]}</Text>
          </View>
          <Text className="claim-row__what">
            {c.planTitle} · {c.eventLabel}
          </Text>
          <Text className="claim-row__age">{keepNumbersWhole(waited(c))}</Text>
        </View>
      ))}
      <ListFooter pages={pages} />
    </View>
  );
}
