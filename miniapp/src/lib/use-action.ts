import { useCallback, useRef, useState } from 'react';
import { ApiError } from '@shared/client';

/**
 * One tap, one request: runs an action unless another is under way (double taps are dropped),
 * remembers which one is busy, and turns a failure into the Chinese message to show.
 */
export function useAction() {
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const running = useRef(false);
  const run = useCallback(async (key: string, action: () => Promise<unknown>): Promise<boolean> => {
    if (running.current) return false;
    running.current = true;
    setBusy(key);
    setProblem(null);
    try {
      await action();
      return true;
    } catch (e) {
      const firstFieldError = e instanceof ApiError && e.fieldErrors ? Object.values(e.fieldErrors)[0]?.[0] : undefined;
      setProblem(e instanceof ApiError ? (firstFieldError ?? e.message) : '操作失败，请重试');
      return false;
    } finally {
      running.current = false;
      setBusy(null);
    }
  }, []);
  return { busy, problem, run };
}
