import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Checkbox, Input, Label, Text, View } from '@tarojs/components';
import { Occupation, occupationLabel, type Gender, type JoinForm as JoinFormValues } from '@shared/schemas/membership';
import { api, ApiError } from '../../lib/api';
import { Choices } from '../../components/choices';
import { ErrorState, Loading } from '../../components/states';
import { useRequest } from '../../lib/use-request';
import { MembershipCard } from './membership-card';
import { genderChoices } from './gender-choices';
import './join.css';

const PRIVACY =
  '用途：办理入会和会员服务。保存：姓名、手机号、工作单位、职业、性别（如填写），不收集身份证号。可见范围：您本人和所属工会的工作人员；其他人只看到打码后的信息。';

/** One screen: who you are joining, five fields (and an optional 性别), consent, submit; the card appears at once. */
export function JoinFormScreen({ token }: { token: string }) {
  const target = useRequest(() => api.resolveJoinCode({ params: { token } }), [token]);
  const [values, setValues] = useState({
    name: '',
    mobile: '',
    employer: '',
    occupation: '' as Occupation | '',
    gender: undefined as Gender | undefined,
    wantsMutualAidCard: false,
    consent: false,
  });
  const [phoneCode, setPhoneCode] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState<Awaited<ReturnType<typeof api.joinUnion>> | null>(null);
  const sendingRef = useRef(false);

  if (target.error)
    return (
      <ErrorState title="无法入会" message={target.error.message} onRetry={target.error.code === 'network' ? target.reload : undefined} />
    );
  if (target.loading && !target.data) return <Loading text="正在读取入会码…" />;
  const { target: t, existing } = target.data!;
  const membership = done?.membership ?? existing;
  if (membership) return <MembershipCard membership={membership} joining={{ orgId: t.orgId, orgName: t.orgName }} />;

  const set = (key: keyof typeof values, value: unknown) => setValues((v) => ({ ...v, [key]: value }));
  const submit = async () => {
    if (sendingRef.current) return; // a double tap submits once
    sendingRef.current = true;
    setSending(true);
    setErrors({});
    setProblem(null);
    try {
      const body = {
        name: values.name,
        employer: values.employer,
        occupation: values.occupation as Occupation,
        ...(values.gender ? { gender: values.gender } : {}),
        wantsMutualAidCard: values.wantsMutualAidCard,
        consent: values.consent as true,
        ...(phoneCode ? { phoneCode } : { mobile: values.mobile }),
      } satisfies JoinFormValues;
      setDone(await api.joinUnion({ params: { token }, body }));
      Taro.pageScrollTo?.({ scrollTop: 0, duration: 0 });
    } catch (e) {
      if (e instanceof ApiError && e.fieldErrors) setErrors(e.fieldErrors);
      setProblem(e instanceof ApiError ? e.message : '提交失败，请重试');
    } finally {
      sendingRef.current = false;
      setSending(false);
    }
  };
  const err = (field: string) => (errors[field] ? <Text className="field-error">{errors[field]![0]}</Text> : null);

  return (
    <View className="page join">
      <View className="page-header">
        <Text className="page-header__title">加入{t.orgName}</Text>
        <Text className="page-header__sub">{t.event ? `${t.event.title} · ${t.event.place}` : t.orgPath.join(' › ')}</Text>
      </View>
      <View className="card">
        <Text className="join__label">姓名</Text>
        <Input
          className="join__input"
          name="name"
          value={values.name}
          placeholder="请填写真实姓名"
          onInput={(e) => set('name', e.detail.value)}
        />
        {err('name')}
        <Text className="join__label">手机号</Text>
        {process.env.TARO_ENV === 'weapp' ? (
          <Button
            className="big-button big-button--ghost"
            openType="getPhoneNumber"
            onGetPhoneNumber={(e) => e.detail.code && setPhoneCode(e.detail.code)}
          >
            {phoneCode ? '已授权微信手机号' : '一键填入微信手机号'}
          </Button>
        ) : (
          <Input
            className="join__input"
            name="mobile"
            type="number"
            maxlength={11}
            value={values.mobile}
            placeholder="11 位手机号"
            onInput={(e) => set('mobile', e.detail.value)}
          />
        )}
        {err('mobile')}
        <Text className="join__label">工作单位或平台</Text>
        <Input
          className="join__input"
          name="employer"
          value={values.employer}
          placeholder="如：美团、顺丰速运、某物业公司"
          onInput={(e) => set('employer', e.detail.value)}
        />
        {err('employer')}
        <Text className="join__label">职业</Text>
        <View className="join__options">
          {Occupation.options.map((o) => (
            <View
              key={o}
              className={values.occupation === o ? 'join__option join__option--on' : 'join__option'}
              onClick={() => set('occupation', o)}
            >
              <Text>{occupationLabel[o]}</Text>
            </View>
          ))}
        </View>
        {err('occupation')}
        <Text className="join__label">性别（选填）</Text>
        <Choices options={genderChoices} value={values.gender} onChange={(g) => set('gender', g)} clearable />
        <Text className="muted join__hint">只用于女职工专属福利，可不填</Text>
        {err('gender')}
        <View className="join__check" onClick={() => set('wantsMutualAidCard', !values.wantsMutualAidCard)}>
          <Checkbox value="card" checked={values.wantsMutualAidCard} />
          <Text>同时申请互助服务卡</Text>
        </View>
        <View className="join__check" onClick={() => set('consent', !values.consent)}>
          <Checkbox value="consent" checked={values.consent} />
          <Label>我已阅读并同意个人信息说明</Label>
        </View>
        <Text className="muted join__privacy">{PRIVACY}</Text>
        {err('consent')}
        {problem ? <Text className="field-error">{problem}</Text> : null}
        <Button className="big-button join__submit" disabled={sending} onClick={submit}>
          {sending ? '正在提交…' : '提交，立即领取会员卡'}
        </Button>
      </View>
    </View>
  );
}
