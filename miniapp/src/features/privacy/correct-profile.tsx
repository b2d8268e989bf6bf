import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import type { Membership } from '@shared/schemas/membership';
import { ProfileCorrection } from '@shared/schemas/account';
import { ActionError, FieldError } from '../../components/field-error';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useFieldErrors } from '../../lib/use-field-errors';

type Fields = { name: string; mobile: string; employer: string };
const FIELDS = ['name', 'mobile', 'phoneCode', 'employer'];

/**
 * 更正信息: name, phone and employer, corrected on the membership (the member card and the union's
 * lists read it). Only what changed is sent; problems show beside their fields.
 */
export function CorrectProfile({ membership, onSaved }: { membership: Membership; onSaved: (m: Membership) => void }) {
  const [open, setOpen] = useState(false);
  const initial: Fields = { name: membership.name, mobile: membership.mobile, employer: membership.employer };
  const [values, setValues] = useState<Fields>(initial);
  /** weapp: WeChat's phone-number button instead of typing (exchanged on the server, as the join form does) */
  const [phoneCode, setPhoneCode] = useState<string | null>(null);
  const form = useFieldErrors((key) => FIELDS.includes(key));
  const { busy, problemOf, run } = useAction(form);

  const set = (field: keyof Fields, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    form.clear(field);
  };

  const save = async () => {
    const body: Record<string, string> = Object.fromEntries(
      (Object.keys(values) as (keyof Fields)[]).filter((k) => values[k].trim() !== initial[k]).map((k) => [k, values[k].trim()]),
    );
    if (phoneCode) {
      delete body.mobile;
      body.phoneCode = phoneCode;
    }
    const checked = ProfileCorrection.safeParse(body);
    if (!checked.success) {
      // one plain message per field, the first the schema gives (as the join form says it)
      const problems: Record<string, string[]> = {};
      for (const issue of checked.error.issues) problems[String(issue.path[0] ?? 'name')] ??= [issue.message];
      form.show(problems);
      return;
    }
    const done = await run('correct', async () => {
      const { membership: saved } = await api.correctMyProfile({ body: checked.data });
      onSaved(saved);
    });
    if (!done) return;
    setOpen(false);
    void Taro.showToast({ title: '已更正', icon: 'success' });
  };

  if (!open) {
    return (
      <Button
        className="big-button big-button--ghost privacy__action"
        onClick={() => {
          setValues(initial);
          setPhoneCode(null);
          form.reset();
          setOpen(true);
        }}
      >
        更正信息
      </Button>
    );
  }
  const err = (field: string) => <FieldError messages={form.errors[field]} />;
  return (
    <View className={`privacy__form ${form.scope}`}>
      <Text className="privacy__label">姓名</Text>
      <Input className="privacy__input" name="name" value={values.name} maxlength={20} onInput={(e) => set('name', e.detail.value)} />
      {err('name')}
      <Text className="privacy__label">手机号</Text>
      <Text className="muted">用于入会审核和工会联系您，只有您所属工会的工作人员能看到完整号码</Text>
      <Input
        className="privacy__input"
        name="mobile"
        type="number"
        value={values.mobile}
        maxlength={11}
        onInput={(e) => set('mobile', e.detail.value)}
      />
      {process.env.TARO_ENV === 'weapp' ? (
        <Button
          className="big-button big-button--ghost privacy__action"
          openType="getPhoneNumber"
          onGetPhoneNumber={(e) => {
            if (!e.detail.code) return;
            setPhoneCode(e.detail.code);
            form.clear('mobile', 'phoneCode');
          }}
        >
          {phoneCode ? '将改为微信绑定的手机号' : '改为微信绑定的手机号'}
        </Button>
      ) : null}
      {err('mobile')}
      {err('phoneCode')}
      <Text className="privacy__label">工作单位或平台</Text>
      <Input
        className="privacy__input"
        name="employer"
        value={values.employer}
        maxlength={60}
        onInput={(e) => set('employer', e.detail.value)}
      />
      {err('employer')}
      <Button className="big-button privacy__action" disabled={busy !== null} onClick={save}>
        {busy === 'correct' ? '正在保存…' : '保存更正'}
      </Button>
      <ActionError message={problemOf('correct')} />
      <Button className="big-button big-button--ghost privacy__action" disabled={busy !== null} onClick={() => setOpen(false)}>
        取消
      </Button>
    </View>
  );
}
