import { callWechat, WechatUnavailable } from './access-token';

/**
 * WeChat's text content-security check (msgSecCheck, POST /wxa/msg_sec_check).
 *
 * Two versions exist. Version 2 ({content, version: 2, scene, openid}) answers
 * result.suggest = pass | review | risky, but needs the openid of someone who used the app in the
 * last 2 hours. We keep no openids (only a hash, functions/lib/auth/wechat.ts), so the wall calls
 * version 1 ({content}): errcode 0 passes, 87014 is risky. Passing an openid switches to version 2,
 * for a later caller that has one. See docs/privacy-and-content.md, "Content checks".
 */
export type Verdict = 'pass' | 'review' | 'risky';

/** WeChat's scenes: 1 资料, 2 评论, 3 论坛, 4 社交日志 */
export type Scene = 1 | 2 | 3 | 4;

const RISKY = 87014;

interface V2Reply {
  result?: { suggest?: string; label?: number };
}

/**
 * The verdict on `content`; throws WechatUnavailable when WeChat cannot be reached or gives no
 * verdict (another errcode), so the caller holds the content and asks again later.
 */
export async function checkText(content: string, opts: { scene: Scene; openid?: string }): Promise<Verdict> {
  const path = '/wxa/msg_sec_check';
  if (!opts.openid) {
    const reply = await callWechat(path, { content });
    if (reply.errcode === RISKY) return 'risky';
    if (!reply.errcode) return 'pass';
    throw new WechatUnavailable(path, `errcode ${reply.errcode}`);
  }
  const reply = await callWechat<V2Reply>(path, { content, version: 2, scene: opts.scene, openid: opts.openid });
  if (reply.errcode === RISKY) return 'risky';
  const suggest = reply.result?.suggest;
  if (!reply.errcode && (suggest === 'pass' || suggest === 'review' || suggest === 'risky')) return suggest;
  throw new WechatUnavailable(path, `errcode ${reply.errcode ?? 'none'}`);
}

/**
 * WeChat's limits for img_sec_check: at most 1 MB, at most 750 × 1334 px (photo-image.ts
 * `makeCheckJpeg` makes such a copy of every photo).
 */
export const IMAGE_CHECK_MAX_BYTES = 1024 * 1024;
export const IMAGE_CHECK_MAX_WIDTH = 750;
export const IMAGE_CHECK_MAX_HEIGHT = 1334;

/**
 * WeChat's picture check (imgSecCheck, POST /wxa/img_sec_check, the JPEG as the multipart field
 * `media`): errcode 0 passes, 87014 is risky. Synchronous and without an openid, unlike
 * mediaCheckAsync v2 (docs/privacy-and-content.md, "Photos"). Throws WechatUnavailable when WeChat
 * cannot be reached or gives no verdict (e.g. 40006 for a picture over its limits, -1 busy).
 */
export async function checkImage(jpegBytes: Uint8Array): Promise<'pass' | 'risky'> {
  const path = '/wxa/img_sec_check';
  if (jpegBytes.length > IMAGE_CHECK_MAX_BYTES) throw new WechatUnavailable(path, 'picture over 1 MB');
  const form = new FormData();
  form.append('media', new Blob([jpegBytes], { type: 'image/jpeg' }), 'photo.jpg');
  const reply = await callWechat(path, form);
  if (reply.errcode === RISKY) return 'risky';
  if (!reply.errcode) return 'pass';
  throw new WechatUnavailable(path, `errcode ${reply.errcode}`);
}
