import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { ApiError } from '@shared/client';
import {
  AmenityCheck,
  INSPECTION_RADIUS_METERS,
  SevenItem,
  amenityCheckLabel,
  sevenItemLabel,
  type InspectionItemKey,
} from '@shared/schemas/network';
import { api } from '../../lib/api';
import { newRequestId } from '../../lib/request-id';
import { FIX_FIELDS_MESSAGE, useAction } from '../../lib/use-action';
import { useFieldErrors, type FieldErrors } from '../../lib/use-field-errors';
import { useRequest } from '../../lib/use-request';
import { Choices, type Choice } from '../../components/choices';
import { TextBox } from '../../components/text-box';
import { ActionError, FieldError } from '../../components/field-error';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { currentPosition } from '../stations/location';
import { EvidencePhotos, useEvidencePhotos, type EvidencePhotosState } from './evidence-photos';
import { superviseUrls } from './urls';
import './supervise.css';

type Result = 'pass' | 'fail' | 'na';
interface Answer {
  result?: Result;
  note: string;
  /** a note was asked for on an item that passed (a failed item always shows its box) */
  noteOpen: boolean;
}

const SEVEN = SevenItem.options;
const AMENITIES = AmenityCheck.options;
const ORDER: InspectionItemKey[] = [...SEVEN, ...AMENITIES];
const passFail: Choice<Result>[] = [
  { value: 'pass', label: '合格' },
  { value: 'fail', label: '不合格' },
];
const passFailNa: Choice<Result>[] = [...passFail, { value: 'na', label: '不适用' }];

export const NO_POSITION = `没能获取您的位置：检查须在驿站 ${INSPECTION_RADIUS_METERS} 米内提交，请允许定位后重试`;

/** The API names an item by its place in what was sent (items.3.note); the form by the item (items.rules.note). */
export function byItem(errors: FieldErrors, sent: InspectionItemKey[]): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, messages] of Object.entries(errors)) {
    const match = /^items\.(\d+)(\..*)?$/.exec(key);
    const item = match ? sent[Number(match[1])] : undefined;
    const named = item ? `items.${item}${match![2] ?? ''}` : key;
    out[named] = [...(out[named] ?? []), ...messages];
  }
  return out;
}

/** What must be put right before anything is sent (the server checks the same again). */
function problemsOf(answers: Record<InspectionItemKey, Answer>, photos: EvidencePhotosState): FieldErrors {
  const problems: FieldErrors = {};
  for (const item of SEVEN) if (!answers[item].result) problems[`items.${item}.result`] = ['请选择合格或不合格'];
  for (const item of ORDER) {
    if (answers[item].result === 'fail' && !answers[item].note.trim()) problems[`items.${item}.note`] = ['不合格的项目请写明问题'];
    if (photos.failedOf(item)) problems[`items.${item}.photos`] = ['有照片没有传上去：请重试或移除'];
  }
  return problems;
}

/**
 * 检查驿站: on site, each 七有 item 合格 or 不合格, the amenity checks (or 不适用), a note for what
 * failed, photos per item, and the phone's position (the server takes it only within 200 m).
 * Problems are shown beside their items (scrolled to the first); the distance beside 提交检查.
 */
export function InspectionForm({ stationId }: { stationId: string }) {
  const station = useRequest(() => api.getStation({ params: { stationId } }), [stationId]);
  const [answers, setAnswers] = useState<Record<InspectionItemKey, Answer>>(
    () => Object.fromEntries(ORDER.map((item) => [item, { note: '', noteOpen: false }])) as Record<InspectionItemKey, Answer>,
  );
  const form = useFieldErrors((key) => key === 'items' || key.startsWith('items.'));
  const { busy, problemOf, run } = useAction(form);
  const photos = useEvidencePhotos();
  const [blocked, setBlocked] = useState<string | null>(null);
  const requestId = useRef(newRequestId()); // the same id for retries of one inspection

  if (station.error && !station.data) return <ErrorState message={station.error.message} onRetry={station.reload} />;
  if (!station.data) return <Loading />;
  if (!station.data.supervising)
    return <EmptyState title="您不是这个驿站的义务监督员" hint="由驿站所属工会任命为义务监督员后，才能检查这个驿站" />;
  const { station: info } = station.data;

  const change = (item: InspectionItemKey, next: Partial<Answer>) => {
    setAnswers((all) => ({ ...all, [item]: { ...all[item], ...next } }));
    setBlocked(null);
  };
  const errorsUnder = (prefix: string) =>
    Object.entries(form.errors)
      .filter(([key]) => key === prefix || key.startsWith(`${prefix}.`))
      .flatMap(([, messages]) => messages);

  const submit = () => {
    if (busy) return;
    const problems = problemsOf(answers, photos);
    if (Object.keys(problems).length > 0) {
      form.show(problems);
      return setBlocked(FIX_FIELDS_MESSAGE);
    }
    if (photos.uploading) return setBlocked('照片还在上传，请稍候再提交');
    setBlocked(null);
    form.reset();
    return run('submit', async () => {
      const position = await currentPosition({ precise: true }).catch(() => {
        throw new ApiError(0, 'no_position', NO_POSITION);
      });
      const items = ORDER.filter((item) => answers[item].result).map((item) => ({
        item,
        result: answers[item].result!,
        note: answers[item].note.trim() || undefined,
        photos: photos.idsOf(item),
      }));
      try {
        const inspection = await api.submitInspection({
          params: { stationId },
          body: { clientRequestId: requestId.current, position, items },
        });
        requestId.current = newRequestId();
        void Taro.showToast({ title: '检查已提交', icon: 'success' });
        void Taro.redirectTo({ url: superviseUrls.inspection(inspection.id) });
      } catch (e) {
        if (!(e instanceof ApiError && e.fieldErrors)) throw e;
        // a photo refused as it was checked (items.3.photos.1): its tile says why, with 移除 only
        for (const [key, messages] of Object.entries(e.fieldErrors)) {
          const photo = /^items\.(\d+)\.photos\.(\d+)$/.exec(key);
          const uploadId = photo ? items[Number(photo[1])]?.photos[Number(photo[2])] : undefined;
          if (uploadId && messages[0]) photos.refuse(uploadId, messages[0]);
        }
        // beside the item the server meant: it counts the items as they were sent
        throw new ApiError(
          e.status,
          e.code,
          e.message,
          byItem(
            e.fieldErrors,
            items.map((i) => i.item),
          ),
          e.requestId,
        );
      }
    });
  };

  const itemBlock = (item: InspectionItemKey, label: string, options: Choice<Result>[]) => {
    const answer = answers[item];
    return (
      <View key={item} className="inspect-item" data-item={item}>
        <Text className="inspect-item__label">{label}</Text>
        <Choices
          options={options}
          value={answer.result}
          clearable={options.length > 2}
          onChange={(result) => {
            change(item, { result });
            form.clear(`items.${item}.result`, 'items');
          }}
        />
        <FieldError messages={errorsUnder(`items.${item}.result`).concat(form.errors[`items.${item}`] ?? [])} />
        {answer.result ? (
          <View className="inspect-item__more">
            {answer.result === 'fail' || answer.noteOpen || answer.note ? (
              <TextBox
                name={`note-${item}`}
                value={answer.note}
                maxlength={200}
                placeholder={answer.result === 'fail' ? '写明问题（必填），如：标识牌脱落' : '补充说明（选填）'}
                onInput={(note) => {
                  change(item, { note });
                  form.clear(`items.${item}.note`);
                }}
              />
            ) : (
              <Text className="inspect-item__note-open" onClick={() => change(item, { noteOpen: true })}>
                写说明
              </Text>
            )}
            <FieldError messages={errorsUnder(`items.${item}.note`)} />
            <EvidencePhotos item={item} photos={photos} onChange={() => form.clear(`items.${item}.photos`)} />
            {/* not again what a photo's tile says */}
            <FieldError messages={errorsUnder(`items.${item}.photos`).filter((m) => !photos.of(item).some((s) => s.error === m))} />
          </View>
        ) : null}
      </View>
    );
  };

  const answered = SEVEN.filter((item) => answers[item].result).length;
  return (
    <View className={`page ${form.scope}`}>
      <View className="page-header">
        <Text className="page-header__title">{info.name}</Text>
        <Text className="page-header__sub">{info.address}</Text>
      </View>
      <View className="card">
        <Text className="card__title">七有标准</Text>
        <Text className="muted inspect-hint">逐项判断合格或不合格（已判断 {answered}/7）；不合格的写明问题，最好拍照。</Text>
        <FieldError messages={form.errors.items} />
        {SEVEN.map((item) => itemBlock(item, sevenItemLabel[item], passFail))}
      </View>
      <View className="card">
        <Text className="card__title">设施检查</Text>
        <Text className="muted inspect-hint">驿站没有的设施选「不适用」；不检查的项目可以不选。</Text>
        {AMENITIES.map((item) => itemBlock(item, amenityCheckLabel[item], passFailNa))}
      </View>
      <View className="card inspect-submit">
        <Text className="muted">提交时会读取您的位置：须在驿站 {INSPECTION_RADIUS_METERS} 米内，位置只用于这次检查。</Text>
        <Button className="big-button inspect-submit__button" disabled={busy !== null} onClick={submit}>
          {busy ? '正在获取位置并提交…' : '提交检查'}
        </Button>
        <ActionError message={blocked ?? problemOf('submit')} />
      </View>
    </View>
  );
}
