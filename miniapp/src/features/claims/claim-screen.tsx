import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { ApiError } from '@shared/client';
import { claimStatusLabel, type Claim } from '@shared/schemas/claim';
import { beijingDay, beijingDisplay } from '@shared/beijing-time';
import { yuan } from '@shared/money';
import { api } from '../../lib/api';
import { FIX_FIELDS_MESSAGE, useAction } from '../../lib/use-action';
import { useFieldErrors, type FieldErrors } from '../../lib/use-field-errors';
import { useRequest } from '../../lib/use-request';
import { useRefreshOnShow } from '../../lib/use-refresh-on-show';
import { ActionError, FieldError } from '../../components/field-error';
import { ErrorState, Loading } from '../../components/states';
import { UploadTile } from '../../components/upload-tile';
import { keepNumbersWhole } from '../../components/keep-numbers-whole';
import { ASKS, askSubscriptions, prepareSubscriptions } from '../../lib/subscribe';
import { useClaimUploads, type ClaimUploads } from './claim-uploads';
import './claims.css';

type Slot = Claim['slots'][number];

/** The member can add and take out pages while the claim is being filled in or staff asked for more. */
export const isEditable = (c: Pick<Claim, 'status'>) => c.status === 'draft' || c.status === 'needs-more';

/** Where a field error about a slot is shown: `slots.<item>`, however the server names it. */
export function bySlot(errors: FieldErrors, slots: Pick<Slot, 'item'>[]): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, messages] of Object.entries(errors)) {
    const match = /^(?:slots|items|pages)\.([^.]+)/.exec(key);
    const named = match
      ? /^\d+$/.test(match[1]!)
        ? slots[Number(match[1])]?.item
        : match[1]
      : slots.some((s) => s.item === key)
        ? key
        : undefined;
    const at = named ? `slots.${named}` : key;
    out[at] = [...(out[at] ?? []), ...messages];
  }
  return out;
}

/** What must be put right before 提交 (the server checks the same again). */
function problemsOf(claim: Claim, uploads: ClaimUploads): FieldErrors {
  const problems: FieldErrors = {};
  for (const slot of claim.slots) {
    if (uploads.failedOf(slot.item)) problems[`slots.${slot.item}`] = ['有照片没有传上去：请重试或移除'];
    else if (slot.required && slot.pages.length === 0) problems[`slots.${slot.item}`] = [`请拍「${slot.label}」：这是必交材料`];
  }
  return problems;
}

/**
 * One claim, in every state. While it is being filled in (or staff asked for more) the checklist as
 * slots, each with its pages and 拍照 / 添加, and 提交; after that the same slots read-only, the
 * status, the amounts and the timeline of every step. What staff asked for is said in red-orange
 * above its slot.
 */
export function ClaimScreen({ claimId }: { claimId: string }) {
  const request = useRequest(() => api.getMyClaim({ params: { claimId } }), [claimId]);
  // what an action answered: the claim as it now stands (a newer read replaces it)
  const [latest, setLatest] = useState<Claim | null>(null);
  const claim = latest && (!request.data || latest.version >= request.data.version) ? latest : request.data;
  const form = useFieldErrors((key) => key.startsWith('slots.'));
  const { busy, problemOf, run } = useAction(form);
  const uploads = useClaimUploads(claimId, setLatest);
  const [blocked, setBlocked] = useState<string | null>(null);
  // the photo links last 10 minutes: read again when the page shows again
  useRefreshOnShow(request.reload);
  useEffect(prepareSubscriptions, []);

  if (request.error && !claim) return <ErrorState message={request.error.message} onRetry={request.reload} />;
  if (!claim) return <Loading text="正在加载理赔…" />;
  const c = claim;
  const editable = isEditable(c);

  const submit = () => {
    // WeChat shows its dialog only synchronously inside the tap: staff's answers arrive as 审核结果
    askSubscriptions(ASKS.claim);
    if (busy) return;
    const problems = problemsOf(c, uploads);
    if (Object.keys(problems).length > 0) {
      form.show(problems);
      return setBlocked(FIX_FIELDS_MESSAGE);
    }
    if (uploads.uploading) return setBlocked('照片还在上传，请稍候再提交');
    setBlocked(null);
    form.reset();
    const again = c.status === 'needs-more';
    return run('submit', async () => {
      try {
        const next = await api.submitClaim({ params: { claimId }, body: { version: c.version } });
        setLatest(next);
        void Taro.showToast({ title: again ? '已提交补充材料' : '理赔申请已提交', icon: 'success' });
        void Taro.pageScrollTo?.({ scrollTop: 0, duration: 200 })?.catch(() => undefined);
      } catch (e) {
        if (e instanceof ApiError && e.status === 409) request.reload(); // someone changed it: show it as it stands
        if (!(e instanceof ApiError && e.fieldErrors)) throw e;
        throw new ApiError(e.status, e.code, e.message, bySlot(e.fieldErrors, c.slots), e.requestId);
      }
    });
  };

  const requiredDone = c.slots.filter((s) => s.required && s.pages.length > 0).length;
  const required = c.slots.filter((s) => s.required).length;
  return (
    <View className={`page ${form.scope}`}>
      <View className="page-header">
        <Text className="page-header__title">{c.planTitle}</Text>
        <Text className="page-header__sub">{`${c.eventLabel} · 事发 ${beijingDay(c.eventDate)}`}</Text>
      </View>
      <ClaimStatusCard claim={c} />
      {c.photosDeleted ? (
        <View className="card">
          <Text className="muted">理赔已结束多年，材料照片已按保存期限删除，理赔记录仍保留。</Text>
        </View>
      ) : null}
      <View className="card">
        <Text className="card__title">理赔材料</Text>
        {editable ? <Text className="claim-progress">{keepNumbersWhole(`已拍 ${requiredDone}/${required} 项必交材料`)}</Text> : null}
        {c.status === 'draft' ? (
          <Text className="muted claim-hint">{`最晚 ${beijingDay(c.deadline)} 提交。每项可拍多页，点照片可放大查看。`}</Text>
        ) : null}
        {c.slots.map((slot) => (
          <SlotBlock
            key={slot.item}
            slot={slot}
            claimId={claimId}
            editable={editable}
            needsMore={c.status === 'needs-more'}
            uploads={uploads}
            errors={form.errors[`slots.${slot.item}`]}
            onChange={() => (form.clear(`slots.${slot.item}`), setBlocked(null))}
            onClaim={setLatest}
          />
        ))}
      </View>
      {editable ? (
        <View className="card claim-submit">
          <Button className="big-button" disabled={busy !== null} onClick={submit}>
            {busy ? '正在提交…' : c.status === 'needs-more' ? '提交补充材料' : '提交理赔申请'}
          </Button>
          <ActionError message={blocked ?? problemOf('submit')} />
        </View>
      ) : null}
      <Timeline claim={c} />
    </View>
  );
}

/** Where the claim is, in a sentence, with the amounts as money. */
function ClaimStatusCard({ claim: c }: { claim: Claim }) {
  const rows: [string, string][] = [];
  if (c.amountFen !== undefined) rows.push(['核准金额', yuan(c.amountFen)]);
  if (c.reference) rows.push(['报送编号', c.reference]);
  if (c.paidFen !== undefined) rows.push(['已赔付', `${yuan(c.paidFen)}${c.paidOn ? `（${beijingDay(c.paidOn)}）` : ''}`]);
  if (c.rejectReason) rows.push(['未通过原因', c.rejectReason]);
  const says: Record<Claim['status'], string> = {
    draft: '还没有提交：按下面的清单拍好材料后提交。草稿 30 天没有改动会连同照片一起删除。',
    submitted: '已提交，等待工会工作人员审核。审核有进展会通知您。',
    'needs-more': '工作人员请您补充材料：见下面标出的项目，补好后点「提交补充材料」。',
    approved: '理赔已核准，工会将报送市总工会办理赔付。',
    forwarded: '已报送市总工会，赔付到账后会通知您。',
    paid: '已赔付，请留意您的银行卡到账。',
    rejected: '这笔理赔未通过。如有疑问，请联系所在工会。',
  };
  return (
    <View className="card claim-status-card" data-status={c.status}>
      <View className="claim-status-card__head">
        <Text className={`claim-status claim-status--${c.status}`}>{claimStatusLabel[c.status]}</Text>
      </View>
      <Text className="claim-status-card__says">{says[c.status]}</Text>
      {rows.map(([label, text]) => (
        <View key={label} className="info-row">
          <Text className="muted info-row__label">{label}</Text>
          <Text className="info-row__value info-row__text info-row__text--long">{text}</Text>
        </View>
      ))}
    </View>
  );
}

/** One material: what staff asked for (above it), its name and hint, its pages, 拍照 / 添加. */
function SlotBlock({
  slot,
  claimId,
  editable,
  needsMore,
  uploads,
  errors,
  onChange,
  onClaim,
}: {
  slot: Slot;
  claimId: string;
  editable: boolean;
  needsMore: boolean;
  uploads: ClaimUploads;
  errors?: string[];
  onChange: () => void;
  onClaim: (claim: Claim) => void;
}) {
  const { busy, problemOf, run } = useAction();
  const pending = uploads.of(slot.item);
  const room = slot.maxPages - slot.pages.length - pending.length;
  const refusal = uploads.refusalOf(slot.item);
  const preview = (url: string) => void Taro.previewImage({ urls: slot.pages.map((p) => p.url), current: url });
  const remove = async (pageId: string, n: number) => {
    if (busy) return;
    const answer = await Taro.showModal({
      title: `删除「${slot.label}」第 ${n} 页？`,
      content: '删除后如需要，请重新拍照。',
      confirmText: '删除',
      confirmColor: '#c8102e',
    });
    if (!answer.confirm) return;
    onChange();
    await run('remove', async () => {
      onClaim(await api.removeClaimPage({ params: { claimId, photoId: pageId } }));
      void Taro.showToast({ title: '已删除', icon: 'success' });
    });
  };
  const requested = needsMore ? slot.requested : undefined;
  return (
    <View className={requested ? 'claim-slot claim-slot--requested' : 'claim-slot'} data-slot={slot.item}>
      {requested ? <Text className="claim-slot__requested">{`需补充：${requested.note}`}</Text> : null}
      <View className="claim-slot__head">
        <Text className="claim-slot__label">{slot.label}</Text>
        <Text className={slot.required ? 'claim-tag claim-tag--required' : 'claim-tag'}>{slot.required ? '必交' : '选交'}</Text>
        <Text className="claim-slot__count">{keepNumbersWhole(`${slot.pages.length}/${slot.maxPages} 页`)}</Text>
      </View>
      {slot.hint ? <Text className="muted claim-slot__hint">{slot.hint}</Text> : null}
      {slot.pages.length > 0 || pending.length > 0 ? (
        <View className="upload-tiles">
          {slot.pages.map((page, i) => (
            <View key={page.id} className="upload-tile" data-page={page.id}>
              <Image className="upload-tile__image" src={page.thumbUrl} mode="aspectFill" onClick={() => preview(page.url)} />
              <Text className="claim-page__n">{`第 ${i + 1} 页`}</Text>
              {editable ? (
                <Button className="upload-tile__button upload-tile__button--remove" onClick={() => void remove(page.id, i + 1)}>
                  删除
                </Button>
              ) : null}
            </View>
          ))}
          {pending.map((p) => (
            <UploadTile
              key={p.key}
              src={p.photo.path}
              state={p.state}
              progress={p.progress}
              checking={p.checking}
              error={p.error}
              onRetry={p.retryable ? () => (onChange(), uploads.retry(slot.item, p)) : undefined}
              onRemove={() => (onChange(), uploads.remove(slot.item, p.key))}
            />
          ))}
        </View>
      ) : editable ? null : (
        <Text className="muted claim-slot__none">未上传</Text>
      )}
      {editable && room > 0 ? (
        <Button className="claim-slot__add" onClick={() => (onChange(), void uploads.add(slot.item, room))}>
          {requested ? '补充材料' : slot.pages.length + pending.length === 0 ? '拍照 / 添加' : '再加几页'}
        </Button>
      ) : null}
      {refusal ? <Text className="field-error">{refusal}</Text> : null}
      <FieldError messages={errors} />
      <ActionError message={problemOf('remove')} />
    </View>
  );
}

/** Every step so far, oldest first, in Beijing time, with who did it and what they said. */
function Timeline({ claim: c }: { claim: Claim }) {
  if (c.timeline.length === 0) return null;
  return (
    <View className="card" data-timeline>
      <Text className="card__title">办理进度</Text>
      {c.timeline.map((step, i) => (
        <View key={`${step.at}-${i}`} className={i === c.timeline.length - 1 ? 'claim-step claim-step--now' : 'claim-step'}>
          <View className="claim-step__dot" />
          <View className="claim-step__body">
            <Text className="claim-step__status">{claimStatusLabel[step.status]}</Text>
            <Text className="muted claim-step__at">{`${beijingDisplay(step.at)}${step.by ? ` · ${step.by}` : ''}`}</Text>
            {step.note ? <Text className="claim-step__note">{step.note}</Text> : null}
          </View>
        </View>
      ))}
    </View>
  );
}
