import { fireEvent, render, screen } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { jpegBytes, pickNext } from '../../../test-support/photo-picker';
import { StationPhotoEditor } from './station-photo-editor';

const stationId = 'st-1';
const ticketRoute = `POST /staff/stations/${stationId}/photos/uploads`;

beforeAll(() => {
  // jsdom has no object URLs; the tile only needs something to show
  URL.createObjectURL = () => 'blob:picked';
});
afterEach(() => jest.restoreAllMocks());

it('a text file renamed .jpg shows as a refused tile (not dropped, not a cancel) and is never sent', async () => {
  const api = fakeApi({});
  render(<StationPhotoEditor stationId={stationId} initial={[]} />);
  pickNext([new File(['这不是照片'], 'fake.jpg', { type: 'image/jpeg' })]);
  fireEvent.click(screen.getByText('添加照片'));

  expect(await screen.findByText('只能上传 JPG 或 PNG 格式的照片')).toBeTruthy();
  expect(screen.getByText('移除')).toBeTruthy();
  expect(screen.queryByText('重试')).toBeNull();
  expect(api.sent(ticketRoute)).toEqual([]);

  fireEvent.click(screen.getByText('移除'));
  expect(screen.queryByText('只能上传 JPG 或 PNG 格式的照片')).toBeNull();
});

it('a JPG over 5 MB shows as a refused tile with 移除 and no 重试', async () => {
  const api = fakeApi({});
  render(<StationPhotoEditor stationId={stationId} initial={[]} />);
  pickNext([new File([jpegBytes(5 * 1024 * 1024 + 1)], 'big.jpg', { type: 'image/jpeg' })]);
  fireEvent.click(screen.getByText('添加照片'));

  expect(await screen.findByText(/照片不能超过 5 MB/)).toBeTruthy();
  expect(screen.getByText('移除')).toBeTruthy();
  expect(screen.queryByText('重试')).toBeNull();
  expect(api.sent(ticketRoute)).toEqual([]);
});

it('a photo the server refuses offers only 移除; one that failed on a busy server offers 重试', async () => {
  fakeApi({
    [ticketRoute]: (body: { size: number }) =>
      body.size === 2000
        ? [400, { code: 'invalid_input', message: '请检查填写的内容', fieldErrors: { contentType: ['只能上传 JPG 或 PNG 格式的照片'] } }]
        : [503, { code: 'internal', message: '服务暂时不可用，请稍后重试' }],
  });
  render(<StationPhotoEditor stationId={stationId} initial={[]} />);
  pickNext([new File([jpegBytes(2000)], 'a.jpg'), new File([jpegBytes(3000)], 'b.jpg')]);
  fireEvent.click(screen.getByText('添加照片'));

  expect(await screen.findByText('只能上传 JPG 或 PNG 格式的照片')).toBeTruthy();
  expect(await screen.findByText('服务暂时不可用，请稍后重试')).toBeTruthy();
  expect(screen.getAllByText('移除')).toHaveLength(2);
  expect(screen.getAllByText('重试')).toHaveLength(1);
});

it('cancelling the picker adds nothing', async () => {
  fakeApi({});
  render(<StationPhotoEditor stationId={stationId} initial={[]} />);
  pickNext([]);
  fireEvent.click(screen.getByText('添加照片'));
  await Promise.resolve();
  expect(screen.queryByText('移除')).toBeNull();
  expect(screen.getByText('驿站照片（0/6）')).toBeTruthy();
});

it('marks photos WeChat’s picture check holds or refused, with what that means', () => {
  fakeApi({});
  render(
    <StationPhotoEditor
      stationId={stationId}
      initial={[
        {
          id: 'p1',
          thumbUrl: 'https://x/1',
          url: 'https://x/1',
          contentCheck: 'pending',
          notice: '正在进行内容安全检查，通过后其他人才能看到',
        },
        {
          id: 'p2',
          thumbUrl: 'https://x/2',
          url: 'https://x/2',
          contentCheck: 'refused',
          notice: '未通过内容安全检查，其他人看不到，请删除后换一张',
        },
        { id: 'p3', thumbUrl: 'https://x/3', url: 'https://x/3' },
      ]}
    />,
  );
  expect(screen.getByText('正在进行内容安全检查，通过后其他人才能看到')).toBeTruthy();
  expect(screen.getByText('未通过内容安全检查，其他人看不到，请删除后换一张').className).toContain('photo-tile__check--refused');
  expect(screen.getAllByText('删除')).toHaveLength(3);
});
