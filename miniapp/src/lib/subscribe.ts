import Taro from '@tarojs/taro';
import type { SubscribeAnswer, TemplateKey } from '@shared/schemas/subscription';
import { api } from './api';
import { newRequestId } from './request-id';

/**
 * WeChat subscribe messages (docs/notifications.md): at the tap that creates the need, the app asks
 * WeChat to let us send the templates that tap may lead to, and tells the server the answers.
 *
 * WeChat shows its dialog only when requestSubscribeMessage is called synchronously inside a tap
 * handler (before any await), so the template ids are fetched beforehand (`prepareSubscriptions`,
 * when a screen with such a tap opens) and `askSubscriptions` is called first thing in the handler.
 * It never blocks nor fails the tap: no ids yet, H5 (no such API), a refused dialog → nothing happens.
 */

/** What each tap asks for (WeChat allows 3 templates a call). */
export const ASKS = {
  /** 提交 of the join form, and 申请转到… (a transfer's outcome uses the same template) */
  join: ['review'],
  signUp: ['reminder'],
  waitlist: ['waitlist', 'expiring', 'reminder'],
  report: ['report'],
  /** 提交 of a claim and of what staff asked for: each review step is a 审核结果 */
  claim: ['review'],
} satisfies Record<string, TemplateKey[]>;

let templates: Partial<Record<TemplateKey, string>> | null = null;
let loading: Promise<void> | null = null;

const supported = () => process.env.TARO_ENV === 'weapp';

/** Fetches the template ids once per launch (weapp only); safe to call on every screen that asks. */
export function prepareSubscriptions(): void {
  if (!supported() || templates || loading) return;
  loading = api
    .getSubscribeTemplates({})
    .then((reply) => {
      templates = reply.templates;
    })
    .catch(() => undefined) // offline: asked for again by the next screen
    .finally(() => {
      loading = null;
    });
}

/**
 * Call first thing in the tap handler, before any await. Asks WeChat for `keys` (those configured,
 * at most 3) and posts the answers when the person has chosen; returns at once.
 */
export function askSubscriptions(keys: readonly TemplateKey[]): void {
  if (!supported()) return;
  if (!templates) {
    prepareSubscriptions();
    return;
  }
  const ids = keys.flatMap((key) => (templates?.[key] ? [[key, templates[key]] as const] : [])).slice(0, 3);
  if (ids.length === 0) return;
  try {
    Taro.requestSubscribeMessage({
      tmplIds: ids.map(([, id]) => id),
      success: (result: Record<string, string>) => {
        const answers: Partial<Record<TemplateKey, SubscribeAnswer>> = {};
        for (const [key, id] of ids) {
          const answer = result[id];
          if (answer === 'accept' || answer === 'reject' || answer === 'ban' || answer === 'filter') answers[key] = answer;
        }
        if (Object.keys(answers).length === 0) return;
        void api.recordSubscriptions({ body: { askId: newRequestId(), answers } }).catch(() => undefined);
      },
      fail: () => undefined, // dialog refused or switched off in settings: the inbox still has everything
    } as unknown as Taro.requestSubscribeMessage.Option).catch?.(() => undefined);
  } catch {
    // an old WeChat without the API: nothing to ask
  }
}

/** Tests: forget the fetched ids, as a new launch would. */
export function forgetSubscribeTemplates(): void {
  templates = null;
  loading = null;
}
