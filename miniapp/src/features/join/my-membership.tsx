import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { genderLabel, membershipStatusLabel, type Gender, type Membership } from '@shared/schemas/membership';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useRefreshOnShow } from '../../lib/use-refresh-on-show';
import { useRequest } from '../../lib/use-request';
import { Choices } from '../../components/choices';
import { ErrorState, Loading } from '../../components/states';
import { genderChoices } from './gender-choices';
import { REAPPLY_URL } from './reapply-url';
import './join.css';
import { ActionError } from '../../components/field-error';

/** 我的: the member's record in brief, and 性别 for those who joined before it was asked. */
export function MyMembership() {
  const { data, error, loading, reload } = useRequest(() => api.getMyMembership(), []);
  const [saved, setSaved] = useState<Membership | null>(null);
  // joining happens on the 入会 tab: show the new card when the worker comes back here (and drop
  // the record kept from saving a gender, so a later approval shows too)
  useRefreshOnShow(() => {
    setSaved(null);
    reload();
  });

  if (error) return <ErrorState message={error.message} onRetry={reload} />;
  if (loading && !data) return <Loading text="正在读取会员信息…" />;
  const m = saved ?? data?.membership;
  if (!m) {
    return (
      <View className="card">
        <Text className="card__title">还不是工会会员</Text>
        <Text className="muted">在「入会」页扫工作人员出示的二维码，一分钟入会</Text>
      </View>
    );
  }
  return (
    <View className="card" data-member={m.memberNo}>
      <Text className="card__title">会员信息</Text>
      <Line label="所属工会" value={m.orgName} />
      <Line label="会员号" value={m.memberNo} />
      <Line label="状态" value={membershipStatusLabel[m.status]} />
      {m.status === 'rejected' ? (
        <View className="member-info__returned" data-returned>
          <Text className="field-error">退回原因：{m.rejectReason ?? '未说明'}</Text>
          <Button className="big-button join__submit" onClick={() => Taro.navigateTo({ url: REAPPLY_URL })}>
            修改后重新提交
          </Button>
        </View>
      ) : null}
      {m.gender ? <Line label="性别" value={genderLabel[m.gender]} /> : <GenderFill onSaved={setSaved} />}
    </View>
  );
}

function Line({ label, value }: { label: string; value: string }) {
  return (
    <View className="member-info__row">
      <Text className="muted">{label}</Text>
      <Text className="member-info__value">{value}</Text>
    </View>
  );
}

/** Pick, then save: one stray tap (gloves, cold hands) should not record the wrong answer. */
function GenderFill({ onSaved }: { onSaved: (m: Membership) => void }) {
  const [gender, setGender] = useState<Gender | undefined>();
  const { busy, problem, run } = useAction();
  const save = () => gender && run('gender', async () => onSaved((await api.setMyGender({ body: { gender } })).membership));
  return (
    <View className="gender-fill">
      <Text className="join__label">补填性别</Text>
      <Text className="muted">只用于女职工专属福利，可不填</Text>
      <Choices options={genderChoices} value={gender} onChange={setGender} />
      {gender ? (
        <Button className="big-button join__submit" disabled={busy !== null} onClick={save}>
          {busy ? '正在保存…' : `保存：${genderLabel[gender]}`}
        </Button>
      ) : null}
      <ActionError message={problem} />
    </View>
  );
}
