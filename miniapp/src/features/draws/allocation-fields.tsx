import { Input, Text, View } from '@tarojs/components';
import type { Activity } from '@shared/schemas/activity';
import { Allocation, allocationLabel, NoShowRule } from '@shared/schemas/draw';
import { Choices, Toggle } from '../../components/choices';
import { FieldError } from '../../components/field-error';
import './draws.css';

/** 名额分配 as the publish form holds it: the numbers as typed, checked on 发布. */
export interface AllocationDraft {
  allocation: Allocation;
  noShow: boolean;
  missed: string;
  of: string;
}

export const defaultAllocation = (): AllocationDraft => ({ allocation: 'first-come', noShow: false, missed: '2', of: '3' });

export const allocationFrom = (a: Pick<Activity, 'allocation' | 'noShow'>): AllocationDraft => ({
  allocation: a.allocation ?? 'first-come',
  noShow: Boolean(a.noShow),
  missed: a.noShow ? String(a.noShow.missed) : '2',
  of: a.noShow ? String(a.noShow.of) : '3',
});

const choices = Allocation.options.map((value) => ({ value, label: allocationLabel[value] }));
const wholeNumber = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : null);

/**
 * The body's `allocation` and `noShow`, or field errors keyed like the API's (`noShow.missed`,
 * `noShow.of`; `capacity` when a draw has no capacity). First come sends neither: as before.
 */
export function allocationToBody(
  d: AllocationDraft,
  unlimited: boolean,
): { body: { allocation?: Allocation; noShow?: NoShowRule } } | { errors: Record<string, string[]> } {
  if (d.allocation !== 'draw') return { body: {} };
  const errors: Record<string, string[]> = {};
  if (unlimited) errors.capacity = ['摇号须设定名额'];
  if (!d.noShow) return Object.keys(errors).length > 0 ? { errors } : { body: { allocation: 'draw' } };
  const missed = wholeNumber(d.missed);
  const of = wholeNumber(d.of);
  if (of === null) errors['noShow.of'] = ['请填写最近几次'];
  if (missed === null) errors['noShow.missed'] = ['请填写未签到次数'];
  if (missed !== null && of !== null) {
    const checked = NoShowRule.safeParse({ missed, of });
    if (!checked.success)
      for (const issue of checked.error.issues) (errors[['noShow', ...issue.path].join('.')] ??= []).push(issue.message);
  }
  return Object.keys(errors).length > 0 ? { errors } : { body: { allocation: 'draw', noShow: { missed: missed!, of: of! } } };
}

/**
 * 名额分配: 先到先得 or 摇号, and for a draw the no-show rule (最近 M 次中签有 N 次未签到则不能参加).
 * `locked` (editing a published activity): the allocation is shown, not changed; the rule still can be.
 */
export function AllocationFields({
  value: d,
  onChange,
  errors,
  locked = false,
}: {
  value: AllocationDraft;
  onChange: (next: AllocationDraft, changed: string[]) => void;
  errors: Record<string, string[]>;
  locked?: boolean;
}) {
  const set = (patch: Partial<AllocationDraft>, changed: string[]) => onChange({ ...d, ...patch }, changed);
  const ruleErrors = [...(errors['noShow.of'] ?? []), ...(errors['noShow.missed'] ?? []), ...(errors.noShow ?? [])];
  return (
    <View data-allocation>
      <Text className="join__label">名额分配</Text>
      {locked ? (
        <View className="rules__capacity">
          <Text className="rules__fixed">{allocationLabel[d.allocation]}</Text>
          <Text className="muted rules__hint">发布后不能更改名额分配方式</Text>
        </View>
      ) : (
        <Choices
          options={choices}
          value={d.allocation}
          onChange={(allocation) => allocation && set({ allocation }, ['allocation', 'capacity'])}
        />
      )}
      <FieldError messages={errors.allocation} />
      {d.allocation === 'draw' ? (
        <View>
          <Text className="muted rules__hint">
            报名截止后公开摇号，须设定名额；一家人（家长带孩子）是一个报名。未中签的按摇号顺序候补（须开启下面的“满额后开放候补”）。
          </Text>
          <Text className="join__label">未签到限制</Text>
          <Toggle on={d.noShow} onChange={(noShow) => set({ noShow }, ['noShow'])}>
            限制常中签不到场的会员
          </Toggle>
          {d.noShow ? (
            <View className="no-show-rule" data-no-show>
              <Text>最近</Text>
              <Input
                className="join__input no-show-rule__input"
                name="activity-no-show-of"
                type="number"
                maxlength={2}
                value={d.of}
                placeholder="次数"
                onInput={(e) => set({ of: e.detail.value }, ['noShow'])}
              />
              <Text>次中签有</Text>
              <Input
                className="join__input no-show-rule__input"
                name="activity-no-show-missed"
                type="number"
                maxlength={2}
                value={d.missed}
                placeholder="次数"
                onInput={(e) => set({ missed: e.detail.value }, ['noShow'])}
              />
              <Text>次未签到，则不能参加</Text>
            </View>
          ) : null}
          <FieldError messages={ruleErrors} />
        </View>
      ) : null}
    </View>
  );
}
