import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { ApiError } from '@shared/client';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useFieldErrors } from '../../lib/use-field-errors';
import { pickPhotos, uploadPhoto, type PickedPhoto } from '../../lib/photo-upload';
import { ActionError, FieldError } from '../../components/field-error';
import { TextBox } from '../../components/text-box';
import { UploadTile } from '../../components/upload-tile';
import { isPassing, photoProblem } from './station-photo-editor';
import './station-network.css';

interface Evidence {
  photo: PickedPhoto;
  /** the upload, once the photo is in storage: what ResolveReport.photo names */
  uploadId?: string;
  /** 0-100 while uploading; null when done or failed */
  progress: number | null;
  error: string | null;
  retryable: boolean;
}

/**
 * 确认已处理: what was done (a note, told to whoever reported it) and, if there is one, a photo of it.
 * The photo goes straight to storage as it is picked (an evidence upload), so 确认已处理 sends only
 * its id; a problem with the note or the photo is said beside it.
 */
export function ResolveReportForm({ reportId, onResolved, onCancel }: { reportId: string; onResolved: () => void; onCancel: () => void }) {
  const [note, setNote] = useState('');
  const [evidence, setEvidence] = useState<Evidence | null>(null);
  /** 确认已处理 tapped while the photo is not in storage: said beside the button (the photo says why) */
  const [notReady, setNotReady] = useState(false);
  const form = useFieldErrors((key) => key === 'note' || key === 'photo');
  const { busy, problemOf, run } = useAction(form);
  const uploading = evidence !== null && evidence.progress !== null;

  const upload = async (photo: PickedPhoto) => {
    form.clear('photo');
    setNotReady(false);
    const problem = photoProblem(photo);
    if (problem) return setEvidence({ photo, progress: null, error: problem, retryable: false });
    setEvidence({ photo, progress: 0, error: null, retryable: true });
    try {
      const ticket = await api.createEvidenceUpload({ body: { contentType: photo.contentType!, size: photo.size } });
      await uploadPhoto(ticket, photo, (percent) => setEvidence((e) => e && { ...e, progress: Math.min(99, percent) }));
      setEvidence({ photo, uploadId: ticket.uploadId, progress: null, error: null, retryable: true });
    } catch (e) {
      const message = e instanceof ApiError ? (Object.values(e.fieldErrors ?? {})[0]?.[0] ?? e.message) : (e as Error).message;
      setEvidence({ photo, progress: null, error: message || '上传失败，请重试', retryable: isPassing(e) });
    }
  };

  const pick = async () => {
    let picked: PickedPhoto[];
    try {
      picked = await pickPhotos(1);
    } catch (e) {
      return form.show({ photo: [(e as Error).message] });
    }
    if (picked[0]) await upload(picked[0]);
  };

  const confirm = () => {
    if (uploading) return;
    if (evidence && !evidence.uploadId) return setNotReady(true);
    const text = note.trim();
    return run('resolve', async () => {
      await api
        .resolveReport({
          params: { reportId },
          body: { ...(text ? { note: text } : {}), ...(evidence?.uploadId ? { photo: evidence.uploadId } : {}) },
        })
        .catch((e: unknown) => {
          // the photo refused when it was checked: its tile says why, with 移除 only (the upload is gone)
          const refused = e instanceof ApiError ? e.fieldErrors?.photo?.[0] : undefined;
          if (refused) setEvidence((ev) => ev && { ...ev, uploadId: undefined, error: refused, retryable: false });
          throw e;
        });
      void Taro.showToast({ title: '已标记处理', icon: 'success' });
      onResolved();
    });
  };

  return (
    <View className={`resolve-form ${form.scope}`}>
      <Text className="join__label">处理说明（选填）</Text>
      <TextBox
        name={`resolve-note-${reportId}`}
        value={note}
        maxlength={200}
        placeholder="做了什么，例如：已更换热水器。反映人会收到这条说明"
        onInput={(value) => {
          setNote(value);
          form.clear('note');
        }}
      />
      <FieldError messages={form.errors.note} />
      <Text className="join__label">整改照片（选填）</Text>
      {evidence ? (
        <View className="upload-tiles">
          <UploadTile
            src={evidence.photo.contentType ? evidence.photo.path : undefined}
            state={evidence.progress !== null ? 'uploading' : evidence.uploadId ? 'done' : 'failed'}
            progress={evidence.progress ?? 0}
            error={evidence.error ?? undefined}
            onPreview={() => Taro.previewImage({ urls: [evidence.photo.path], current: evidence.photo.path })}
            onRetry={evidence.retryable ? () => upload(evidence.photo) : undefined}
            onRemove={() => (setEvidence(null), setNotReady(false), form.clear('photo'))}
          />
        </View>
      ) : (
        <Button className="big-button big-button--ghost" onClick={pick}>
          添加照片
        </Button>
      )}
      {/* what the tile does not say already (a refusal at 确认已处理 is said on the tile) */}
      <FieldError messages={form.errors.photo?.filter((m) => m !== evidence?.error)} />
      <View className="resolve-form__buttons">
        <Button className="big-button big-button--ghost" disabled={busy !== null} onClick={onCancel}>
          取消
        </Button>
        <Button className="big-button" disabled={busy !== null || uploading} onClick={confirm}>
          {busy ? '正在提交…' : uploading ? '照片上传中…' : '确认已处理'}
        </Button>
      </View>
      <ActionError message={notReady ? '照片还没有上传成功，请重试或移除后再提交' : problemOf('resolve')} />
    </View>
  );
}
