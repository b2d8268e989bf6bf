import { Input, Text, View } from '@tarojs/components';
import { ActivityInput, type Activity } from '@shared/schemas/activity';
import { Choices, Toggle, type Choice } from '../../components/choices';
import { FieldError } from '../../components/field-error';

type Eligibility = Omit<ActivityInput['eligibility'], 'children'>;

/** Who may sign up and how places are handed out: the publish form's second half. */
export interface RulesDraft {
  capacity: string;
  unlimited: boolean;
  perMemberLimit: number;
  eligibility: Eligibility;
  childcare: boolean;
  minAge: string;
  maxAge: string;
  waitlist: boolean;
  holdMinutes: number;
}

// Start from the schema's own defaults, so a form left alone publishes what the API would assume.
const { shape } = ActivityInput;
const { children: _noChildcare, ...schemaEligibility } = shape.eligibility.parse(undefined);

export const defaultRules = (): RulesDraft => ({
  capacity: '30',
  unlimited: false,
  perMemberLimit: shape.perMemberLimit.parse(undefined),
  eligibility: schemaEligibility,
  childcare: false,
  minAge: '3',
  maxAge: '12',
  waitlist: shape.waitlist.parse(undefined),
  holdMinutes: shape.holdMinutes.parse(undefined),
});

/** A published activity's rules, to edit them (the capacity is shown, not edited: it has its own checked route). */
export function rulesFromActivity(
  a: Pick<Activity, 'capacity' | 'perMemberLimit' | 'eligibility' | 'waitlist' | 'holdMinutes'>,
): RulesDraft {
  const defaults = defaultRules();
  const { children, ...eligibility } = a.eligibility;
  return {
    capacity: a.capacity === null ? '' : String(a.capacity),
    unlimited: a.capacity === null,
    perMemberLimit: a.perMemberLimit,
    eligibility: { ...defaults.eligibility, ...eligibility },
    childcare: Boolean(children),
    minAge: children ? String(children.minAge) : defaults.minAge,
    maxAge: children ? String(children.maxAge) : defaults.maxAge,
    waitlist: a.waitlist,
    holdMinutes: a.holdMinutes,
  };
}

const wholeNumber = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : null);

/** The rules as the API wants them, or the fields to fix first (keyed like the API's field errors). */
export function rulesToBody(
  d: RulesDraft,
):
  | { body: Pick<ActivityInput, 'capacity' | 'perMemberLimit' | 'eligibility' | 'waitlist' | 'holdMinutes'> }
  | { errors: Record<string, string[]> } {
  const capacity = d.unlimited ? null : wholeNumber(d.capacity);
  if (!d.unlimited && !capacity) return { errors: { capacity: ['请填写名额人数，或选择不限名额'] } };
  const minAge = wholeNumber(d.minAge);
  const maxAge = wholeNumber(d.maxAge);
  if (d.childcare && (minAge === null || maxAge === null)) return { errors: { 'eligibility.children': ['请填写孩子的最小和最大年龄'] } };
  if (d.childcare && maxAge! < minAge!) return { errors: { 'eligibility.children': ['最大年龄不能小于最小年龄'] } };
  const children = d.childcare ? { children: { minAge: minAge!, maxAge: maxAge! } } : {};
  return {
    body: {
      capacity,
      perMemberLimit: d.perMemberLimit,
      eligibility: { ...d.eligibility, ...children },
      waitlist: d.waitlist,
      holdMinutes: d.holdMinutes,
    },
  };
}

const limitLabel = (n: number) => `${n} 个`;
const limitChoices = [1, 2, 3, 4, 5].map((n) => ({ value: n, label: limitLabel(n) }));
export const holdLabel = (minutes: number) => (minutes % 60 === 0 ? `${minutes / 60}小时` : `${minutes}分钟`);
const holdChoices = [30, 120, 1440].map((m) => ({ value: m, label: holdLabel(m) }));
/** An activity published with another value (e.g. by an older form) shows it as chosen, not nothing. */
const withValue = (options: Choice<number>[], value: number, label: (n: number) => string) =>
  options.some((o) => o.value === value) ? options : [...options, { value, label: label(value) }].sort((a, b) => a.value - b.value);
export const eligibilityToggles: [keyof Eligibility, string][] = [
  ['activeMember', '仅限已入会会员'],
  ['subtreeOnly', '仅限本工会及下级'],
  ['newEmploymentOnly', '仅限新就业形态'],
  ['womenOnly', '仅限女职工'],
];

/**
 * With `capacityLocked` (editing a published activity) the 名额 is shown, not edited: changing it is
 * checked against the places taken, on the page's 调整名额.
 */
export function ActivityRules({
  value: d,
  onChange,
  errors,
  capacityLocked = false,
}: {
  value: RulesDraft;
  onChange: (next: RulesDraft) => void;
  errors: Record<string, string[]>;
  capacityLocked?: boolean;
}) {
  const set = (patch: Partial<RulesDraft>) => onChange({ ...d, ...patch });
  const childErrors = [
    ...(errors['eligibility.children'] ?? []),
    ...(errors['eligibility.children.minAge'] ?? []),
    ...(errors['eligibility.children.maxAge'] ?? []),
  ];
  return (
    <View>
      <Text className="join__label">名额</Text>
      {capacityLocked ? (
        <View className="rules__capacity">
          <Text className="rules__fixed">{d.unlimited ? '不限名额' : `${d.capacity} 个`}</Text>
          <Text className="muted rules__hint">名额不在这里改：请用本页的“调整名额”（不能少于已占用的名额）</Text>
        </View>
      ) : (
        <View>
          <Toggle on={d.unlimited} onChange={(unlimited) => set({ unlimited })}>
            不限名额
          </Toggle>
          {d.unlimited ? null : (
            <Input
              className="join__input rules__input"
              name="activity-capacity"
              type="number"
              value={d.capacity}
              placeholder="名额人数"
              onInput={(e) => set({ capacity: e.detail.value })}
            />
          )}
        </View>
      )}
      <FieldError messages={errors.capacity} />

      <Text className="join__label">每人限报</Text>
      <Choices
        options={withValue(limitChoices, d.perMemberLimit, limitLabel)}
        value={d.perMemberLimit}
        onChange={(n) => n && set({ perMemberLimit: n })}
      />
      <FieldError messages={errors.perMemberLimit} />

      <Text className="join__label">报名条件</Text>
      {eligibilityToggles.map(([key, label]) => (
        <Toggle key={key} on={d.eligibility[key]} onChange={(on) => set({ eligibility: { ...d.eligibility, [key]: on } })}>
          {label}
        </Toggle>
      ))}
      <Toggle on={d.childcare} onChange={(childcare) => set({ childcare })}>
        托管班：按孩子报名（每个孩子占一个名额）
      </Toggle>
      {d.childcare ? (
        <View className="rules__ages">
          <Text>孩子年龄</Text>
          <Input
            className="join__input rules__age"
            name="activity-min-age"
            type="number"
            maxlength={2}
            value={d.minAge}
            placeholder="最小"
            onInput={(e) => set({ minAge: e.detail.value })}
          />
          <Text>到</Text>
          <Input
            className="join__input rules__age"
            name="activity-max-age"
            type="number"
            maxlength={2}
            value={d.maxAge}
            placeholder="最大"
            onInput={(e) => set({ maxAge: e.detail.value })}
          />
          <Text>岁</Text>
        </View>
      ) : null}
      <FieldError messages={childErrors} />

      <Text className="join__label">候补</Text>
      <Toggle on={d.waitlist} onChange={(waitlist) => set({ waitlist })}>
        满额后开放候补
      </Toggle>
      {d.waitlist ? (
        <View>
          <Text className="join__label">候补确认时限</Text>
          <Text className="muted rules__hint">有人取消后，排第一的候补职工须在此时间内确认，否则名额让给下一位</Text>
          <Choices
            options={withValue(holdChoices, d.holdMinutes, holdLabel)}
            value={d.holdMinutes}
            onChange={(m) => m && set({ holdMinutes: m })}
          />
        </View>
      ) : null}
      <FieldError messages={errors.holdMinutes} />
    </View>
  );
}
