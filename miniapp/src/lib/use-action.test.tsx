import { act, renderHook } from '@testing-library/react';
import { ApiError } from '@shared/client';
import { FIX_FIELDS_MESSAGE, useAction } from './use-action';
import { useFieldErrors } from './use-field-errors';

it('drops a second tap while the first is running, and reports the first field error in Chinese', async () => {
  const { result } = renderHook(() => useAction());
  let finish!: () => void;
  const slow = jest.fn(() => new Promise<void>((r) => (finish = r)));
  let first!: Promise<boolean>;
  act(() => {
    first = result.current.run('a', slow);
  });
  await act(async () => expect(await result.current.run('a', slow)).toBe(false));
  expect(slow).toHaveBeenCalledTimes(1);
  expect(result.current.busy).toBe('a');
  await act(async () => {
    finish();
    expect(await first).toBe(true);
  });
  expect(result.current.busy).toBeNull();

  await act(async () => {
    await result.current.run('b', () => Promise.reject(new ApiError(400, 'bad_request', '提交的内容有误', { reason: ['请写明退回原因'] })));
  });
  expect(result.current.problem).toBe('请写明退回原因');
});

it('keeps a failure with the button that caused it, so it is shown beside that button only', async () => {
  const { result } = renderHook(() => useAction());
  await act(async () => {
    await result.current.run('member-1', () => Promise.reject(new ApiError(409, 'conflict', '这份申请已被处理')));
  });
  expect(result.current.problemOf('member-1')).toBe('这份申请已被处理');
  expect(result.current.problemOf('member-2')).toBeNull();
  await act(async () => {
    await result.current.run('member-2', () => Promise.resolve());
  });
  expect(result.current.problemOf('member-1')).toBeNull();
});

it('with a form, puts field problems beside their fields and says beside the button to fix them', async () => {
  const { result } = renderHook(() => {
    const form = useFieldErrors((key) => key === 'mobile');
    return { form, action: useAction(form) };
  });
  await act(async () => {
    await result.current.action.run('register', () =>
      Promise.reject(new ApiError(400, 'bad_request', '提交的内容有误', { mobile: ['请填写 11 位手机号'] })),
    );
  });
  expect(result.current.form.errors).toEqual({ mobile: ['请填写 11 位手机号'] });
  expect(result.current.action.problemOf('register')).toBe(FIX_FIELDS_MESSAGE);
  act(() => result.current.form.clear('mobile'));
  expect(result.current.form.errors).toEqual({});
});
