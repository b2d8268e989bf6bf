import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import type { Org } from '@shared/schemas/org';
import { NewOrg, OrgRename } from '@shared/schemas/org-admin';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useFieldErrors, type FieldErrors } from '../../lib/use-field-errors';
import { ActionError, FieldError } from '../../components/field-error';

const FIELDS = ['name', 'shortName', 'code', 'parentId'];

/** zod issues as the API would send them: field → messages. */
function issuesOf(error: { issues: { path: PropertyKey[]; message: string }[] }): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) (out[String(issue.path[0] ?? 'form')] ??= []).push(issue.message);
  return out;
}

/**
 * 新建下级组织 (under `parent`) or 改名 (of `org`): 名称, 简称, and for a new org 组织代码 and 上级工会.
 * The whole form is checked with the shared schema before sending; the server's problems go
 * beside their fields.
 */
export function OrgForm({ parent, org, onDone, onCancel }: { parent?: Org; org?: Org; onDone: (org: Org) => void; onCancel: () => void }) {
  const [name, setName] = useState(org?.name ?? '');
  const [shortName, setShortName] = useState(org?.shortName ?? '');
  const [code, setCode] = useState('');
  const fields = useFieldErrors((key) => FIELDS.includes(key));
  const { run, busy, problemOf } = useAction(fields);
  const creating = !org;

  const submit = () =>
    run('save', async () => {
      if (creating) {
        const checked = NewOrg.safeParse({ parentId: parent!.id, code: code.trim(), name, shortName });
        if (!checked.success) return fields.show(issuesOf(checked.error));
        const made = await api.createOrg({ body: checked.data });
        void Taro.showToast({ title: '已新建组织', icon: 'success' });
        onDone(made);
      } else {
        const checked = OrgRename.safeParse({ name, shortName });
        if (!checked.success) return fields.show(issuesOf(checked.error));
        const renamed = await api.renameOrg({ params: { orgId: org.id }, body: checked.data });
        void Taro.showToast({ title: '已改名', icon: 'success' });
        onDone(renamed);
      }
    });

  const input = (key: string, label: string, value: string, set: (v: string) => void, placeholder: string, maxlength: number) => (
    <View>
      <Text className="join__label">{label}</Text>
      <Input
        className="join__input"
        name={key}
        aria-label={label}
        value={value}
        placeholder={placeholder}
        maxlength={maxlength}
        onInput={(e) => (set(e.detail.value), fields.clear(key))}
      />
      <FieldError messages={fields.errors[key]} />
    </View>
  );

  return (
    <View className={`card org-admin__form ${fields.scope}`}>
      <Text className="card__title">{creating ? '新建下级组织' : `改名：${org.name}`}</Text>
      {input('name', '名称', name, setName, '如：卢沟桥街道总工会', 60)}
      {input('shortName', '简称', shortName, setShortName, '如：卢沟桥街道', 20)}
      {creating ? input('code', '组织代码', code, setCode, '字母、数字或短横线，如 110106005', 40) : null}
      {creating ? (
        <View>
          <Text className="join__label">上级工会</Text>
          <Text className="org-admin__parent">{parent!.name}</Text>
          <FieldError messages={fields.errors.parentId} />
        </View>
      ) : null}
      <Button className="big-button" disabled={busy !== null} onClick={() => void submit()}>
        {busy ? '正在保存…' : creating ? '新建' : '保存'}
      </Button>
      <ActionError message={problemOf('save')} />
      <Button className="big-button big-button--ghost" onClick={onCancel}>
        取消
      </Button>
    </View>
  );
}
