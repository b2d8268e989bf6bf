import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { claimStatusLabel } from '@shared/schemas/claim';
import { beijingDay, beijingDisplay } from '@shared/beijing-time';
import { yuan } from '@shared/money';
import { api } from '../../lib/api';
import { usePages } from '../../lib/use-pages';
import { useRequest } from '../../lib/use-request';
import { useRefreshOnShow } from '../../lib/use-refresh-on-show';
import { ListFooter } from '../../components/list-footer';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { StartClaimButton } from './claim-links';
import { careUrls } from './urls';
import './claims.css';

/**
 * The plans the member is covered by that take claims (我的报名's sign-ups marked `claimable`), each
 * with 申请理赔: the way into a new claim from 我的, however far down 活动 the plan's card is. Nothing
 * while they load or when there are none (the claims below are what this page is for).
 */
function ClaimablePlans({ plans }: { plans: { activityId: string; activityTitle: string }[] }) {
  if (plans.length === 0) return null;
  return (
    <View className="card claimable-plans" data-claimable-plans>
      <Text className="card__title">可以申请理赔的计划</Text>
      {plans.map((p) => (
        <View key={p.activityId} className="claimable-plan" data-plan={p.activityId}>
          <Text className="claimable-plan__title">{p.activityTitle}</Text>
          <StartClaimButton activityId={p.activityId} />
        </View>
      ))}
    </View>
  );
}

/**
 * 我的 → 我的理赔: the plans the member may claim from (申请理赔), then every claim of the member,
 * newest first, 20 a page, each with its status; a tap opens it (its materials and timeline). Empty:
 * what a claim is and where one starts.
 */
export function MyClaims() {
  const pages = usePages(async (cursor) => {
    const page = await api.listMyClaims({ query: cursor ? { cursor } : {} });
    return { items: page.claims, nextCursor: page.nextCursor };
  }, []);
  const signups = useRequest(() => api.listMySignups(), []);
  const plans = (signups.data?.signups ?? []).filter((s) => s.claimable);
  const { items, error, loading, reload } = pages;
  useRefreshOnShow(() => {
    reload();
    signups.reload();
  });

  if (error && !items) return <ErrorState message={error.message} onRetry={reload} />;
  if (loading && !items) return <Loading text="正在加载我的理赔…" />;
  if (items!.length === 0)
    return (
      <View className="page">
        <ClaimablePlans plans={plans} />
        <EmptyState
          title="您还没有理赔申请"
          hint="参加了工会互助保障计划的会员，遇到计划保障的事项（如重大疾病、意外伤害、住院），可以在线申请理赔：在「活动」里找到您参加的互助保障计划，点「申请理赔」，按清单拍照提交材料。"
        />
        <Button className="big-button big-button--ghost" onClick={() => void Taro.switchTab({ url: '/pages/activities/index' })}>
          去活动找互助保障
        </Button>
      </View>
    );
  return (
    <View className="page">
      <ClaimablePlans plans={plans} />
      {items!.map((c) => (
        <View
          key={c.id}
          className="card claim-row"
          role="link"
          data-claim={c.id}
          onClick={() => void Taro.navigateTo({ url: careUrls.claim(c.id) })}
        >
          <View className="claim-row__head">
            <Text className="claim-row__title">{c.planTitle}</Text>
            <Text className={`claim-status claim-status--${c.status}`}>{claimStatusLabel[c.status]}</Text>
          </View>
          <Text className="claim-row__line">{`${c.eventLabel} · 事发 ${beijingDay(c.eventDate)}`}</Text>
          <Text className="muted claim-row__line">
            {c.submittedAt ? `${beijingDisplay(c.submittedAt)} 提交` : `${beijingDisplay(c.createdAt)} 开始，未提交`}
          </Text>
          {c.paidFen !== undefined ? (
            <Text className="claim-row__money">{`已赔付 ${yuan(c.paidFen)}`}</Text>
          ) : c.amountFen !== undefined ? (
            <Text className="claim-row__money">{`核准 ${yuan(c.amountFen)}`}</Text>
          ) : null}
        </View>
      ))}
      <ListFooter pages={pages} />
    </View>
  );
}
