import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Picker, Text, View } from '@tarojs/components';
import { ApiError } from '@shared/client';
import { beijingDate, beijingDay } from '@shared/beijing-time';
import { yuan } from '@shared/money';
import type { ReviewClaim, StaffClaim } from '@shared/schemas/claim';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useFieldErrors } from '../../lib/use-field-errors';
import { Toggle } from '../../components/choices';
import { ActionError, FieldError } from '../../components/field-error';
import { TextBox } from '../../components/text-box';
import { fenFromYuan, yuanText } from './amount';

type Action = ReviewClaim['action'];

/** What staff may do at each status; the others (draft, needs-more, paid, rejected) wait for the member or are done. */
const actionsAt: Partial<Record<StaffClaim['status'], Action[]>> = {
  submitted: ['request-items', 'approve', 'reject'],
  approved: ['forward', 'paid'],
  forwarded: ['paid'],
};
const actionLabel: Record<Action, string> = {
  'request-items': '要求补充材料',
  approve: '核准',
  reject: '不予赔付',
  forward: '已报送市总',
  paid: '已赔付',
};
const toastOf: Record<Action, string> = {
  'request-items': '已要求补充',
  approve: '已核准',
  reject: '已不予赔付',
  forward: '已报送市总',
  paid: '已标记赔付',
};
const waitingText: Partial<Record<StaffClaim['status'], string>> = {
  draft: '会员还在填写，提交后才能审核',
  'needs-more': '已要求补充材料，等会员补充后再审核',
  paid: '这笔理赔已办结（已赔付）',
  rejected: '这笔理赔已办结（未通过）',
};

/** The fields each form shows its problems beside; the request's notes are keyed note.<item code>. */
const FIELDS = new Set(['items', 'amountFen', 'note', 'reason', 'reference', 'paidFen', 'paidOn']);
const isField = (key: string) => FIELDS.has(key) || key.startsWith('note.');

/**
 * The review buttons a claim's status allows, each opening its form: 要求补充材料 (items by slot, a
 * note each), 核准 (an amount in yuan), 不予赔付 (a reason, then a red confirm), 已报送市总 (the
 * reference), 已赔付 (amount and date). Every call names the version on screen: when someone else
 * changed the claim first (409), the reason is said beside the button and the claim is read again.
 */
export function ReviewActions({
  claim,
  onReviewed,
  onStale,
}: {
  claim: StaffClaim;
  onReviewed: (claim: StaffClaim) => void;
  onStale: () => unknown;
}) {
  const allowed = actionsAt[claim.status] ?? [];
  const [picked, setPicked] = useState<Action | null>(null);
  const open = picked && allowed.includes(picked) ? picked : null;
  const form = useFieldErrors(isField);
  const { busy, problem, problemOf, clearProblem, run } = useAction(form);

  // the forms' drafts
  const [requested, setRequested] = useState<Record<string, string>>({});
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [reference, setReference] = useState('');
  const [paidAmount, setPaidAmount] = useState('');
  const [paidOn, setPaidOn] = useState(() => beijingDate(new Date()));
  const chosen = claim.slots.filter((s) => requested[s.item] !== undefined);

  const choose = (action: Action) => {
    form.reset();
    clearProblem();
    setPicked(open === action ? null : action);
    if (action === 'paid') {
      setPaidAmount(claim.amountFen ? yuanText(claim.amountFen) : '');
      setPaidOn(beijingDate(new Date()));
    }
  };

  /** the API names a note by its place in the list sent: items.1.note → beside that slot's box */
  const placeRequestErrors = (e: unknown) => {
    if (!(e instanceof ApiError) || !e.fieldErrors) return e;
    const placed = Object.fromEntries(
      Object.entries(e.fieldErrors).map(([key, messages]) => {
        const m = /^items\.(\d+)\.(?:note|item)$/.exec(key);
        const slot = m ? chosen[Number(m[1])] : undefined;
        return [slot ? `note.${slot.item}` : key, messages];
      }),
    );
    return new ApiError(e.status, e.code, e.message, placed, e.requestId);
  };

  const send = (action: Action, body: ReviewClaim) =>
    run(action, async () => {
      try {
        const next = await api.reviewClaim({ params: { claimId: claim.id }, body });
        void Taro.showToast({ title: toastOf[action], icon: 'success' });
        setPicked(null);
        onReviewed(next);
      } catch (e) {
        // someone else moved it first: say so here, and show the claim as it stands now
        if (e instanceof ApiError && e.status === 409) void onStale();
        throw action === 'request-items' ? placeRequestErrors(e) : e;
      }
    });

  const submit = () => {
    if (!open || busy) return;
    const version = claim.version;
    if (open === 'request-items') {
      if (chosen.length === 0) return form.show({ items: ['请选择需要补充的材料'] });
      const missing = chosen.filter((s) => (requested[s.item] ?? '').trim().length < 2);
      if (missing.length > 0) return form.show(Object.fromEntries(missing.map((s) => [`note.${s.item}`, ['请写明需要补充什么']])));
      return send(open, { action: open, version, items: chosen.map((s) => ({ item: s.item, note: requested[s.item]!.trim() })) });
    }
    if (open === 'approve') {
      const parsed = fenFromYuan(amount, '请填写核准金额');
      if ('problem' in parsed) return form.show({ amountFen: [parsed.problem] });
      return send(open, { action: open, version, amountFen: parsed.fen, ...(note.trim() ? { note: note.trim() } : {}) });
    }
    if (open === 'reject') {
      if (reason.trim().length < 2) return form.show({ reason: ['请写明不予赔付的原因'] });
      const text = reason.trim();
      return void Taro.showModal({
        title: '不予赔付？',
        content: `会员会收到通知和原因：${text}`,
        confirmText: '不予赔付',
        confirmColor: '#c8102e',
      }).then(({ confirm }) => confirm && send('reject', { action: 'reject', version, reason: text }));
    }
    if (open === 'forward') {
      if (reference.trim().length < 2) return form.show({ reference: ['请填写报送编号'] });
      return send(open, { action: open, version, reference: reference.trim() });
    }
    const parsed = fenFromYuan(paidAmount, '请填写赔付金额');
    if ('problem' in parsed) return form.show({ paidFen: [parsed.problem] });
    return send(open, { action: open, version, paidFen: parsed.fen, paidOn });
  };

  if (allowed.length === 0)
    return (
      <View className="card review">
        <Text className="card__title">审核</Text>
        <Text className="muted">{waitingText[claim.status]}</Text>
        <ActionError message={problem} />
      </View>
    );

  const amountBox = (name: string, value: string, onInput: (v: string) => void, field: 'amountFen' | 'paidFen') => (
    <View>
      <View className="review__amount">
        <Text className="review__yuan">¥</Text>
        <Input
          className="join__input review__amount-input"
          name={name}
          // weapp's digit keyboard has the decimal point; Taro's H5 digit box is <input type=number>, which
          // refuses the comma of 3,000.50: a text box there (fenFromYuan reads commas, spaces and ¥)
          type={process.env.TARO_ENV === 'weapp' ? 'digit' : 'text'}
          value={value}
          placeholder="例如 3000 或 1234.56"
          maxlength={14}
          onInput={(e) => {
            onInput(e.detail.value);
            form.clear(field);
          }}
        />
        <Text className="review__unit">元</Text>
      </View>
      <FieldError messages={form.errors[field]} />
    </View>
  );

  return (
    <View className={`card review ${form.scope}`}>
      <Text className="card__title">审核</Text>
      <View className="review__choices">
        {allowed.map((action) => (
          <Button
            key={action}
            className={open === action ? 'big-button review__choice' : 'big-button big-button--ghost review__choice'}
            data-action={action}
            onClick={() => choose(action)}
          >
            {actionLabel[action]}
          </Button>
        ))}
      </View>
      {/* the form that was open is gone (the claim moved on): what happened is said here */}
      {open ? null : <ActionError message={problem} />}

      {open === 'request-items' ? (
        <View className="review__form" data-form="request-items">
          <Text className="join__label">需要补充哪些材料（会员会看到每项的说明）</Text>
          {claim.slots.map((s) => (
            <View key={s.item} className="review__slot" data-request={s.item}>
              <Toggle
                on={requested[s.item] !== undefined}
                onChange={(on) => {
                  form.clear('items', `note.${s.item}`);
                  setRequested(({ [s.item]: kept, ...rest }) => (on ? { ...rest, [s.item]: kept ?? '' } : rest));
                }}
              >
                {s.label}
                {/* a no-break space: the count stays with 页 */}
                {s.pages.length > 0 ? `（已交 ${s.pages.length}\u00a0页）` : '（未交）'}
              </Toggle>
              {requested[s.item] !== undefined ? (
                <View>
                  <TextBox
                    name={`request-note-${s.item}`}
                    value={requested[s.item]!}
                    maxlength={200}
                    placeholder="需要补充什么，例如：第 2 页看不清，请重拍"
                    onInput={(v) => {
                      setRequested((r) => ({ ...r, [s.item]: v }));
                      form.clear(`note.${s.item}`);
                    }}
                  />
                  <FieldError messages={form.errors[`note.${s.item}`]} />
                </View>
              ) : null}
            </View>
          ))}
          <FieldError messages={form.errors.items} />
        </View>
      ) : null}

      {open === 'approve' ? (
        <View className="review__form" data-form="approve">
          <Text className="join__label">核准金额</Text>
          {amountBox('approve-amount', amount, setAmount, 'amountFen')}
          <Text className="join__label">说明（选填）</Text>
          <TextBox
            name="approve-note"
            value={note}
            maxlength={200}
            placeholder="会员会在进度里看到"
            onInput={(v) => {
              setNote(v);
              form.clear('note');
            }}
          />
          <FieldError messages={form.errors.note} />
        </View>
      ) : null}

      {open === 'reject' ? (
        <View className="review__form" data-form="reject">
          <Text className="join__label">不予赔付的原因（会员会收到）</Text>
          <TextBox
            name="reject-reason"
            value={reason}
            maxlength={200}
            placeholder="例如：事发日期不在保障期内"
            onInput={(v) => {
              setReason(v);
              form.clear('reason');
            }}
          />
          <FieldError messages={form.errors.reason} />
        </View>
      ) : null}

      {open === 'forward' ? (
        <View className="review__form" data-form="forward">
          <Text className="join__label">报送编号</Text>
          <Input
            className="join__input"
            name="forward-reference"
            value={reference}
            maxlength={40}
            placeholder="市总工会受理的编号"
            onInput={(e) => {
              setReference(e.detail.value);
              form.clear('reference');
            }}
          />
          <FieldError messages={form.errors.reference} />
        </View>
      ) : null}

      {open === 'paid' ? (
        <View className="review__form" data-form="paid">
          <Text className="join__label">赔付金额</Text>
          {claim.amountFen ? <Text className="muted">核准金额 {yuan(claim.amountFen)}</Text> : null}
          {amountBox('paid-amount', paidAmount, setPaidAmount, 'paidFen')}
          <Text className="join__label">赔付日期</Text>
          <Picker
            mode="date"
            name="paid-on"
            value={paidOn}
            end={beijingDate(new Date())}
            onChange={(e) => {
              setPaidOn(String(e.detail.value));
              form.clear('paidOn');
            }}
          >
            <View className="join__input review__picked">{beijingDay(paidOn)}</View>
          </Picker>
          <FieldError messages={form.errors.paidOn} />
        </View>
      ) : null}

      {open ? (
        <View>
          <Button className="big-button review__submit" disabled={busy !== null} onClick={submit}>
            {busy ? '正在提交…' : submitLabel[open]}
          </Button>
          <ActionError message={problemOf(open)} />
        </View>
      ) : null}
    </View>
  );
}

const submitLabel: Record<Action, string> = {
  'request-items': '发送补充要求',
  approve: '确认核准',
  reject: '不予赔付',
  forward: '确认已报送',
  paid: '确认已赔付',
};
