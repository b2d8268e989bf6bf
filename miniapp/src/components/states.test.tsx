import { fireEvent, render, screen } from '@testing-library/react';
import { ErrorState } from './states';

it('an error state shows the message and retries on tap', () => {
  const retry = jest.fn();
  render(<ErrorState message="网络连接失败，请检查网络后重试" onRetry={retry} />);
  expect(screen.getByRole('alert').textContent).toContain('网络连接失败');
  fireEvent.click(screen.getByText('重试'));
  expect(retry).toHaveBeenCalledTimes(1);
});
