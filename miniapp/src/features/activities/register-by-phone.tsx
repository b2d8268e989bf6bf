import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useFieldErrors } from '../../lib/use-field-errors';
import { ActionError, FieldError } from '../../components/field-error';
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
  // the children's problems are kept by the children form; this form has the phone number
  const form = useFieldErrors((key) => key === 'mobile');
  const { busy, problemOf, run } = useAction(form);
  const kids = useChildrenDraft(childAges, perMemberLimit);

  const register = () => {
    const typed = mobile.trim();
    if (!/^1\d{10}$/.test(typed)) return form.show({ mobile: ['请填写职工入会时的 11 位手机号'] });
    const children = kids.take();
    if (children === null) return;
    return run('register', async () => {
      setRegistration(null);
      setRegistration(await api.registerOnSite({ params: { activityId }, body: { mobile: typed, children } }).catch(kids.rejected));
      setMobile('');
      kids.reset();
      onChanged();
    });
  };

  return (
    <View className={`card ${form.scope}`}>
      <Text className="card__title">没带会员卡？按手机号报名</Text>
      <Input
        className="join__input"
        name="register-mobile"
        type="number"
        maxlength={11}
        value={mobile}
        placeholder="职工入会时的 11 位手机号"
        onInput={(e) => {
          setMobile(e.detail.value);
          form.clear('mobile');
        }}
      />
      <FieldError messages={form.errors.mobile} />
      {childAges ? <ChildrenForm {...kids.formProps} /> : null}
      <Button className="big-button join__submit" disabled={busy !== null} onClick={register}>
        {busy ? '正在登记…' : '登记报名'}
      </Button>
      <ActionError message={problemOf('register')} />
      {registration ? <RegistrationView registration={registration} /> : null}
    </View>
  );
}
