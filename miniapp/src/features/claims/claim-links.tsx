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
 * reason, from GET /activities/{id}/claim-start) beside the button, and goes nowhere.
 */
type ActivityForMember = Awaited<ReturnType<typeof api.listActivities>>['activities'][number];

export function ClaimButton({ activity: a }: { activity: Pick<ActivityForMember, 'id' | 'category' | 'claimable' | 'mySignup'> }) {
  const { busy, problemOf, run } = useAction();
  const [whyNot, setWhyNot] = useState<string | null>(null);
  if (a.category !== 'plan' || !a.claimable) return null;
  const covered = a.mySignup?.status === 'confirmed';
  const open = () => {
    if (covered) return void Taro.navigateTo({ url: careUrls.start(a.id) });
    return run('claim', async () => {
      const start = await api.getClaimStart({ params: { activityId: a.id } });
      if (start.eligible) return void Taro.navigateTo({ url: careUrls.start(a.id) });
      setWhyNot(start.whyNot ?? '您不在这个互助保障计划的保障范围内');
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
