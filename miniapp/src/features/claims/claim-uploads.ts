import { useCallback, useRef, useState } from 'react';
import { ApiError } from '@shared/client';
import type { Claim } from '@shared/schemas/claim';
import { api } from '../../lib/api';
import { pickPhotos, uploadPhoto, type PickedPhoto } from '../../lib/photo-upload';
import { isPassing, photoProblem } from '../stations/station-photo-editor';

/** A page on its way into its slot (once in, it is one of the claim's pages and this goes). */
export interface PendingPage {
  key: number;
  photo: PickedPhoto;
  state: 'uploading' | 'failed';
  /** 0-100 while uploading */
  progress: number;
  /** the bytes are up and the server is checking the photo (POST /claims/{id}/pages): 正在检查照片… */
  checking?: boolean;
  error?: string;
  /** false when the photo itself was refused: sending it again would fail the same way */
  retryable: boolean;
}

let nextKey = 0;

const messageOf = (e: unknown) =>
  e instanceof ApiError ? (Object.values(e.fieldErrors ?? {})[0]?.[0] ?? e.message) : (e as Error).message || '上传失败，请重试';

/**
 * The pages a member adds to a claim's slots: each picked photo is checked on the phone (JPG or PNG,
 * ≤ 5 MB: refused ones are said beside the slot and never sent), then goes up one at a time:
 * POST /claims/{id}/uploads for a presigned POST, the photo straight to storage with its progress,
 * then POST /claims/{id}/pages puts it into the slot and answers the claim as it now stands
 * (`onClaim`). A failed page stays as a tile with 重试 (when trying again may pass) and 移除.
 */
export function useClaimUploads(claimId: string, onClaim: (claim: Claim) => void) {
  const [pending, setPending] = useState<Record<string, PendingPage[]>>({});
  const [refusals, setRefusals] = useState<Record<string, string>>({});
  const onClaimRef = useRef(onClaim);
  onClaimRef.current = onClaim;

  const patch = useCallback(
    (item: string, key: number, change: Partial<PendingPage>) =>
      setPending((all) => ({ ...all, [item]: (all[item] ?? []).map((p) => (p.key === key ? { ...p, ...change } : p)) })),
    [],
  );
  const drop = useCallback(
    (item: string, key: number) => setPending((all) => ({ ...all, [item]: (all[item] ?? []).filter((p) => p.key !== key) })),
    [],
  );

  const send = useCallback(
    async (item: string, page: PendingPage) => {
      patch(item, page.key, { state: 'uploading', progress: 0, checking: false, error: undefined });
      try {
        const ticket = await api.createClaimUpload({
          params: { claimId },
          body: { item, contentType: page.photo.contentType as 'image/jpeg', size: page.photo.size },
        });
        await uploadPhoto(ticket, page.photo, (percent) => patch(item, page.key, { progress: Math.min(99, percent) }));
        // the server decodes, re-encodes and stores it: say so, not a progress stuck at 99%
        patch(item, page.key, { checking: true });
        const claim = await api.addClaimPage({ params: { claimId }, body: { item, uploadId: ticket.uploadId } });
        drop(item, page.key);
        onClaimRef.current(claim);
      } catch (e) {
        patch(item, page.key, { state: 'failed', checking: false, error: messageOf(e), retryable: isPassing(e) });
      }
    },
    [claimId, patch, drop],
  );

  /** Picks up to `room` photos for a slot and sends the acceptable ones, one after another. */
  const add = useCallback(
    async (item: string, room: number) => {
      if (room <= 0) return;
      setRefusals(({ [item]: _gone, ...rest }) => rest);
      let picked: PickedPhoto[];
      try {
        picked = await pickPhotos(room);
      } catch (e) {
        return setRefusals((all) => ({ ...all, [item]: (e as Error).message }));
      }
      const refused = picked.map(photoProblem).filter((p): p is string => p !== null);
      if (refused.length > 0) {
        const why = refused[0]!;
        setRefusals((all) => ({ ...all, [item]: refused.length > 1 ? `${refused.length} 张照片没有上传：${why}` : why }));
      }
      const added = picked
        .filter((photo) => photoProblem(photo) === null)
        .slice(0, room)
        .map((photo): PendingPage => ({ key: ++nextKey, photo, state: 'uploading', progress: 0, retryable: true }));
      if (added.length === 0) return;
      setPending((all) => ({ ...all, [item]: [...(all[item] ?? []), ...added] }));
      // one at a time: a phone on a weak connection does better with one upload than several
      for (const page of added) await send(item, page);
    },
    [send],
  );

  const all = Object.values(pending).flat();
  return {
    of: (item: string) => pending[item] ?? [],
    refusalOf: (item: string) => refusals[item],
    uploading: all.some((p) => p.state === 'uploading'),
    failedOf: (item: string) => (pending[item] ?? []).some((p) => p.state === 'failed'),
    add,
    retry: (item: string, page: PendingPage) => void send(item, page),
    remove: drop,
  };
}
export type ClaimUploads = ReturnType<typeof useClaimUploads>;
