import { useCallback, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { ApiError } from '@shared/client';
import { MAX_PHOTOS_PER_ITEM } from '@shared/schemas/network';
import { api } from '../../lib/api';
import { PhotoRefused, pickPhotos, uploadPhoto, type PickedPhoto } from '../../lib/photo-upload';
import { UploadTile } from '../../components/upload-tile';
import { photoProblem } from '../stations/station-photo-editor';

/** One photo of an inspection item: on its way up, up (its upload id goes with the inspection), or failed. */
export interface EvidenceSlot {
  key: number;
  photo: PickedPhoto;
  state: 'uploading' | 'done' | 'failed';
  /** 0-100 while uploading */
  progress: number;
  uploadId?: string;
  error?: string;
  /** false when the photo itself was refused: sending it again would fail the same way */
  retryable: boolean;
}

let nextKey = 0;

/** A failure that may pass (the network, a busy server), not a refusal of the photo itself. */
const mayPass = (e: unknown) =>
  e instanceof ApiError ? e.status === 0 || e.status >= 500 || e.status === 408 || e.status === 429 : !(e instanceof PhotoRefused);

/**
 * The photos of an inspection's items, by item: each picked photo goes straight to object storage
 * (POST /evidence/uploads, then the presigned POST), one at a time, with its progress; the server
 * checks them when the inspection is submitted.
 */
export function useEvidencePhotos() {
  const [slots, setSlots] = useState<Record<string, EvidenceSlot[]>>({});
  const [pickErrors, setPickErrors] = useState<Record<string, string>>({});
  const current = useRef(slots);
  current.current = slots;

  const patch = useCallback(
    (item: string, key: number, change: Partial<EvidenceSlot>) =>
      setSlots((all) => ({ ...all, [item]: (all[item] ?? []).map((s) => (s.key === key ? { ...s, ...change } : s)) })),
    [],
  );

  const send = useCallback(
    async (item: string, slot: EvidenceSlot) => {
      const problem = photoProblem(slot.photo);
      if (problem) return patch(item, slot.key, { state: 'failed', error: problem, retryable: false });
      patch(item, slot.key, { state: 'uploading', progress: 0, error: undefined });
      try {
        const ticket = await api.createEvidenceUpload({
          body: { contentType: slot.photo.contentType as 'image/jpeg', size: slot.photo.size },
        });
        await uploadPhoto(ticket, slot.photo, (percent) => patch(item, slot.key, { progress: Math.min(99, percent) }));
        patch(item, slot.key, { state: 'done', progress: 100, uploadId: ticket.uploadId });
      } catch (e) {
        const message = e instanceof ApiError ? (Object.values(e.fieldErrors ?? {})[0]?.[0] ?? e.message) : (e as Error).message;
        patch(item, slot.key, { state: 'failed', error: message || '上传失败，请重试', retryable: mayPass(e) });
      }
    },
    [patch],
  );

  const add = useCallback(
    async (item: string) => {
      const room = MAX_PHOTOS_PER_ITEM - (current.current[item]?.length ?? 0);
      if (room <= 0) return;
      setPickErrors(({ [item]: _gone, ...rest }) => rest);
      let picked: PickedPhoto[];
      try {
        picked = await pickPhotos(room);
      } catch (e) {
        return setPickErrors((all) => ({ ...all, [item]: (e as Error).message }));
      }
      const added = picked
        .slice(0, room)
        .map((photo): EvidenceSlot => ({ key: ++nextKey, photo, state: 'uploading', progress: 0, retryable: true }));
      if (added.length === 0) return; // cancelled
      setSlots((all) => ({ ...all, [item]: [...(all[item] ?? []), ...added] }));
      // one at a time: a phone on a weak connection does better with one upload than several
      for (const slot of added) await send(item, slot);
    },
    [send],
  );

  const remove = useCallback(
    (item: string, key: number) => setSlots((all) => ({ ...all, [item]: (all[item] ?? []).filter((s) => s.key !== key) })),
    [],
  );
  /**
   * The server refused a photo that was up (the submit's error names it): its tile says why and
   * offers only 移除 (the upload is gone). A photo removed meanwhile: nothing to mark.
   */
  const refuse = useCallback(
    (uploadId: string, message: string) => {
      for (const [item, list] of Object.entries(current.current)) {
        const slot = list.find((s) => s.uploadId === uploadId);
        if (slot) patch(item, slot.key, { state: 'failed', error: message, retryable: false, uploadId: undefined });
      }
    },
    [patch],
  );
  const all = Object.values(slots).flat();
  return {
    of: (item: string) => slots[item] ?? [],
    pickErrorOf: (item: string) => pickErrors[item],
    /** the upload ids of an item's photos that are up */
    idsOf: (item: string) => (slots[item] ?? []).flatMap((s) => (s.state === 'done' && s.uploadId ? [s.uploadId] : [])),
    uploading: all.some((s) => s.state === 'uploading'),
    failedOf: (item: string) => (slots[item] ?? []).some((s) => s.state === 'failed'),
    add,
    retry: (item: string, slot: EvidenceSlot) => void send(item, slot),
    remove,
    refuse,
  };
}
export type EvidencePhotosState = ReturnType<typeof useEvidencePhotos>;

/**
 * An item's photos as tiles (progress, 重试, 移除) and 添加照片 while there is room; `onChange` is
 * told when a photo is added or removed (what was said about the item's photos no longer holds).
 */
export function EvidencePhotos({ item, photos, onChange }: { item: string; photos: EvidencePhotosState; onChange?: () => void }) {
  const slots = photos.of(item);
  const pickError = photos.pickErrorOf(item);
  return (
    <View className="evidence">
      {slots.length > 0 ? (
        <View className="upload-tiles">
          {slots.map((slot) => (
            <UploadTile
              key={slot.key}
              src={slot.photo.contentType ? slot.photo.path : undefined}
              state={slot.state}
              progress={slot.progress}
              error={slot.error}
              onPreview={() => Taro.previewImage({ urls: [slot.photo.path], current: slot.photo.path })}
              onRetry={slot.retryable ? () => photos.retry(item, slot) : undefined}
              onRemove={() => (photos.remove(item, slot.key), onChange?.())}
            />
          ))}
        </View>
      ) : null}
      {pickError ? <Text className="field-error">{pickError}</Text> : null}
      {slots.length < MAX_PHOTOS_PER_ITEM ? (
        <Button className="evidence__add" onClick={() => (onChange?.(), void photos.add(item))}>
          {slots.length === 0 ? '拍照 / 添加照片' : `再加一张（${slots.length}/${MAX_PHOTOS_PER_ITEM}）`}
        </Button>
      ) : null}
    </View>
  );
}
