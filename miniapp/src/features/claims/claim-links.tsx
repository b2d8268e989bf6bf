import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { ActionError } from '../../components/field-error';
import { careUrls } from './urls';
// the link's look is 我的报名's (loaded with it on 我的): one stylesheet, one CSS order for the bundler
import '../activities/activities.css';

/**
 * 申请理赔 on a plan's card in 活动 (a plan whose org set claim rules). A covered member (a confirmed
 * sign-up) goes straight to the claim's consent screen; anyone else is told why not (the server's
 * reason, from GET /activities/{id}/claim-start) beside the button, and goes nowhere. The reason holds
 * for the sign-up it was asked with: once the card's sign-up changes (报名 → 报名成功) it is gone.
 */
type ActivityForMember = Awaited<ReturnType<typeof api.listActivities>>['activities'][number];

export function ClaimButton({ activity: a }: { activity: Pick<ActivityForMember, 'id' | 'category' | 'claimable' | 'mySignup'> }) {
  const { busy, problemOf, run } = useAction();
  const signup = a.mySignup?.status;
  const [refusal, setRefusal] = useState<{ whyNot: string; signup: typeof signup } | null>(null);
  if (a.category !== 'plan' || !a.claimable) return null;
  const covered = signup === 'confirmed';
  const whyNot = !covered && refusal && refusal.signup === signup ? refusal.whyNot : null;
  const open = () => {
    if (covered) return void Taro.navigateTo({ url: careUrls.start(a.id) });
    return run('claim', async () => {
      const start = await api.getClaimStart({ params: { activityId: a.id } });
      if (start.eligible) return void Taro.navigateTo({ url: careUrls.start(a.id) });
      setRefusal({ whyNot: start.whyNot ?? '您不在这个互助保障计划的保障范围内', signup });
    });
  };
  return (
    <View style={{ marginTop: '10px' }} data-claim-button={a.id}>
      <Button className={covered ? 'big-button' : 'big-button big-button--ghost'} disabled={busy !== null} onClick={open}>
        {busy ? '正在查询…' : '申请理赔'}
      </Button>
      {whyNot ? <Text className="muted activity__why">{`暂不能申请理赔：${whyNot}`}</Text> : null}
      <ActionError message={problemOf('claim')} />
    </View>
  );
}

/**
 * 申请理赔 for a plan the member is covered by (我的报名 and 我的理赔 list them: the server marks such a
 * sign-up `claimable`): straight to the claim's consent screen.
 */
export function StartClaimButton({ activityId, ghost = false }: { activityId: string; ghost?: boolean }) {
  return (
    <Button
      className={ghost ? 'big-button big-button--ghost claim-start-button' : 'big-button claim-start-button'}
      data-start-claim={activityId}
      onClick={() => void Taro.navigateTo({ url: careUrls.start(activityId) })}
    >
      申请理赔
    </Button>
  );
}

/** 我的 → 我的理赔: the member's claims, their materials and progress. */
export function MyClaimsLink() {
  return (
    <View className="card my-signups-link" role="link" onClick={() => void Taro.navigateTo({ url: careUrls.myClaims })}>
      <View className="my-signups-link__text">
        <Text className="my-signups-link__title">我的理赔</Text>
        <Text className="muted">互助保障理赔的材料、进度与赔付</Text>
      </View>
      <Text className="my-signups-link__arrow" aria-hidden>
        ›
      </Text>
    </View>
  );
}
