import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { ClaimRules, MAX_CLAIM_EVENTS, MAX_CLAIM_ITEMS } from '@shared/schemas/claim';
import type { z } from 'zod';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useFieldErrors, type FieldErrors } from '../../lib/use-field-errors';
import { useRequest } from '../../lib/use-request';
import { Toggle } from '../../components/choices';
import { ActionError, FieldError } from '../../components/field-error';
import { ErrorState, Loading } from '../../components/states';
import './claims-staff.css';

/** The editor's copy: numbers as typed, so a half-typed one is kept and said wrong beside its box. */
interface ItemDraft {
  code: string;
  label: string;
  hint: string;
  required: boolean;
  maxPages: string;
}
interface EventDraft {
  code: string;
  label: string;
  items: ItemDraft[];
}
interface Draft {
  deadlineDays: string;
  events: EventDraft[];
}

function draftOf(rules: z.input<typeof ClaimRules>): Draft {
  return {
    deadlineDays: String(rules.deadlineDays ?? 180),
    events: rules.events.map((e) => ({
      code: e.code,
      label: e.label,
      items: e.items.map((i) => ({
        code: i.code,
        label: i.label,
        hint: i.hint ?? '',
        required: i.required ?? true,
        maxPages: String(i.maxPages ?? 5),
      })),
    })),
  };
}

/** a code no sibling has (codes are the rules' keys; staff see only the labels) */
const freshCode = (prefix: string, taken: { code: string }[]) => {
  let n = taken.length + 1;
  while (taken.some((t) => t.code === `${prefix}-${n}`)) n += 1;
  return `${prefix}-${n}`;
};
const newItem = (items: ItemDraft[]): ItemDraft => ({ code: freshCode('item', items), label: '', hint: '', required: true, maxPages: '5' });

/** The body, checked with the schema the server uses: problems keyed as the API keys them (events.0.items.2.label). */
function toBody(draft: Draft): { errors: FieldErrors } | { body: ClaimRules } {
  const errors: FieldErrors = {};
  const whole = (text: string, key: string, message: string) => {
    if (!/^\d+$/.test(text.trim())) errors[key] = [message];
    return Number(text.trim());
  };
  const body = {
    deadlineDays: whole(draft.deadlineDays, 'deadlineDays', '请填写申请期限（天数）'),
    events: draft.events.map((e, ei) => ({
      code: e.code,
      label: e.label.trim(),
      items: e.items.map((i, ii) => ({
        code: i.code,
        label: i.label.trim(),
        ...(i.hint.trim() ? { hint: i.hint.trim() } : {}),
        required: i.required,
        maxPages: whole(i.maxPages, `events.${ei}.items.${ii}.maxPages`, '请填写最多几页（整数）'),
      })),
    })),
  };
  const parsed = ClaimRules.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.');
      if (!errors[key]) errors[key] = [issue.message];
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { errors };
  return { body: parsed.data };
}

const confirmRemove = async (what: string) =>
  (
    await Taro.showModal({
      title: `删除「${what}」？`,
      content: '保存后生效；已提交的理赔不受影响',
      confirmText: '删除',
      confirmColor: '#c8102e',
    })
  ).confirm;

/**
 * 理赔规则 of one plan: the events it pays for, each with its materials checklist (name, what to
 * bring, 必交, 最多页数), and the deadline in days after the event. Starts from the template when
 * the plan has none. Problems are said beside their fields, from the schema the server uses and
 * from the server.
 */
export function ClaimRulesEditor({ activityId, title }: { activityId: string; title?: string }) {
  const request = useRequest(() => api.getStaffClaimRules({ params: { activityId } }), [activityId]);
  if (request.error && !request.data) return <ErrorState message={request.error.message} onRetry={request.reload} />;
  if (!request.data) return <Loading />;
  return (
    <RulesForm
      activityId={activityId}
      title={title}
      fromTemplate={request.data.rules === null}
      initial={draftOf(request.data.rules ?? request.data.template)}
    />
  );
}

function RulesForm({
  activityId,
  title,
  fromTemplate,
  initial,
}: {
  activityId: string;
  title?: string;
  fromTemplate: boolean;
  initial: Draft;
}) {
  const [draft, setDraft] = useState(initial);
  const [saved, setSaved] = useState(!fromTemplate);
  const form = useFieldErrors((key) => key === 'deadlineDays' || key.startsWith('events'));
  const { busy, problemOf, run } = useAction(form);

  const setEvent = (ei: number, change: (e: EventDraft) => EventDraft, clear: string) => {
    setDraft((d) => ({ ...d, events: d.events.map((e, i) => (i === ei ? change(e) : e)) }));
    form.clear(clear);
  };
  const setItem = (ei: number, ii: number, change: Partial<ItemDraft>, field: string) =>
    setEvent(
      ei,
      (e) => ({ ...e, items: e.items.map((it, i) => (i === ii ? { ...it, ...change } : it)) }),
      `events.${ei}.items.${ii}.${field}`,
    );

  const addEvent = () => {
    setDraft((d) => ({ ...d, events: [...d.events, { code: freshCode('event', d.events), label: '', items: [newItem([])] }] }));
    form.clear('events');
  };
  const removeEvent = async (ei: number) => {
    if (!(await confirmRemove(draft.events[ei]!.label || '这个理赔事项'))) return;
    setDraft((d) => ({ ...d, events: d.events.filter((_, i) => i !== ei) }));
    // the rows after it moved up: their old messages no longer point at them
    form.reset();
  };
  const addItem = (ei: number) => setEvent(ei, (e) => ({ ...e, items: [...e.items, newItem(e.items)] }), `events.${ei}.items`);
  const removeItem = async (ei: number, ii: number) => {
    if (!(await confirmRemove(draft.events[ei]!.items[ii]!.label || '这项材料'))) return;
    setEvent(ei, (e) => ({ ...e, items: e.items.filter((_, i) => i !== ii) }), `events.${ei}`);
    form.reset();
  };

  const save = () => {
    const checked = toBody(draft);
    if ('errors' in checked) return form.show(checked.errors);
    return run('save', async () => {
      const { rules } = await api.setClaimRules({ params: { activityId }, body: checked.body });
      setDraft(draftOf(rules));
      setSaved(true);
      void Taro.showToast({ title: '已保存', icon: 'success' });
    });
  };
  // an event's own problems, and those of its code (codes are not shown: said beside the name)
  const eventError = (ei: number) => form.errors[`events.${ei}.label`] ?? form.errors[`events.${ei}.code`];
  const itemError = (ei: number, ii: number, field: string) =>
    form.errors[`events.${ei}.items.${ii}.${field}`] ?? (field === 'label' ? form.errors[`events.${ei}.items.${ii}.code`] : undefined);

  return (
    <View className={`page ${form.scope}`}>
      <View className="page-header">
        <Text className="page-header__title">理赔规则</Text>
        <Text className="page-header__sub">{title ? `${title}：` : ''}赔哪些事项、每项要交什么材料、事发后多久内申请</Text>
      </View>
      {saved ? null : (
        <View className="card">
          <Text className="notice">这个计划还没有理赔规则。下面是常用模板，按计划的实际规定修改后保存，会员才能申请理赔。</Text>
        </View>
      )}
      <View className="card">
        <Text className="join__label">申请期限（事发后多少天内可以申请）</Text>
        <View className="rules__days">
          <Input
            className="join__input rules__number"
            name="deadline-days"
            type="number"
            value={draft.deadlineDays}
            maxlength={3}
            onInput={(e) => {
              setDraft((d) => ({ ...d, deadlineDays: e.detail.value }));
              form.clear('deadlineDays');
            }}
          />
          <Text className="rules__unit">天</Text>
        </View>
        <FieldError messages={form.errors.deadlineDays} />
      </View>
      {draft.events.map((event, ei) => (
        <View key={event.code} className="card rules__event" data-event={ei}>
          <Text className="join__label">理赔事项</Text>
          <Input
            className="join__input"
            name={`event-${ei}-label`}
            value={event.label}
            maxlength={20}
            placeholder="例如：重大疾病"
            onInput={(e) => setEvent(ei, (x) => ({ ...x, label: e.detail.value }), `events.${ei}.label`)}
          />
          <FieldError messages={eventError(ei)} />
          <Text className="join__label">要交的材料</Text>
          {event.items.map((item, ii) => (
            <View key={item.code} className="rules__item" data-item={`${ei}.${ii}`}>
              <Input
                className="join__input"
                name={`event-${ei}-item-${ii}-label`}
                value={item.label}
                maxlength={20}
                placeholder="材料名称，例如：诊断证明"
                onInput={(e) => setItem(ei, ii, { label: e.detail.value }, 'label')}
              />
              <FieldError messages={itemError(ei, ii, 'label')} />
              <Input
                className="join__input rules__hint"
                name={`event-${ei}-item-${ii}-hint`}
                value={item.hint}
                maxlength={60}
                placeholder="说明（选填），例如：医院盖章的原件"
                onInput={(e) => setItem(ei, ii, { hint: e.detail.value }, 'hint')}
              />
              <FieldError messages={itemError(ei, ii, 'hint')} />
              <Toggle on={item.required} onChange={(on) => setItem(ei, ii, { required: on }, 'required')}>
                必交
              </Toggle>
              <View className="rules__days">
                <Text className="rules__pages-label">最多页数</Text>
                <Input
                  className="join__input rules__number"
                  name={`event-${ei}-item-${ii}-pages`}
                  type="number"
                  value={item.maxPages}
                  maxlength={2}
                  onInput={(e) => setItem(ei, ii, { maxPages: e.detail.value }, 'maxPages')}
                />
                <Text className="rules__unit">页</Text>
              </View>
              <FieldError messages={itemError(ei, ii, 'maxPages')} />
              {event.items.length > 1 ? (
                <Button className="big-button big-button--ghost rules__remove" onClick={() => void removeItem(ei, ii)}>
                  删除这项材料
                </Button>
              ) : null}
            </View>
          ))}
          <FieldError messages={form.errors[`events.${ei}.items`]} />
          {event.items.length < MAX_CLAIM_ITEMS ? (
            <Button className="big-button big-button--ghost rules__add" onClick={() => addItem(ei)}>
              添加材料
            </Button>
          ) : null}
          {draft.events.length > 1 ? (
            <Button className="big-button big-button--ghost rules__remove" onClick={() => void removeEvent(ei)}>
              删除这个理赔事项
            </Button>
          ) : null}
        </View>
      ))}
      <View className="card">
        <FieldError messages={form.errors.events} />
        {draft.events.length < MAX_CLAIM_EVENTS ? (
          <Button className="big-button big-button--ghost rules__add" onClick={addEvent}>
            添加理赔事项
          </Button>
        ) : (
          <Text className="muted">最多 {MAX_CLAIM_EVENTS} 个理赔事项</Text>
        )}
        <Button className="big-button join__submit rules__save" disabled={busy !== null} onClick={save}>
          {busy ? '正在保存…' : '保存'}
        </Button>
        <ActionError message={problemOf('save')} />
      </View>
    </View>
  );
}
