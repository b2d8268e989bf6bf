import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { ChildrenForm, useChildrenDraft, type ChildAges } from './children-form';
import { RegistrationView, type Registration } from './staff-answers';
import './activities.css';

/**
 * At the stall, for a member without their card: sign them up by the phone number they joined
 * with, and for a 托管班 with their children's names and ages.
 */
export function RegisterByPhone({
  activityId,
  childAges,
  perMemberLimit,
  onChanged,
}: {
  activityId: string;
  childAges?: ChildAges;
  perMemberLimit: number;
  onChanged: () => void;
}) {
  const [mobile, setMobile] = useState('');
  const [registration, setRegistration] = useState<Registration | null>(null);
  const { busy, problem, run } = useAction();
  const kids = useChildrenDraft(childAges, perMemberLimit);

  const register = () => {
    const children = kids.take();
    if (children === null) return;
    return run('register', async () => {
      setRegistration(null);
      setRegistration(await api.registerOnSite({ params: { activityId }, body: { mobile: mobile.trim(), children } }).catch(kids.rejected));
      setMobile('');
      kids.reset();
      onChanged();
    });
  };

  return (
    <View className="card">
      <Text className="card__title">没带会员卡？按手机号报名</Text>
      <Input
        className="join__input"
        name="register-mobile"
        type="number"
        maxlength={11}
        value={mobile}
        placeholder="职工入会时的 11 位手机号"
        onInput={(e) => setMobile(e.detail.value)}
      />
      {childAges ? <ChildrenForm {...kids.formProps} /> : null}
      <Button className="big-button join__submit" disabled={busy !== null} onClick={register}>
        {busy ? '正在登记…' : '登记报名'}
      </Button>
      {registration ? <RegistrationView registration={registration} /> : null}
      {problem ? <Text className="field-error">{problem}</Text> : null}
    </View>
  );
}
