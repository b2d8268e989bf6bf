import { useCallback, useEffect, useRef, useState } from 'react';

interface Undoable {
  /** which item it is about, e.g. a member id */
  key: string;
  /** what is about to happen, e.g. "已通过 王大勇" */
  label: string;
  /** sends the request: runs when the window closes, or at once when another decision replaces it */
  send: () => void;
}

/**
 * A decision that can be taken back for a few seconds: nothing is sent until the window closes,
 * so 撤销 is honest (the API has no undo). A second decision, or leaving the page, sends the
 * pending one at once: only 撤销 stops it.
 */
export function useUndoWindow(windowMs = 5000) {
  const [pending, setPending] = useState<Undoable | null>(null);
  const current = useRef<Undoable | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const stopTimer = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };
  const flush = useCallback(() => {
    stopTimer();
    const job = current.current;
    current.current = null;
    setPending(null);
    job?.send();
  }, []);
  const schedule = useCallback(
    (job: Undoable) => {
      flush();
      current.current = job;
      setPending(job);
      timer.current = setTimeout(flush, windowMs);
    },
    [flush, windowMs],
  );
  const undo = useCallback(() => {
    stopTimer();
    current.current = null;
    setPending(null);
  }, []);
  // leaving the page does not take the decision back
  useEffect(() => flush, [flush]);
  return { pending, schedule, undo };
}
