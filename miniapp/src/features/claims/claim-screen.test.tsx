import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { Claim } from '@shared/schemas/claim';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { jpegBytes, pickNext } from '../../../test-support/photo-picker';
import { claim, page } from '../../../test-support/claim-data';
import { bySlot, ClaimScreen } from './claim-screen';

const previews: { urls: string[]; current: string }[] = [];
jest.mock('@tarojs/taro', () => {
  const fake = jest.requireActual('@tarojs/taro');
  return {
    __esModule: true,
    ...fake,
    default: { ...fake.default, previewImage: async (o: { urls: string[]; current: string }) => (previews.push(o), { errMsg: 'ok' }) },
  };
});
// the presigned POST to object storage: the test sees its progress, not the network
jest.mock('../../lib/photo-upload', () => ({
  ...jest.requireActual('../../lib/photo-upload'),
  uploadPhoto: async (_target: unknown, _photo: unknown, onProgress: (p: number) => void) => onProgress(100),
}));

const uploadId = '0b8c5a52-3f4e-4d6a-9a51-2c1f5e7d9a10';
const scrolledTo: Element[] = [];
beforeAll(() => {
  URL.createObjectURL = () => 'blob:picked';
  Element.prototype.scrollIntoView = function (this: Element) {
    scrolledTo.push(this);
  };
});
beforeEach(() => {
  scrolledTo.length = 0;
  previews.length = 0;
});
afterEach(() => jest.restoreAllMocks());

const slotOf = (container: HTMLElement, item: string) => container.querySelector(`[data-slot="${item}"]`) as HTMLElement;
const withPages = (c: Claim, pages: Record<string, string[]>, over: Partial<Claim> = {}): Claim => ({
  ...c,
  ...over,
  slots: c.slots.map((s) => ({ ...s, pages: (pages[s.item] ?? []).map(page) })),
});

it('shows the checklist as slots: label, hint, 必交 / 选交, pages so far, and the progress over required items', async () => {
  fakeApi({ 'GET /me/claims/cl-1': [200, withPages(claim(), { diagnosis: ['p1'] })] });
  const { container } = render(<ClaimScreen claimId="cl-1" />);
  await screen.findByText('理赔材料');
  expect(container.querySelector('.claim-progress')?.textContent).toBe('已拍 1/2 项必交材料');
  expect(screen.getByText('最晚 5月19日 周三 提交。每项可拍多页，点照片可放大查看。')).toBeTruthy();
  const diagnosis = slotOf(container, 'diagnosis');
  expect(within(diagnosis).getByText('诊断证明')).toBeTruthy();
  expect(within(diagnosis).getByText('医院盖章的诊断证明书')).toBeTruthy();
  expect(within(diagnosis).getByText('必交')).toBeTruthy();
  expect(diagnosis.textContent).toContain('1/5 页');
  expect(within(diagnosis).getByText('第 1 页')).toBeTruthy();
  expect(within(slotOf(container, 'other')).getByText('选交')).toBeTruthy();
  expect(within(slotOf(container, 'bank-card')).getByText('拍照 / 添加')).toBeTruthy();
  expect(screen.getByText('提交理赔申请')).toBeTruthy();

  // a thumbnail opens the slot's pages full size
  fireEvent.click(diagnosis.querySelector('img')!);
  expect(previews).toEqual([{ urls: ['https://storage.test/p1.jpg'], current: 'https://storage.test/p1.jpg' }]);
});

it('a photo goes up into its slot: a presigned POST, then the page is put in, and it shows', async () => {
  const api = fakeApi({
    'GET /me/claims/cl-1': [200, claim()],
    'POST /claims/cl-1/uploads': [201, { uploadId, url: 'https://storage.test/claims', fields: { key: `claims/uploads/m1/${uploadId}` } }],
    'POST /claims/cl-1/pages': [200, withPages(claim(), { diagnosis: ['p1'] }, { version: 2 })],
  });
  const { container } = render(<ClaimScreen claimId="cl-1" />);
  await screen.findByText('理赔材料');
  pickNext([new File([jpegBytes(1000)], 'diagnosis.jpg', { type: 'image/jpeg' })]);
  fireEvent.click(within(slotOf(container, 'diagnosis')).getByText('拍照 / 添加'));

  await waitFor(() => expect(within(slotOf(container, 'diagnosis')).getByText('第 1 页')).toBeTruthy());
  expect(api.sent('POST /claims/cl-1/uploads')).toEqual([{ item: 'diagnosis', contentType: 'image/jpeg', size: 1000 }]);
  expect(api.sent('POST /claims/cl-1/pages')).toEqual([{ item: 'diagnosis', uploadId }]);
  expect(slotOf(container, 'diagnosis').querySelector('img')!.getAttribute('src')).toBe('https://storage.test/p1-thumb.jpg');
  expect(container.querySelector('.claim-progress')?.textContent).toBe('已拍 1/2 项必交材料');
});

it('once the photo is up, the tile says 正在检查照片… while the server checks it (not 上传中 99%)', async () => {
  let answer: (reply: [number, unknown]) => void = () => undefined;
  fakeApi({
    'GET /me/claims/cl-1': [200, claim()],
    'POST /claims/cl-1/uploads': [201, { uploadId, url: 'https://storage.test/claims', fields: {} }],
  });
  const respond = taroFake.respond;
  // POST …/pages waits until the test answers it: the server is checking the photo
  taroFake.respond = (request) =>
    request.url.endsWith('/claims/cl-1/pages')
      ? new Promise((resolve) => (answer = ([statusCode, data]) => resolve({ statusCode, data })))
      : respond(request);
  const { container } = render(<ClaimScreen claimId="cl-1" />);
  await screen.findByText('理赔材料');
  pickNext([new File([jpegBytes(1000)], 'diagnosis.jpg', { type: 'image/jpeg' })]);
  fireEvent.click(within(slotOf(container, 'diagnosis')).getByText('拍照 / 添加'));

  expect(await within(slotOf(container, 'diagnosis')).findByText('正在检查照片…')).toBeTruthy();
  expect(within(slotOf(container, 'diagnosis')).queryByText(/上传中/)).toBeNull();
  answer([200, withPages(claim(), { diagnosis: ['p1'] }, { version: 2 })]);
  await waitFor(() => expect(within(slotOf(container, 'diagnosis')).getByText('第 1 页')).toBeTruthy());
  expect(within(slotOf(container, 'diagnosis')).queryByText('正在检查照片…')).toBeNull();
});

it('a file that is no JPG or PNG, or too large, is refused beside its slot and never sent', async () => {
  const api = fakeApi({ 'GET /me/claims/cl-1': [200, claim()] });
  const { container } = render(<ClaimScreen claimId="cl-1" />);
  await screen.findByText('理赔材料');
  pickNext([new File([new Uint8Array([0x47, 0x49, 0x46, 0x38])], 'scan.gif', { type: 'image/gif' })]);
  fireEvent.click(within(slotOf(container, 'other')).getByText('拍照 / 添加'));
  expect(await within(slotOf(container, 'other')).findByText('只能上传 JPG 或 PNG 格式的照片')).toBeTruthy();

  pickNext([new File([jpegBytes(6 * 1024 * 1024)], 'big.jpg', { type: 'image/jpeg' })]);
  fireEvent.click(within(slotOf(container, 'bank-card')).getByText('拍照 / 添加'));
  expect(await within(slotOf(container, 'bank-card')).findByText('照片不能超过 5 MB，请换一张或压缩后再传')).toBeTruthy();
  expect(api.sent('POST /claims/cl-1/uploads')).toEqual([]);
});

it('a failed upload stays as a tile with 重试, and trying again puts it in', async () => {
  let tries = 0;
  fakeApi({
    'GET /me/claims/cl-1': [200, claim()],
    'POST /claims/cl-1/uploads': () =>
      ++tries === 1
        ? [503, { code: 'unavailable', message: '服务繁忙，请稍后重试' }]
        : [201, { uploadId, url: 'https://storage.test/claims', fields: {} }],
    'POST /claims/cl-1/pages': [200, withPages(claim(), { 'bank-card': ['p9'] }, { version: 2 })],
  });
  const { container } = render(<ClaimScreen claimId="cl-1" />);
  await screen.findByText('理赔材料');
  pickNext([new File([jpegBytes(500)], 'card.jpg', { type: 'image/jpeg' })]);
  fireEvent.click(within(slotOf(container, 'bank-card')).getByText('拍照 / 添加'));
  const bank = slotOf(container, 'bank-card');
  expect(await within(bank).findByText('服务繁忙，请稍后重试')).toBeTruthy();
  fireEvent.click(within(bank).getByText('重试'));
  await waitFor(() => expect(within(slotOf(container, 'bank-card')).getByText('第 1 页')).toBeTruthy());
  expect(within(slotOf(container, 'bank-card')).queryByText('重试')).toBeNull();
  // the slot is full (1 page at most): no more 添加
  expect(within(slotOf(container, 'bank-card')).queryByText('再加几页')).toBeNull();
});

it('提交 with a required slot empty says so beside that slot, scrolls there, and sends nothing', async () => {
  const api = fakeApi({ 'GET /me/claims/cl-1': [200, withPages(claim(), { diagnosis: ['p1'] })] });
  const { container } = render(<ClaimScreen claimId="cl-1" />);
  await screen.findByText('理赔材料');
  fireEvent.click(screen.getByText('提交理赔申请'));
  const bank = slotOf(container, 'bank-card');
  expect(within(bank).getByText('请拍「银行卡」：这是必交材料')).toBeTruthy();
  expect(within(slotOf(container, 'diagnosis')).queryByText(/必交材料$/)).toBeNull();
  expect(within(slotOf(container, 'other')).queryByText(/必交材料$/)).toBeNull();
  expect(container.querySelector('.claim-submit .action-error')?.textContent).toBe('请按上面的提示修改后再提交');
  await waitFor(() => expect(scrolledTo[0]?.textContent).toBe('请拍「银行卡」：这是必交材料'));
  expect(api.sent('POST /claims/cl-1/submit')).toEqual([]);
});

it("the server's field errors go beside their slots (however it names them)", async () => {
  fakeApi({
    'GET /me/claims/cl-1': [200, withPages(claim(), { diagnosis: ['p1'], 'bank-card': ['p2'] })],
    'POST /claims/cl-1/submit': [
      422,
      { code: 'invalid', message: '请按提示补齐材料', fieldErrors: { 'slots.diagnosis': ['诊断证明须有医院盖章的那一页'] } },
    ],
  });
  const { container } = render(<ClaimScreen claimId="cl-1" />);
  await screen.findByText('理赔材料');
  fireEvent.click(screen.getByText('提交理赔申请'));
  expect(await within(slotOf(container, 'diagnosis')).findByText('诊断证明须有医院盖章的那一页')).toBeTruthy();

  const slots = claim().slots;
  expect(bySlot({ 'items.bank-card': ['a'], 'slots.2': ['b'], diagnosis: ['c'], version: ['d'] }, slots)).toEqual({
    'slots.bank-card': ['a'],
    'slots.other': ['b'],
    'slots.diagnosis': ['c'],
    version: ['d'],
  });
});

it('submits with the version seen; then a toast, the status, and the slots read-only', async () => {
  const before = withPages(claim(), { diagnosis: ['p1'], 'bank-card': ['p2'] }, { version: 3 });
  const after = withPages(
    claim(),
    { diagnosis: ['p1'], 'bank-card': ['p2'] },
    {
      version: 4,
      status: 'submitted',
      submittedAt: '2026-11-30T03:00:00.000Z',
      timeline: [...claim().timeline, { at: '2026-11-30T03:00:00.000Z', status: 'submitted' }],
    },
  );
  const api = fakeApi({ 'GET /me/claims/cl-1': [200, before], 'POST /claims/cl-1/submit': [200, after] });
  const { container } = render(<ClaimScreen claimId="cl-1" />);
  await screen.findByText('理赔材料');
  fireEvent.click(screen.getByText('提交理赔申请'));
  await waitFor(() => expect(taroFake.toasts.map((t) => t.title)).toEqual(['理赔申请已提交']));
  expect(api.sent('POST /claims/cl-1/submit')).toEqual([{ version: 3 }]);
  expect(screen.getAllByText('待审核').length).toBeGreaterThan(0);
  expect(screen.queryByText('提交理赔申请')).toBeNull();
  expect(within(slotOf(container, 'diagnosis')).queryByText('删除')).toBeNull();
  expect(within(slotOf(container, 'diagnosis')).queryByText('再加几页')).toBeNull();
  expect(within(container.querySelector('[data-timeline]') as HTMLElement).getByText('11月30日 周一 11:00')).toBeTruthy();
});

it('材料需要补充: the note for each requested item above its slot, 补充材料 there, and 提交补充材料', async () => {
  const asked = withPages(
    claim(),
    { diagnosis: ['p1'], 'bank-card': ['p2'] },
    {
      status: 'needs-more',
      version: 5,
      timeline: [
        ...claim().timeline,
        { at: '2026-11-30T03:00:00.000Z', status: 'submitted' },
        { at: '2026-12-01T01:30:00.000Z', status: 'needs-more', note: '需补充：诊断证明（第 2 页看不清）', by: '张*任' },
      ],
    },
  );
  asked.slots[0] = { ...asked.slots[0]!, requested: { note: '第 2 页看不清，请重拍', at: '2026-12-01T01:30:00.000Z' } };
  const api = fakeApi({
    'GET /me/claims/cl-1': [200, asked],
    'POST /claims/cl-1/submit': [200, { ...asked, status: 'submitted', version: 6 }],
  });
  const { container } = render(<ClaimScreen claimId="cl-1" />);
  await screen.findByText('理赔材料');
  const diagnosis = slotOf(container, 'diagnosis');
  const note = within(diagnosis).getByText('需补充：第 2 页看不清，请重拍');
  expect(note.className).toContain('claim-slot__requested');
  // above the slot's name
  expect(note.compareDocumentPosition(within(diagnosis).getByText('诊断证明')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  expect(within(diagnosis).getByText('补充材料')).toBeTruthy();
  expect(within(slotOf(container, 'bank-card')).queryByText(/需补充/)).toBeNull();
  const timeline = container.querySelector('[data-timeline]') as HTMLElement;
  expect(within(timeline).getByText('需补充：诊断证明（第 2 页看不清）')).toBeTruthy();
  expect(within(timeline).getByText('12月1日 周二 09:30 · 张*任')).toBeTruthy();

  fireEvent.click(screen.getByText('提交补充材料'));
  await waitFor(() => expect(taroFake.toasts.map((t) => t.title)).toEqual(['已提交补充材料']));
  expect(api.sent('POST /claims/cl-1/submit')).toEqual([{ version: 5 }]);
  expect(screen.queryByText('需补充：第 2 页看不清，请重拍')).toBeNull();
});

it('a page is removed only after a red confirm', async () => {
  const api = fakeApi({
    'GET /me/claims/cl-1': [200, withPages(claim(), { diagnosis: ['p1', 'p2'] })],
    'DELETE /claims/cl-1/pages/p2': [200, withPages(claim(), { diagnosis: ['p1'] }, { version: 2 })],
  });
  const { container } = render(<ClaimScreen claimId="cl-1" />);
  await screen.findByText('理赔材料');
  taroFake.modalAnswer = false;
  fireEvent.click(within(slotOf(container, 'diagnosis')).getAllByText('删除')[1]!);
  await waitFor(() => expect(taroFake.modals).toHaveLength(1));
  expect(taroFake.modals[0]).toMatchObject({ title: '删除「诊断证明」第 2 页？', confirmText: '删除', confirmColor: '#c8102e' });
  expect(taroFake.requests.filter((r) => r.method === 'DELETE')).toEqual([]);

  taroFake.modalAnswer = true;
  fireEvent.click(within(slotOf(container, 'diagnosis')).getAllByText('删除')[1]!);
  await waitFor(() => expect(within(slotOf(container, 'diagnosis')).queryByText('第 2 页')).toBeNull());
  expect(api.urls('DELETE /claims/cl-1/pages/p2')).toHaveLength(1);
  expect(taroFake.toasts.map((t) => t.title)).toEqual(['已删除']);
});

it('paid: the amounts as money, the date, and every step in Beijing time', async () => {
  fakeApi({
    'GET /me/claims/cl-1': [
      200,
      withPages(
        claim(),
        { diagnosis: ['p1'], 'bank-card': ['p2'] },
        {
          status: 'paid',
          version: 9,
          amountFen: 4_000_000,
          paidFen: 4_000_000,
          paidOn: '2026-12-20',
          reference: 'BJ-2026-0815',
          timeline: [
            { at: '2026-11-30T03:00:00.000Z', status: 'submitted' },
            { at: '2026-12-02T02:00:00.000Z', status: 'approved', note: '核准 ¥40,000.00', by: '张*任' },
            { at: '2026-12-05T02:00:00.000Z', status: 'forwarded', note: '报送编号 BJ-2026-0815', by: '张*任' },
            { at: '2026-12-20T08:00:00.000Z', status: 'paid', note: '已赔付 ¥40,000.00', by: '李*' },
          ],
        },
      ),
    ],
  });
  const { container } = render(<ClaimScreen claimId="cl-1" />);
  await screen.findByText('理赔材料');
  const status = container.querySelector('[data-status="paid"]') as HTMLElement;
  expect(within(status).getByText('¥40,000.00')).toBeTruthy();
  // date-only values as every date a person reads: the day and its weekday
  expect(within(status).getByText('¥40,000.00（12月20日 周日）')).toBeTruthy();
  expect(container.querySelector('.page-header__sub')!.textContent).toBe('重大疾病 · 事发 11月20日 周五');
  expect(within(status).getByText('BJ-2026-0815')).toBeTruthy();
  const timeline = container.querySelector('[data-timeline]') as HTMLElement;
  expect(
    within(timeline)
      .getAllByText(/^(待审核|已核准|已报送市总|已赔付)$/)
      .map((e) => e.textContent),
  ).toEqual(['待审核', '已核准', '已报送市总', '已赔付']);
  expect(within(timeline).getByText('12月20日 周日 16:00 · 李*')).toBeTruthy();
  expect(screen.queryByText('提交理赔申请')).toBeNull();
});
