import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Checkbox, Input, Label, Text, View } from '@tarojs/components';
import {
  JoinForm,
  Occupation,
  occupationLabel,
  type Gender,
  type JoinForm as JoinFormValues,
  type Membership,
} from '@shared/schemas/membership';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { ASKS, askSubscriptions, prepareSubscriptions } from '../../lib/subscribe';
import { useFieldErrors, type FieldErrors } from '../../lib/use-field-errors';
import { ActionError, FieldError } from '../../components/field-error';
import { Choices } from '../../components/choices';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { useRequest } from '../../lib/use-request';
import { AlreadyJoined, Joined } from './joined';
import { genderChoices } from './gender-choices';
import './join.css';

/** the fields shown with their own message; anything else is said beside the submit button */
const FIELDS = ['name', 'mobile', 'phoneCode', 'employer', 'occupation', 'gender', 'consent'];

const PRIVACY =
  '用途：办理入会和会员服务。保存：姓名、手机号、工作单位、职业、性别（如填写），不收集身份证号。可见范围：您本人和所属工会的工作人员；其他人只看到打码后的信息。';

/**
 * What the form can tell by itself, with the same schema the API checks: one plain message per
 * field (the first the schema gives), keyed as the API's fieldErrors.
 */
export function checkJoinForm(body: unknown, weapp: boolean): FieldErrors {
  const parsed = JoinForm.safeParse(body);
  const errors: FieldErrors = {};
  for (const issue of parsed.success ? [] : parsed.error.issues) {
    const key = issue.path.join('.') || 'form';
    errors[key] ??= [issue.message];
  }
  // the schema asks for a phone only once everything else is right: say it together with the rest
  const b = body as { mobile?: string; phoneCode?: string };
  if (!b.mobile && !b.phoneCode) errors.mobile ??= [weapp ? '请点上面的按钮，填入微信手机号' : '请填写手机号'];
  return errors;
}

type Values = {
  name: string;
  mobile: string;
  employer: string;
  occupation: Occupation | '';
  gender: Gender | undefined;
  wantsMutualAidCard: boolean;
  consent: boolean;
};
const EMPTY: Values = { name: '', mobile: '', employer: '', occupation: '', gender: undefined, wantsMutualAidCard: false, consent: false };

/** What a returned member sent, to correct: every field of the form as they filled it in. */
export function valuesOf(m: Membership): Values {
  return {
    name: m.name,
    mobile: m.mobile,
    employer: m.employer,
    occupation: m.occupation,
    gender: m.gender,
    wantsMutualAidCard: m.cardRequest !== 'none',
    consent: true,
  };
}

/** One screen: who you are joining, five fields (and an optional 性别), consent, submit; the card appears at once. */
export function JoinFormScreen({ token }: { token: string }) {
  const target = useRequest(() => api.resolveJoinCode({ params: { token } }), [token]);
  const [done, setDone] = useState<Membership | null>(null);

  if (target.error)
    return (
      <ErrorState title="无法入会" message={target.error.message} onRetry={target.error.code === 'network' ? target.reload : undefined} />
    );
  if (target.loading && !target.data) return <Loading text="正在读取入会码…" />;
  const { target: t, existing } = target.data!;
  if (done) return <Joined membership={done} />;
  // a returned application: the form again, filled in with what was sent, to correct and send again
  if (existing && existing.status !== 'rejected')
    return <AlreadyJoined membership={existing} joining={{ orgId: t.orgId, orgName: t.orgName }} />;
  return (
    <JoinFields
      title={`加入${t.orgName}`}
      sub={t.event ? `${t.event.title} · ${t.event.place}` : t.orgPath.join(' › ')}
      returned={existing ? { membership: existing, to: t.orgName } : undefined}
      send={async (body) => setDone((await api.joinUnion({ params: { token }, body })).membership)}
    />
  );
}

/**
 * 修改后重新提交, from 我的 or the member card: the returned application's form, filled in with what
 * was sent and the reason it came back; sent again to the same union's review.
 */
export function ReapplyScreen() {
  const { data, error, loading, reload } = useRequest(() => api.getMyMembership(), []);
  const [done, setDone] = useState<Membership | null>(null);
  if (done) return <Joined membership={done} />;
  if (error) return <ErrorState message={error.message} onRetry={reload} />;
  if (loading && !data) return <Loading text="正在读取您的入会申请…" />;
  const m = data?.membership;
  if (!m) return <EmptyState title="还没有入会申请" hint="在「入会」页扫工作人员出示的二维码，一分钟入会" />;
  // sent again already (another tap, another phone) or decided: say where it stands
  if (m.status !== 'rejected') return <AlreadyJoined membership={m} joining={{ orgId: m.orgId, orgName: m.orgName }} />;
  return (
    <JoinFields
      title="修改后重新提交"
      sub={m.orgName}
      returned={{ membership: m, to: m.orgName }}
      send={async (body) => setDone((await api.reapplyMembership({ body })).membership)}
    />
  );
}

function JoinFields({
  title,
  sub,
  returned,
  send,
}: {
  title: string;
  sub: string;
  /** the returned application being corrected, and the union it goes to now */
  returned?: { membership: Membership; to: string };
  send: (body: JoinFormValues) => Promise<void>;
}) {
  const kept = returned?.membership;
  const [values, setValues] = useState<Values>(() => (kept ? valuesOf(kept) : EMPTY));
  const [phoneCode, setPhoneCode] = useState<string | null>(null);
  const form = useFieldErrors((key) => FIELDS.includes(key));
  const { busy, problemOf, run } = useAction(form);
  useEffect(prepareSubscriptions, []);

  const set = <K extends keyof Values>(key: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    form.clear(key);
  };
  const weapp = process.env.TARO_ENV === 'weapp';
  const submit = () => {
    const body = {
      name: values.name,
      employer: values.employer,
      occupation: values.occupation as Occupation,
      ...(values.gender ? { gender: values.gender } : {}),
      wantsMutualAidCard: values.wantsMutualAidCard,
      consent: values.consent as true,
      // weapp: the WeChat number just authorised, or the one the returned application has
      ...(phoneCode ? { phoneCode } : weapp ? (kept ? { mobile: kept.mobile } : {}) : { mobile: values.mobile }),
    } satisfies JoinFormValues;
    // the whole form checked before anything is sent, every problem at once beside its field
    const problems = checkJoinForm(body, weapp);
    if (Object.keys(problems).length > 0) return form.show(problems);
    // WeChat's 审核结果 subscription: asked here, before any await, or WeChat shows no dialog
    if (busy === null) askSubscriptions(ASKS.join);
    // a double tap submits once (useAction drops the second)
    return run('submit', async () => {
      await send(body);
      Taro.pageScrollTo?.({ scrollTop: 0, duration: 0 });
    });
  };
  const err = (field: string) => <FieldError messages={form.errors[field]} />;

  return (
    <View className={`page join ${form.scope}`} data-reapply={kept ? 'yes' : undefined}>
      <View className="page-header">
        <Text className="page-header__title">{title}</Text>
        <Text className="page-header__sub">{sub}</Text>
      </View>
      {kept ? (
        <View className="card join__returned">
          <Text className="card__title">入会申请被退回</Text>
          <Text className="field-error">退回原因：{kept.rejectReason ?? '未说明'}</Text>
          <Text className="muted">
            {`下面是您上次填写的信息，请按退回原因修改后重新提交${kept.orgName === returned!.to ? `，${returned!.to}的工作人员会重新审核。` : `；这次提交给${returned!.to}审核。`}`}
          </Text>
        </View>
      ) : null}
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
        <Text className="muted join__hint">用于入会审核和工会联系您，只有您所属工会的工作人员能看到完整号码</Text>
        {weapp ? (
          <View>
            {kept && !phoneCode ? <Text className="join__kept-phone">{kept.mobile}</Text> : null}
            <Button
              className="big-button big-button--ghost"
              openType="getPhoneNumber"
              onGetPhoneNumber={(e) => {
                if (!e.detail.code) return;
                setPhoneCode(e.detail.code);
                form.clear('mobile', 'phoneCode');
              }}
            >
              {phoneCode ? '已授权微信手机号' : kept ? '改用其他微信手机号' : '一键填入微信手机号'}
            </Button>
          </View>
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
        {err('phoneCode')}
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
        <Button className="big-button join__submit" disabled={busy !== null} onClick={submit}>
          {busy ? '正在提交…' : kept ? '修改好了，重新提交' : '提交，立即领取会员卡'}
        </Button>
        <ActionError message={problemOf('submit')} />
      </View>
    </View>
  );
}
