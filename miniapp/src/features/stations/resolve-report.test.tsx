import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { jpegBytes, pickNext } from '../../../test-support/photo-picker';
import { ReportQueue } from './report-queue';

// a supervisor's failed item, opened at 07:30 on Monday 30 November in Beijing
const photo = (id: string) => ({ id, thumbUrl: `https://files.test/${id}-thumb.jpg`, url: `https://files.test/${id}.jpg` });
const task = {
  id: 'rp-7',
  stationId: 'st-1',
  stationName: '卢沟桥驿站',
  orgId: 'fengtai-lugouqiao',
  type: 'inspection-failed',
  status: 'open',
  note: '微波炉插电不亮',
  reporterName: '王*傅',
  createdAt: '2026-11-29T23:30:00.000Z',
  source: 'inspection',
  inspectionId: 'in-1',
  item: 'microwave-works',
  photos: [photo('e1'), photo('e2')],
};
const resolved = {
  ...task,
  status: 'resolved',
  resolvedAt: '2026-11-30T02:00:00.000Z',
  resolvedBy: '李老师',
  resolutionNote: '已换新微波炉',
  resolutionPhotos: [photo('r1')],
};
const uploadId = '0b6b1c1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e';
const ticket = {
  uploadId,
  url: 'https://storage.test/b',
  fields: { key: `evidence/uploads/u/${uploadId}` },
  maxBytes: 5242880,
  expiresAt: '2026-11-30T02:10:00.000Z',
};

const jpeg = (size: number) => new File([jpegBytes(size)], 'fixed.jpg', { type: 'image/jpeg' });

/** Object storage as the browser reaches it (XMLHttpRequest): every POST answers `status`. */
const stored: { url: string; fields: string[] }[] = [];
class StorageXhr {
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  status = 0;
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private url = '';
  static status = 204;
  open(_method: string, url: string) {
    this.url = url;
  }
  send(form: FormData) {
    const fields: string[] = [];
    form.forEach((_value, name) => fields.push(name));
    stored.push({ url: this.url, fields });
    setTimeout(() => {
      this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 });
      this.status = StorageXhr.status;
      if (this.status) this.onload?.();
      else this.onerror?.();
    }, 0);
  }
}

const previews: unknown[] = [];
beforeAll(() => {
  URL.createObjectURL = () => 'blob:picked';
  Object.assign(globalThis, { XMLHttpRequest: StorageXhr });
  Object.assign(Taro, { previewImage: async (opts: unknown) => (previews.push(opts), { errMsg: 'previewImage:ok' }) });
});
beforeEach(() => {
  stored.length = 0;
  previews.length = 0;
  StorageXhr.status = 204;
});
afterEach(() => jest.restoreAllMocks());

it('an inspection task says 检查发现 and which item failed, by which supervisor, with its photos (a tap opens them)', async () => {
  fakeApi({ 'GET /staff/reports': [200, { reports: [task] }] });
  render(<ReportQueue />);
  await screen.findByText('检查发现：「微波炉能用」不合格');
  const card = document.querySelector('[data-report="rp-7"]')!;
  expect(card.textContent).toContain('监督员检查');
  expect(card.textContent).toContain('卢沟桥驿站 · 监督员 王*傅 · 11月30日 周一 07:30');
  expect(card.textContent).toContain('微波炉插电不亮');
  const thumbs = Array.from(card.querySelectorAll('.task-photo'));
  expect(thumbs.map((t) => t.getAttribute('src'))).toEqual([photo('e1').thumbUrl, photo('e2').thumbUrl]);

  fireEvent.click(thumbs[1]!);
  expect(previews).toEqual([{ urls: [photo('e1').url, photo('e2').url], current: photo('e2').url }]);
});

it('resolving with a note and a photo: the photo goes to storage first, then ResolveReport names it', async () => {
  let done = false;
  const api = fakeApi({
    'GET /staff/reports': () => [200, { reports: done ? [] : [task] }],
    'POST /evidence/uploads': [201, ticket],
    'POST /staff/reports/rp-7/resolve': () => ((done = true), [200, resolved]),
  });
  render(<ReportQueue />);
  fireEvent.click(await screen.findByText('已处理', { selector: 'button' }));
  fireEvent.change(screen.getByPlaceholderText(/做了什么/), { target: { value: ' 已换新微波炉 ' } });
  pickNext([jpeg(2048)]);
  fireEvent.click(screen.getByText('添加照片'));

  expect(await screen.findByText('已上传')).toBeTruthy();
  expect(api.sent('POST /evidence/uploads')).toEqual([{ contentType: 'image/jpeg', size: 2048 }]);
  // S3's presigned POST: the policy fields first, the file last
  expect(stored).toEqual([{ url: 'https://storage.test/b', fields: ['key', 'file'] }]);

  fireEvent.click(screen.getByText('确认已处理'));
  await waitFor(() => expect(document.querySelector('[data-report="rp-7"]')).toBeNull());
  expect(api.sent('POST /staff/reports/rp-7/resolve')).toEqual([{ note: '已换新微波炉', photo: uploadId }]);
  expect(taroFake.toasts).toEqual([{ title: '已标记处理', icon: 'success' }]);
});

it('a photo storage refuses is said beside it with 移除 only; a failed network offers 重试; 确认已处理 sends nothing until it is up', async () => {
  const api = fakeApi({ 'GET /staff/reports': [200, { reports: [task] }], 'POST /evidence/uploads': [201, ticket] });
  render(<ReportQueue />);
  fireEvent.click(await screen.findByText('已处理', { selector: 'button' }));

  StorageXhr.status = 403;
  pickNext([jpeg(2048)]);
  fireEvent.click(screen.getByText('添加照片'));
  expect(await screen.findByText('照片不符合要求（格式或大小），未能上传')).toBeTruthy();
  expect(screen.queryByText('重试')).toBeNull();
  fireEvent.click(screen.getByText('确认已处理'));
  expect(await screen.findByText('照片还没有上传成功，请重试或移除后再提交')).toBeTruthy();
  expect(api.sent('POST /staff/reports/rp-7/resolve')).toHaveLength(0);

  fireEvent.click(screen.getByText('移除'));
  StorageXhr.status = 0;
  pickNext([jpeg(4096)]);
  fireEvent.click(screen.getByText('添加照片'));
  expect(await screen.findByText('上传失败，请检查网络后重试')).toBeTruthy();
  StorageXhr.status = 204;
  fireEvent.click(screen.getByText('重试'));
  expect(await screen.findByText('已上传')).toBeTruthy();
});

it('a file that is not a JPG or PNG is refused beside the photo before anything is sent', async () => {
  const api = fakeApi({ 'GET /staff/reports': [200, { reports: [task] }] });
  render(<ReportQueue />);
  fireEvent.click(await screen.findByText('已处理', { selector: 'button' }));
  pickNext([new File(['这不是照片'], 'fake.jpg', { type: 'image/jpeg' })]);
  fireEvent.click(screen.getByText('添加照片'));
  expect(await screen.findByText('只能上传 JPG 或 PNG 格式的照片')).toBeTruthy();
  expect(api.sent('POST /evidence/uploads')).toHaveLength(0);
});

it('the API’s problem with the note or the photo is said beside it; 取消 closes the form', async () => {
  fakeApi({
    'GET /staff/reports': [200, { reports: [task] }],
    'POST /staff/reports/rp-7/resolve': [
      400,
      {
        code: 'invalid_input',
        message: '请检查填写的内容',
        fieldErrors: { note: ['不能包含控制字符'], photo: ['这张照片已过期，请重新上传'] },
      },
    ],
  });
  render(<ReportQueue />);
  fireEvent.click(await screen.findByText('已处理', { selector: 'button' }));
  const note = screen.getByPlaceholderText(/做了什么/);
  fireEvent.change(note, { target: { value: '好' } });
  fireEvent.click(screen.getByText('确认已处理'));

  expect((await screen.findByText('不能包含控制字符')).previousElementSibling).toBe(note);
  expect(screen.getByText('这张照片已过期，请重新上传').previousElementSibling!.textContent).toBe('添加照片');
  expect(screen.getByText('请按上面的提示修改后再提交')).toBeTruthy();
  expect(taroFake.toasts).toEqual([]);

  fireEvent.click(screen.getByText('取消'));
  expect(screen.queryByText('确认已处理')).toBeNull();
  expect(screen.getByText('已处理', { selector: 'button' })).toBeTruthy();
});

it('the photo is a tile: the picture, then 已上传, then 移除, each under the other; refused at 确认已处理, the tile says why', async () => {
  const UNREADABLE = '这张照片无法识别（文件可能已损坏或尺寸过大），请换一张';
  const api = fakeApi({
    'GET /staff/reports': [200, { reports: [task] }],
    'POST /evidence/uploads': [201, ticket],
    'POST /staff/reports/rp-7/resolve': [400, { code: 'bad_request', message: UNREADABLE, fieldErrors: { photo: [UNREADABLE] } }],
  });
  render(<ReportQueue />);
  fireEvent.click(await screen.findByText('已处理', { selector: 'button' }));
  pickNext([jpeg(2048)]);
  fireEvent.click(screen.getByText('添加照片'));
  await screen.findByText('已上传');
  const tile = document.querySelector('.resolve-form .upload-tile') as HTMLElement;
  expect(Array.from(tile.children).map((c) => c.className || c.textContent)).toEqual([
    'upload-tile__image',
    'upload-tile__done',
    'upload-tile__button upload-tile__button--remove',
  ]);

  fireEvent.click(screen.getByText('确认已处理'));
  const said = await within(tile).findByText(UNREADABLE);
  expect(said.className).toContain('field-error');
  expect(tile.className).toContain('upload-tile--failed');
  expect(within(tile).queryByText('已上传')).toBeNull();
  expect(within(tile).queryByText('重试')).toBeNull();
  expect(screen.getAllByText(UNREADABLE)).toHaveLength(1);

  // sent again without removing it: nothing is sent, the photo is what to change
  fireEvent.click(screen.getByText('确认已处理'));
  expect(await screen.findByText('照片还没有上传成功，请重试或移除后再提交')).toBeTruthy();
  expect(api.sent('POST /staff/reports/rp-7/resolve')).toHaveLength(1);
  fireEvent.click(within(tile).getByText('移除'));
  expect(screen.queryByText(UNREADABLE)).toBeNull();
  expect(screen.getByText('添加照片')).toBeTruthy();
});

it('a resolved task shows who resolved it, when, what was done and the photo of it', async () => {
  fakeApi({ 'GET /staff/reports': (_b, q) => [200, { reports: q.get('status') === 'resolved' ? [resolved] : [] }] });
  render(<ReportQueue />);
  await screen.findByText('没有待处理的问题');
  fireEvent.click(screen.getByText('已处理', { selector: '.chip span' }));
  await screen.findByText('处理说明：已换新微波炉');
  const card = document.querySelector('[data-report="rp-7"]')!;
  expect(card.textContent).toContain('由 李老师 处理（11月30日 周一 10:00）');
  expect(card.textContent).toContain('整改照片');
  expect(Array.from(card.querySelectorAll('.task-photo')).map((t) => t.getAttribute('src'))).toEqual([
    photo('e1').thumbUrl,
    photo('e2').thumbUrl,
    photo('r1').thumbUrl,
  ]);
});
