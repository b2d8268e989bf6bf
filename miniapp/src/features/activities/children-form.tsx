import { useState } from 'react';
import type { z } from 'zod';
import { Button, Input, Text, View } from '@tarojs/components';
import { Child, type Eligibility } from '@shared/schemas/activity';
import { ApiError } from '../../lib/api';
import { Choices } from '../../components/choices';
import { useFieldErrors } from '../../lib/use-field-errors';
import { FieldError } from '../../components/field-error';
import './activities.css';

export type ChildAges = NonNullable<Eligibility['children']>;
export type ChildBody = z.infer<typeof Child>;
/** One row of the form: the age stays empty until a button is tapped, so nobody is 3 by default. */
export interface ChildDraft {
  name: string;
  age?: number;
}
type FieldErrors = Record<string, string[]>;

const blankChild = (): ChildDraft => ({ name: '' });
/** SignupRequest takes at most 5 children per sign-up, whatever perMemberLimit an activity has. */
const apiMaxChildren = 5;

/** The children as the API wants them, or what to fix first, keyed like the API's field errors ("children.0.name"). */
export function checkChildren(drafts: ChildDraft[], ages: ChildAges): { children: ChildBody[] } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const add = (key: string, message: string) => (errors[key] ??= []).push(message);
  const children = drafts.map((draft, i) => {
    const parsed = Child.safeParse({ name: draft.name, age: draft.age ?? ages.minAge });
    if (!parsed.success) for (const issue of parsed.error.issues) add(`children.${i}.${issue.path.join('.')}`, issue.message);
    if (draft.age === undefined) add(`children.${i}.age`, '请选择孩子的年龄');
    return parsed.data!;
  });
  return Object.keys(errors).length > 0 ? { errors } : { children };
}

/**
 * The children being filled in for one childcare sign-up (a member's own, or staff registering
 * one at the stall): the rows, their problems, the check before sending, and the server's answer.
 */
export function useChildrenDraft(ages: ChildAges | undefined, perMemberLimit: number) {
  const [drafts, setDrafts] = useState<ChildDraft[]>([blankChild()]);
  // shown under their rows, and the page scrolls to the first
  const form = useFieldErrors();

  return {
    formProps: {
      value: drafts,
      onChange: (next: ChildDraft[]) => {
        // an edited row's problems no longer apply; after 加/删除 the row numbers no longer match
        if (next.length !== drafts.length) form.reset();
        else form.clear(...next.flatMap((child, i) => (child !== drafts[i] ? [`children.${i}`] : [])));
        setDrafts(next);
      },
      // only rendered for childcare; the fallback just keeps the props whole
      ages: ages ?? { minAge: 0, maxAge: 18 },
      limit: Math.min(perMemberLimit, apiMaxChildren),
      errors: form.errors,
      scope: form.scope,
    },
    /** The children to send; undefined when the activity is not childcare, null when problems are now shown under the rows. */
    take(): ChildBody[] | undefined | null {
      if (!ages) return undefined;
      const checked = checkChildren(drafts, ages);
      if ('errors' in checked) form.show(checked.errors);
      else form.reset();
      return 'errors' in checked ? null : checked.children;
    },
    /**
     * For a failed request: the server's problems with the children go under their rows, and the
     * error is thrown on with only its general message for the line under the form.
     */
    rejected(e: unknown): never {
      const rows =
        e instanceof ApiError && e.fieldErrors ? Object.entries(e.fieldErrors).filter(([key]) => key.startsWith('children')) : [];
      if (rows.length === 0 || !(e instanceof ApiError)) throw e;
      form.show(Object.fromEntries(rows));
      throw new ApiError(e.status, e.code, e.message, undefined, e.requestId);
    },
    /** ready for the next sign-up */
    reset() {
      setDrafts([blankChild()]);
      form.reset();
    },
  };
}

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** One row per child: name, age as big buttons within the activity's range, 删除, and 加一个孩子 up to the limit. */
export function ChildrenForm({
  value,
  onChange,
  ages,
  limit,
  errors,
  scope,
}: {
  value: ChildDraft[];
  onChange: (next: ChildDraft[]) => void;
  ages: ChildAges;
  limit: number;
  errors: FieldErrors;
  /** the class the scroll to the first problem looks in */
  scope: string;
}) {
  const ageChoices = range(ages.minAge, ages.maxAge).map((age) => ({ value: age, label: `${age}岁` }));
  const update = (index: number, patch: Partial<ChildDraft>) =>
    onChange(value.map((child, i) => (i === index ? { ...child, ...patch } : child)));

  return (
    <View className={`children ${scope}`}>
      <Text className="muted children__hint">每个孩子占一个名额，兄弟姐妹一起候补</Text>
      {value.map((child, i) => (
        <View key={i} className="children__row" data-child={i}>
          <View className="children__head">
            <Text className="children__title">第 {i + 1} 个孩子</Text>
            {value.length > 1 ? (
              <View className="children__remove" onClick={() => onChange(value.filter((_, j) => j !== i))}>
                <Text>删除</Text>
              </View>
            ) : null}
          </View>
          <Text className="join__label">孩子姓名</Text>
          <Input
            className="join__input"
            name={`child-name-${i}`}
            maxlength={20}
            value={child.name}
            placeholder="孩子姓名"
            onInput={(e) => update(i, { name: e.detail.value })}
          />
          <FieldError messages={errors[`children.${i}.name`]} />
          <Text className="join__label">
            年龄（{ages.minAge}–{ages.maxAge} 岁）
          </Text>
          <Choices options={ageChoices} value={child.age} onChange={(age) => age !== undefined && update(i, { age })} />
          <FieldError messages={errors[`children.${i}.age`]} />
        </View>
      ))}
      <FieldError messages={errors.children} />
      {value.length < limit ? (
        <Button className="big-button big-button--ghost children__add" onClick={() => onChange([...value, blankChild()])}>
          加一个孩子
        </Button>
      ) : (
        <Text className="muted children__limit">每人最多报 {limit} 个孩子</Text>
      )}
    </View>
  );
}
