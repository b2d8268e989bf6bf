import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Button, Image, Text, View } from '@tarojs/components';
import { ApiError } from '@shared/client';
import { MAX_PHOTO_BYTES, MAX_STATION_PHOTOS, PHOTO_TOO_LARGE, PHOTO_WRONG_TYPE, type PhotoView } from '@shared/schemas/station-photo';
import { api } from '../../lib/api';
import { PhotoRefused, pickPhotos, uploadPhoto, type PickedPhoto } from '../../lib/photo-upload';

interface Pending {
  key: number;
  photo: PickedPhoto;
  /** 0-100 while uploading; null once it failed */
  progress: number | null;
  error: string | null;
  /** false when the photo itself was refused: sending it again would fail the same way */
  retryable: boolean;
}

let nextKey = 0;

/** What is wrong with a picked photo before anything is sent (the server checks again). */
export function photoProblem(photo: PickedPhoto): string | null {
  if (!photo.contentType) return PHOTO_WRONG_TYPE;
  if (photo.size > MAX_PHOTO_BYTES) return PHOTO_TOO_LARGE;
  if (photo.size < 1) return '照片是空的，请换一张';
  return null;
}

/** A failure that may pass: the network, a busy server; not a refusal of the photo itself. */
export const isPassing = (e: unknown) =>
  e instanceof ApiError ? e.status === 0 || e.status >= 500 || e.status === 408 || e.status === 429 : !(e instanceof PhotoRefused);

/**
 * Staff add up to six photos to a station and delete them. Each photo goes from the phone to object
 * storage (presigned POST), then the server checks it and makes the thumbnail; progress and any
 * problem are shown on the photo itself.
 */
export function StationPhotoEditor({ stationId, initial }: { stationId: string; initial: PhotoView[] }) {
  const [photos, setPhotos] = useState(() => initial.filter((p) => p.id));
  const [pending, setPending] = useState<Pending[]>([]);
  const [pickError, setPickError] = useState<string | null>(null);
  const room = MAX_STATION_PHOTOS - photos.length - pending.length;

  const patch = (key: number, change: Partial<Pending>) => setPending((list) => list.map((p) => (p.key === key ? { ...p, ...change } : p)));

  const send = async (item: Pending) => {
    const problem = photoProblem(item.photo);
    if (problem) return patch(item.key, { progress: null, error: problem, retryable: false });
    patch(item.key, { progress: 0, error: null });
    try {
      const ticket = await api.createPhotoUpload({
        params: { stationId },
        body: { contentType: item.photo.contentType as 'image/jpeg', size: item.photo.size },
      });
      await uploadPhoto(ticket, item.photo, (percent) => patch(item.key, { progress: Math.min(99, percent) }));
      const reply = await api.addStationPhoto({ params: { stationId }, body: { uploadId: ticket.uploadId } });
      setPhotos(reply.photos.filter((p) => p.id));
      setPending((list) => list.filter((p) => p.key !== item.key));
      // WeChat's picture check did not answer yet: the photo is kept from workers until it does
      const held = reply.photos.some((p) => p.id === ticket.uploadId && p.contentCheck === 'pending');
      void Taro.showToast(held ? { title: '已上传，审核通过后职工可见', icon: 'none' } : { title: '照片已上传', icon: 'success' });
    } catch (e) {
      const message = e instanceof ApiError ? (Object.values(e.fieldErrors ?? {})[0]?.[0] ?? e.message) : (e as Error).message;
      patch(item.key, { progress: null, error: message || '上传失败，请重试', retryable: isPassing(e) });
    }
  };

  const add = async () => {
    if (room <= 0) return;
    setPickError(null);
    let picked: PickedPhoto[];
    try {
      picked = await pickPhotos(room);
    } catch (e) {
      return setPickError((e as Error).message);
    }
    if (picked.length === 0) return; // cancelled
    const items = picked.slice(0, room).map((photo) => ({ key: ++nextKey, photo, progress: 0, error: null, retryable: true }));
    setPending((list) => [...list, ...items]);
    // one at a time: a phone on a weak connection does better with one upload than six
    for (const item of items) await send(item);
  };

  const remove = async (photo: PhotoView) => {
    const { confirm } = await Taro.showModal({
      title: '删除这张照片？',
      content: '删除后职工将看不到这张照片。',
      confirmText: '删除',
      confirmColor: '#c8102e',
    });
    if (!confirm) return;
    try {
      const reply = await api.removeStationPhoto({ params: { stationId, photoId: photo.id! } });
      setPhotos(reply.photos.filter((p) => p.id));
      void Taro.showToast({ title: '已删除', icon: 'success' });
    } catch (e) {
      void Taro.showModal({ title: '没能删除', content: e instanceof Error ? e.message : '请稍后重试', showCancel: false });
    }
  };

  return (
    <View className="card station-photo-editor">
      <Text className="card__title">
        驿站照片（{photos.length}/{MAX_STATION_PHOTOS}）
      </Text>
      <Text className="muted">JPG 或 PNG，每张不超过 5 MB；职工在驿站详情里看到。</Text>
      <View className="photo-grid">
        {photos.map((photo) => (
          <View key={photo.id} className="photo-tile">
            <Image className="photo-tile__image" src={photo.thumbUrl} mode="aspectFill" />
            {photo.notice ? <Text className={`photo-tile__check photo-tile__check--${photo.contentCheck}`}>{photo.notice}</Text> : null}
            <Button className="photo-tile__remove" onClick={() => remove(photo)}>
              删除
            </Button>
          </View>
        ))}
        {pending.map((item) => (
          <View key={item.key} className="photo-tile photo-tile--pending">
            {item.photo.contentType ? (
              <Image className="photo-tile__image" src={item.photo.path} mode="aspectFill" />
            ) : (
              <View className="photo-tile__image" />
            )}
            {item.progress !== null ? (
              <Text className="photo-tile__progress">上传中 {item.progress}%</Text>
            ) : (
              <View className="photo-tile__failed">
                <Text className="field-error">{item.error}</Text>
                {item.retryable ? (
                  <Button className="photo-tile__retry" onClick={() => send(item)}>
                    重试
                  </Button>
                ) : null}
                <Button className="photo-tile__remove" onClick={() => setPending((list) => list.filter((p) => p.key !== item.key))}>
                  移除
                </Button>
              </View>
            )}
          </View>
        ))}
      </View>
      {pickError ? <Text className="field-error">{pickError}</Text> : null}
      {room > 0 ? (
        <Button className="big-button big-button--ghost" onClick={add}>
          添加照片
        </Button>
      ) : (
        <Text className="muted">已达 {MAX_STATION_PHOTOS} 张上限，删除一张后可再添加。</Text>
      )}
    </View>
  );
}
