import { act, render } from '@testing-library/react';
import { useRefreshOnShow } from './use-refresh-on-show';

/** The page's show callbacks, as Taro keeps them for a page (useDidShow registers; a show calls them). */
const mockShows: (() => void)[] = [];
jest.mock('@tarojs/taro', () => {
  const fake = jest.requireActual('@tarojs/taro');
  return { __esModule: true, ...fake, useDidShow: (callback: () => void) => void mockShows.push(callback) };
});
const show = () => act(() => mockShows.at(-1)?.());

function Screen({ reload }: { reload: () => void }) {
  useRefreshOnShow(reload);
  return null;
}

beforeEach(() => {
  mockShows.length = 0;
  jest.useFakeTimers();
});
afterEach(() => jest.useRealTimers());

it('skips the show that opens the page', () => {
  const reload = jest.fn();
  render(<Screen reload={reload} />);
  show();
  expect(reload).not.toHaveBeenCalled();
});

it('a screen mounted after the page showed (behind the session gate) reloads on the very first return', () => {
  const reload = jest.fn();
  render(<Screen reload={reload} />);
  // the worker goes to 修改后重新提交 and comes back a while later: the first show this screen sees
  act(() => void jest.advanceTimersByTime(5_000));
  show();
  expect(reload).toHaveBeenCalledTimes(1);
  act(() => void jest.advanceTimersByTime(5_000));
  show();
  expect(reload).toHaveBeenCalledTimes(2);
});
