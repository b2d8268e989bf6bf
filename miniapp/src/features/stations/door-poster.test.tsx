import { fireEvent, render, screen } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { keepNumbersWhole } from '../../components/keep-numbers-whole';
import { DoorPoster } from './door-poster';

const poster = {
  stationName: '卢沟桥驿站',
  address: '丰台区卢沟桥南里 1 号',
  url: 'https://app.test/s/st-1?d=AbCdEfGhIjKlMnOp',
  dataUrl: 'data:image/png;base64,iVBORw0KGgo=',
};
const env = process.env.TARO_ENV;
afterEach(() => {
  process.env.TARO_ENV = env;
  jest.restoreAllMocks();
});

it('shows the station name, address and the QR (its link on the image, for checking the print), and 打印 prints on H5', async () => {
  const api = fakeApi({ 'GET /staff/stations/st-1/door-poster': [200, poster] });
  const print = jest.spyOn(window, 'print').mockImplementation(() => undefined);
  render(<DoorPoster stationId="st-1" />);

  await screen.findByText('卢沟桥驿站');
  expect(document.querySelector('.door-poster__address')!.textContent).toBe('丰台区卢沟桥南里 1 号');
  expect(document.querySelector('.door-poster__call')!.textContent).toBe('扫码记录到访 · 反映驿站情况');
  const qr = document.querySelector('.door-poster__qr')!;
  expect(qr.getAttribute('src')).toBe(poster.dataUrl);
  expect(qr.getAttribute('data-url')).toBe(poster.url);
  expect(api.sent('GET /staff/stations/st-1/door-poster')).toHaveLength(1);

  fireEvent.click(screen.getByText('打印'));
  expect(print).toHaveBeenCalledTimes(1);
});

it('keeps a number with what it counts on one line: 「驿站4号」 never breaks as 「驿站4 / 号」', async () => {
  fakeApi({
    'GET /staff/stations/st-1/door-poster': [
      200,
      { ...poster, stationName: '卢沟桥社区卫生站工会驿站4号', address: '府前南里18号社区卫生站' },
    ],
  });
  render(<DoorPoster stationId="st-1" />);
  await screen.findByText('反映驿站情况');
  const title = document.querySelector('.door-poster__title')!;
  expect(title.textContent).toBe('卢沟桥社区卫生站工会驿站4号');
  expect(Array.from(title.querySelectorAll('.keep-whole'), (w) => w.textContent)).toEqual(['4号']);
  const address = document.querySelector('.door-poster__address')!;
  expect(address.textContent).toBe('府前南里18号社区卫生站');
  expect(Array.from(address.querySelectorAll('.keep-whole'), (w) => w.textContent)).toEqual(['18号']);

  const pieces = (text: string) =>
    keepNumbersWhole(text).map((p) => (typeof p === 'string' ? p : `[${(p as { props: { children: string } }).props.children}]`));
  expect(pieces('南里 1 号')).toEqual(['南里 ', '[1 号]', '']);
  expect(pieces('卢沟桥驿站')).toEqual(['卢沟桥驿站']);
});

it('in WeChat says how to keep the QR instead of offering 打印', async () => {
  process.env.TARO_ENV = 'weapp';
  // weapp's Image takes showMenuByLongpress (long press → 保存图片); the DOM stand-in does not know it
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  fakeApi({ 'GET /staff/stations/st-1/door-poster': [200, poster] });
  render(<DoorPoster stationId="st-1" />);
  await screen.findByText('卢沟桥驿站');
  expect(screen.queryByText('打印')).toBeNull();
  expect(screen.getByText(/长按下方二维码可保存图片/)).toBeTruthy();
  expect(document.querySelector('.door-poster__qr')!.getAttribute('data-url')).toBe(poster.url);
});

it('a station outside the staff member’s scope says so, with 重试', async () => {
  fakeApi({ 'GET /staff/stations/st-1/door-poster': [403, { code: 'forbidden', message: '这个驿站不在您负责的范围内' }] });
  render(<DoorPoster stationId="st-1" />);
  expect(await screen.findByText('这个驿站不在您负责的范围内')).toBeTruthy();
  expect(screen.getByText('重试')).toBeTruthy();
  expect(document.querySelector('.door-poster__qr')).toBeNull();
});
