import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError } from '@shared/client';
import { scrollToFirst } from './scroll-to';

/** field path (dot-joined, as the API's fieldErrors) → Chinese messages */
export type FieldErrors = Record<string, string[]>;

let forms = 0;

/**
 * One form's field errors: from the API (an ApiError's fieldErrors) or the form's own checks.
 * Showing them scrolls to the first one on the page; changing a field clears that field's
 * messages (and those of its parts: "children" clears "children.0.name").
 *
 * Wrap the form in an element with `scope` as a class: the scroll looks for the first
 * `.field-error` inside it, so another form's old message on the same page is not chosen.
 * `isField` says which keys are shown beside a field; `others` holds the rest, for beside the button.
 */
export function useFieldErrors(isField: (key: string) => boolean = () => true) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [shown, setShown] = useState(0);
  const [scope] = useState(() => `form-${++forms}`);

  useEffect(() => {
    if (shown > 0) scrollToFirst(`.${scope} .field-error`);
  }, [shown, scope]);

  const show = useCallback((next: FieldErrors) => {
    setErrors(next);
    if (Object.keys(next).length > 0) setShown((n) => n + 1);
  }, []);
  /** Shows an API error's field errors; false when it has none (then the caller shows its message). */
  const showApiError = useCallback(
    (e: unknown): boolean => {
      if (!(e instanceof ApiError) || !e.fieldErrors || Object.keys(e.fieldErrors).length === 0) return false;
      show(e.fieldErrors);
      return true;
    },
    [show],
  );
  const clear = useCallback(
    (...fields: string[]) =>
      setErrors((current) => {
        const stale = (key: string) => fields.some((f) => key === f || key.startsWith(`${f}.`));
        return Object.keys(current).some(stale) ? Object.fromEntries(Object.entries(current).filter(([key]) => !stale(key))) : current;
      }),
    [],
  );
  const reset = useCallback(() => setErrors({}), []);
  const others = useMemo(
    () =>
      Object.entries(errors)
        .filter(([key]) => !isField(key))
        .flatMap(([, messages]) => messages),
    // the predicate is a pure description of the form's fields
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [errors],
  );
  return { errors, show, showApiError, clear, reset, others, scope, isField };
}
export type FieldErrorsState = ReturnType<typeof useFieldErrors>;
