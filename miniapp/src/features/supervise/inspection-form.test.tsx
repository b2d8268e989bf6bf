import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { byItem, InspectionForm, NO_POSITION } from './inspection-form';

// where the phone is when 提交检查 is tapped (a browser gives WGS-84)
let mockPosition: { latitude?: number; longitude?: number; errMsg: string } = {
  latitude: 39.859287,
  longitude: 116.248076,
  errMsg: 'getLocation:ok',
};
jest.mock('@tarojs/taro', () => {
  const fake = jest.requireActual('@tarojs/taro');
  return { __esModule: true, ...fake, default: { ...fake.default, getLocation: async () => mockPosition } };
});
// the presigned POST to object storage: the test sees its progress, not the network
jest.mock('../../lib/photo-upload', () => ({
  ...jest.requireActual('../../lib/photo-upload'),
  uploadPhoto: async (_target: unknown, _photo: unknown, onProgress: (p: number) => void) => onProgress(100),
}));

const uploadId = '0b8c5a52-3f4e-4d6a-9a51-2c1f5e7d9a10';
const station = {
  id: 'st-1',
  externalId: 'demo-1',
  name: '卢沟桥便利店工会驿站3号',
  address: '北京市丰台区卢沟桥街道京周南路188号',
  orgId: 'fengtai-lugouqiao',
  kind: 'union-station',
  location: { lat: 39.8605, lng: 116.2541 },
  amenities: ['hot-water'],
  hours: { allDay: true, weekly: [[], [], [], [], [], [], []] },
  photos: [],
  honours: [],
  status: 'open',
  updatedAt: '2026-11-01T00:00:00.000Z',
};
const detail = (supervising = true) => ({
  station,
  openState: 'all-day',
  orgName: '卢沟桥街道总工会',
  gallery: [],
  live: { todayVisits: 0, reports: [] },
  verification: { unverified: true },
  supervising,
});

/** The H5 file picker: the next hidden <input type=file> clicked gets these files, as if the person chose them. */
function pickNext(files: File[]) {
  jest.spyOn(HTMLInputElement.prototype, 'click').mockImplementationOnce(function (this: HTMLInputElement) {
    Object.defineProperty(this, 'files', { value: files });
    this.onchange?.(new Event('change'));
  });
}
const jpeg = () => new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4])], 'door.jpg', { type: 'image/jpeg' });

const scrolledTo: Element[] = [];
beforeAll(() => {
  URL.createObjectURL = () => 'blob:picked';
  Element.prototype.scrollIntoView = function (this: Element) {
    scrolledTo.push(this);
  };
});
beforeEach(() => {
  scrolledTo.length = 0;
  mockPosition = { latitude: 39.859287, longitude: 116.248076, errMsg: 'getLocation:ok' };
});
afterEach(() => jest.restoreAllMocks());

const itemBlock = (container: HTMLElement, item: string) => container.querySelector(`[data-item="${item}"]`) as HTMLElement;
const choose = (container: HTMLElement, item: string, label: string) =>
  fireEvent.click(within(itemBlock(container, item)).getByText(label));
const sevenItems = ['site', 'sign', 'facilities', 'publicity', 'service', 'rules', 'results'];
const submitButton = () => screen.getByText('提交检查');

function serve(inspect: Parameters<typeof fakeApi>[0][string] = [201, { id: 'in-1' }]) {
  return fakeApi({
    'GET /stations/st-1': [200, detail()],
    'POST /evidence/uploads': [201, { uploadId, url: 'https://storage.test/evidence', fields: { key: `evidence/uploads/u1/${uploadId}` } }],
    'POST /stations/st-1/inspections': inspect,
  });
}

it('every 七有 item must be judged: each unjudged one is said beside it, scrolled to, and nothing is sent', async () => {
  const api = serve();
  const { container } = render(<InspectionForm stationId="st-1" />);
  await screen.findByText('有场地');
  choose(container, 'site', '合格');
  choose(container, 'sign', '合格');
  fireEvent.click(submitButton());

  const unjudged = sevenItems.filter((item) => within(itemBlock(container, item)).queryByText('请选择合格或不合格'));
  expect(unjudged).toEqual(['facilities', 'publicity', 'service', 'rules', 'results']);
  expect(container.querySelector('.inspect-submit .action-error')?.textContent).toBe('请按上面的提示修改后再提交');
  await waitFor(() => expect(scrolledTo[0]?.textContent).toBe('请选择合格或不合格'));
  expect(itemBlock(container, 'facilities').contains(scrolledTo[0]!)).toBe(true);
  expect(api.sent('POST /stations/st-1/inspections')).toEqual([]);

  // judging an item takes its message away
  choose(container, 'facilities', '不合格');
  expect(within(itemBlock(container, 'facilities')).queryByText('请选择合格或不合格')).toBeNull();
});

it('a failed item needs a note: said beside its box until one is written', async () => {
  const api = serve();
  const { container } = render(<InspectionForm stationId="st-1" />);
  await screen.findByText('有场地');
  for (const item of sevenItems) choose(container, item, item === 'sign' ? '不合格' : '合格');
  fireEvent.click(submitButton());

  const sign = itemBlock(container, 'sign');
  expect(within(sign).getByText('不合格的项目请写明问题')).toBeTruthy();
  expect(container.querySelectorAll('.inspect-item .field-error')).toHaveLength(1);
  expect(api.sent('POST /stations/st-1/inspections')).toEqual([]);

  fireEvent.change(sign.querySelector('textarea')!, { target: { value: '门口标识牌脱落' } });
  expect(within(sign).queryByText('不合格的项目请写明问题')).toBeNull();
});

it('submits the judged items with notes, photos and the position; then the inspection opens', async () => {
  const api = serve();
  const { container } = render(<InspectionForm stationId="st-1" />);
  await screen.findByText('有场地');
  for (const item of sevenItems) choose(container, item, item === 'sign' ? '不合格' : '合格');
  const sign = itemBlock(container, 'sign');
  fireEvent.change(sign.querySelector('textarea')!, { target: { value: '门口标识牌脱落' } });
  pickNext([jpeg()]);
  fireEvent.click(within(sign).getByText('拍照 / 添加照片'));
  await within(sign).findByText('已上传');
  choose(container, 'water-hot', '不适用');

  fireEvent.click(submitButton());
  await waitFor(() => expect(taroFake.navigations).toHaveLength(1));

  expect(api.sent('POST /evidence/uploads')).toEqual([{ contentType: 'image/jpeg', size: 8 }]);
  const [body] = api.sent('POST /stations/st-1/inspections') as {
    clientRequestId: string;
    position: unknown;
    items: { item: string; result: string; note?: string; photos: string[] }[];
  }[];
  expect(body!.clientRequestId).toMatch(/^[A-Za-z0-9-]{8,64}$/);
  expect(body!.position).toEqual({ lat: 39.859287, lng: 116.248076, coord: 'wgs84' });
  expect(body!.items).toEqual([
    { item: 'site', result: 'pass', photos: [] },
    { item: 'sign', result: 'fail', note: '门口标识牌脱落', photos: [uploadId] },
    ...['facilities', 'publicity', 'service', 'rules', 'results'].map((item) => ({ item, result: 'pass', photos: [] })),
    { item: 'water-hot', result: 'na', photos: [] },
  ]);
  expect(taroFake.toasts.map((t) => t.title)).toEqual(['检查已提交']);
  expect(taroFake.navigations).toEqual([{ how: 'redirectTo', url: '/supervise/pages/inspection/index?id=in-1' }]);
});

it('too far from the station: the distance is said beside 提交检查; a problem with an item beside that item', async () => {
  let answer: [number, unknown] = [
    400,
    {
      code: 'bad_request',
      message: '提交的内容有误',
      fieldErrors: { position: ['您距离驿站约 5.0 公里，须在驿站 200 米内提交检查'] },
    },
  ];
  const api = serve(() => answer);
  const { container } = render(<InspectionForm stationId="st-1" />);
  await screen.findByText('有场地');
  for (const item of sevenItems) choose(container, item, '合格');
  choose(container, 'microwave-works', '不合格');
  fireEvent.change(itemBlock(container, 'microwave-works').querySelector('textarea')!, { target: { value: '微波炉不加热' } });

  fireEvent.click(submitButton());
  const far = await screen.findByText('您距离驿站约 5.0 公里，须在驿站 200 米内提交检查');
  expect(far.className).toContain('action-error');
  expect(container.querySelector('.inspect-submit')!.contains(far)).toBe(true);

  // the server counts items as sent: the eighth (index 7) is the microwave
  answer = [400, { code: 'bad_request', message: '提交的内容有误', fieldErrors: { 'items.7.photos.0': ['照片不是 JPG 或 PNG 图片'] } }];
  fireEvent.click(submitButton());
  const photo = await screen.findByText('照片不是 JPG 或 PNG 图片');
  expect(itemBlock(container, 'microwave-works').contains(photo)).toBe(true);
  expect(container.querySelector('.inspect-submit .action-error')?.textContent).toBe('请按上面的提示修改后再提交');
  // one inspection, retried: the same request id
  const ids = (api.sent('POST /stations/st-1/inspections') as { clientRequestId: string }[]).map((b) => b.clientRequestId);
  expect(new Set(ids).size).toBe(1);
  expect(taroFake.navigations).toEqual([]);
});

it('a photo the server refuses at 提交检查 is marked on its own tile (said once, 移除 only); removing it clears the item', async () => {
  const UNREADABLE = '这张照片无法识别（文件可能已损坏或尺寸过大），请换一张';
  let answer: [number, unknown] = [400, { code: 'bad_request', message: UNREADABLE, fieldErrors: { 'items.1.photos.0': [UNREADABLE] } }];
  const api = serve(() => answer);
  const { container } = render(<InspectionForm stationId="st-1" />);
  await screen.findByText('有场地');
  for (const item of sevenItems) choose(container, item, item === 'sign' ? '不合格' : '合格');
  const sign = itemBlock(container, 'sign');
  fireEvent.change(sign.querySelector('textarea')!, { target: { value: '门口标识牌脱落' } });
  pickNext([jpeg()]);
  fireEvent.click(within(sign).getByText('拍照 / 添加照片'));
  await within(sign).findByText('已上传');

  fireEvent.click(submitButton());
  const said = await within(sign).findByText(UNREADABLE);
  const tile = sign.querySelector('.upload-tile')!;
  expect(tile.contains(said)).toBe(true);
  expect(tile.className).toContain('upload-tile--failed');
  expect(within(sign).queryByText('已上传')).toBeNull();
  expect(within(sign).getAllByText(UNREADABLE)).toHaveLength(1);
  expect(within(tile as HTMLElement).queryByText('重试')).toBeNull();
  await waitFor(() => expect(scrolledTo.at(-1)).toBe(said));
  expect(container.querySelector('.inspect-submit .action-error')?.textContent).toBe('请按上面的提示修改后再提交');

  fireEvent.click(within(tile as HTMLElement).getByText('移除'));
  expect(sign.querySelector('.field-error')).toBeNull();
  answer = [201, { id: 'in-1' }];
  fireEvent.click(submitButton());
  await waitFor(() => expect(taroFake.navigations).toHaveLength(1));
  const sent = api.sent('POST /stations/st-1/inspections') as { items: { item: string; photos: string[] }[] }[];
  expect(sent.map((b) => b.items.find((i) => i.item === 'sign')!.photos)).toEqual([[uploadId], []]);
});

it('without a position nothing is sent, and it says why beside 提交检查', async () => {
  mockPosition = { errMsg: 'getLocation:fail auth deny' };
  const api = serve();
  const { container } = render(<InspectionForm stationId="st-1" />);
  await screen.findByText('有场地');
  for (const item of sevenItems) choose(container, item, '合格');
  fireEvent.click(submitButton());
  expect((await screen.findByText(NO_POSITION)).className).toContain('action-error');
  expect(api.sent('POST /stations/st-1/inspections')).toEqual([]);
});

it('someone who does not supervise the station is told so instead of a form', async () => {
  fakeApi({ 'GET /stations/st-1': [200, detail(false)] });
  render(<InspectionForm stationId="st-1" />);
  expect(await screen.findByText('您不是这个驿站的义务监督员')).toBeTruthy();
  expect(screen.queryByText('提交检查')).toBeNull();
});

it('byItem names the API’s items by what was sent', () => {
  expect(byItem({ 'items.1.note': ['a'], 'items.0': ['b'], items: ['c'], position: ['d'] }, ['site', 'sign'])).toEqual({
    'items.sign.note': ['a'],
    'items.site': ['b'],
    items: ['c'],
    position: ['d'],
  });
});
