import { act, renderHook } from '@testing-library/react';
import { ApiError } from '@shared/client';
import { useAction } from './use-action';

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
