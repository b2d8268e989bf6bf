import { useCallback, useRef, useState } from 'react';
import { ApiError } from '@shared/client';
import type { FieldErrorsState } from './use-field-errors';

/** Shown beside the button when the problems are shown beside their fields. */
export const FIX_FIELDS_MESSAGE = '请按上面的提示修改后再提交';

/**
 * One tap, one request: runs an action unless another is under way (double taps are dropped),
 * remembers which one is busy and which one failed, and turns a failure into the Chinese message
 * to show beside the button that was tapped (`problemOf(key)`).
 *
 * With a form's field errors (`useFieldErrors`), the API's problems with fields go beside those
 * fields; only what belongs to no field is said beside the button.
 */
export function useAction(fields?: Pick<FieldErrorsState, 'showApiError' | 'isField'>) {
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ key: string; message: string } | null>(null);
  const running = useRef(false);
  const fieldsRef = useRef(fields);
  fieldsRef.current = fields;

  const run = useCallback(async (key: string, action: () => Promise<unknown>): Promise<boolean> => {
    if (running.current) return false;
    running.current = true;
    setBusy(key);
    setFailure(null);
    try {
      await action();
      return true;
    } catch (e) {
      setFailure({ key, message: messageFor(e, fieldsRef.current) });
      return false;
    } finally {
      running.current = false;
      setBusy(null);
    }
  }, []);
  const problemOf = useCallback((key: string) => (failure?.key === key ? failure.message : null), [failure]);
  const clearProblem = useCallback(() => setFailure(null), []);
  return { busy, problem: failure?.message ?? null, problemOf, clearProblem, run };
}

function messageFor(e: unknown, fields?: Pick<FieldErrorsState, 'showApiError' | 'isField'>): string {
  if (!(e instanceof ApiError)) return '操作失败，请重试';
  const entries = Object.entries(e.fieldErrors ?? {});
  if (fields && fields.showApiError(e)) {
    const unplaced = entries.find(([key]) => !fields.isField(key));
    return unplaced?.[1][0] ?? FIX_FIELDS_MESSAGE;
  }
  return entries[0]?.[1][0] ?? e.message;
}
