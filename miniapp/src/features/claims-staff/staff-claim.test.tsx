import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { StaffClaimScreen } from './staff-claim';

const page = (id: string, n: number) => ({ id, thumbUrl: `https://files/thumb-${id}?v=${n}`, url: `https://files/${id}?v=${n}` });
const claim = {
  id: 'cl-1',
  activityId: 'plan-1',
  planTitle: '职工重大疾病互助保障',
  event: 'critical-illness',
  eventLabel: '重大疾病',
  eventDate: '2026-11-02',
  deadline: '2027-05-01',
  status: 'submitted',
  version: 3,
  slots: [
    { item: 'diagnosis', label: '诊断证明', required: true, maxPages: 5, pages: [page('p1', 1), page('p2', 1)] },
    { item: 'invoice', label: '住院发票', required: true, maxPages: 10, pages: [page('p3', 1)] },
    { item: 'bank-card', label: '银行卡', required: false, maxPages: 1, pages: [] },
  ],
  timeline: [
    { at: '2026-11-28T15:30:00.000Z', status: 'draft' },
    { at: '2026-11-29T01:00:00.000Z', status: 'submitted' },
  ],
  consentVersion: '2026-12-01',
  createdAt: '2026-11-28T15:30:00.000Z',
  submittedAt: '2026-11-29T01:00:00.000Z',
  member: { name: '王*勇', memberNo: 'FT-000123', phone: '138****1234', orgName: '卢沟桥街道总工会' },
};
const open = async (extra: object = {}, routes: Parameters<typeof fakeApi>[0] = {}) => {
  const api = fakeApi({ 'GET /staff/claims/cl-1': [200, { ...claim, ...extra }], ...routes });
  render(<StaffClaimScreen claimId="cl-1" />);
  await screen.findByText('查看记录会写入操作日志');
  return api;
};
const action = (name: string) => document.querySelector(`[data-action="${name}"]`) as HTMLElement;
const type = (name: string, value: string) => fireEvent.change(document.querySelector(`[name="${name}"]`)!, { target: { value } });

beforeEach(() => {
  jest.useFakeTimers({ now: new Date('2026-12-01T01:00:00.000Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
});
afterEach(() => jest.useRealTimers());

it('shows who filed it, the plan, event and dates, each material with its pages, and the timeline', async () => {
  const previews: unknown[] = [];
  Object.assign(Taro, { previewImage: async (o: unknown) => void previews.push(o) });
  await open();
  const body = document.body.textContent!;
  for (const text of ['王*勇', 'FT-000123', '138****1234', '卢沟桥街道总工会', '11月2日 周一', '5月1日 周六前', '11月29日 周日 09:00'])
    expect(body).toContain(text);
  const diagnosis = document.querySelector('[data-slot="diagnosis"]')!;
  expect(diagnosis.textContent).toContain('2 页');
  expect(document.querySelector('[data-slot="bank-card"]')!.textContent).toContain('选交 · 未上传');
  expect(Array.from(document.querySelectorAll('[data-step]')).map((s) => s.getAttribute('data-step'))).toEqual(['submitted', 'draft']);

  fireEvent.click(diagnosis.querySelectorAll('img')[1]!);
  await waitFor(() =>
    expect(previews).toEqual([{ urls: ['https://files/p1?v=1', 'https://files/p2?v=1'], current: 'https://files/p2?v=1' }]),
  );
});

it('核准 sends the amount in fen with the version on screen, toasts, and shows the claim as answered', async () => {
  const api = await open(
    {},
    {
      'POST /staff/claims/cl-1/review': [200, { ...claim, status: 'approved', version: 4, amountFen: 300050 }],
    },
  );
  fireEvent.click(action('approve'));
  // a text box on H5 (Taro's digit box is a number input there, which drops 3,000.5 as typed)
  expect(document.querySelector('[name="approve-amount"]')!.getAttribute('data-type')).toBe('text');
  type('approve-amount', '3,000.5');
  fireEvent.click(screen.getByText('确认核准'));

  await screen.findByText('¥3,000.50');
  expect(api.sent('POST /staff/claims/cl-1/review')).toEqual([{ action: 'approve', version: 3, amountFen: 300050 }]);
  expect(taroFake.toasts).toEqual([{ title: '已核准', icon: 'success' }]);
  // approved: the next steps
  expect(action('forward').textContent).toBe('已报送市总');
  expect(action('paid').textContent).toBe('已赔付');
  expect(action('approve')).toBeNull();
});

it('says what is wrong with the amount right under it, sends nothing, and clears it when the amount changes', async () => {
  const api = await open({}, { 'POST /staff/claims/cl-1/review': [200, claim] });
  fireEvent.click(action('approve'));
  const box = document.querySelector('[name="approve-amount"]')!;

  fireEvent.click(screen.getByText('确认核准'));
  const missing = await screen.findByText('请填写核准金额');
  expect(box.closest('.review__amount')!.nextElementSibling).toBe(missing);

  type('approve-amount', '12.345');
  expect(screen.queryByText('请填写核准金额')).toBeNull();
  fireEvent.click(screen.getByText('确认核准'));
  expect(box.closest('.review__amount')!.nextElementSibling!.textContent).toBe('金额最多两位小数（精确到分）');

  type('approve-amount', '2000000');
  fireEvent.click(screen.getByText('确认核准'));
  expect(box.closest('.review__amount')!.nextElementSibling!.textContent).toBe('金额不能超过 100 万元');
  expect(api.sent('POST /staff/claims/cl-1/review')).toEqual([]);
});

it('puts the API’s amount problem beside the amount too', async () => {
  await open(
    {},
    {
      'POST /staff/claims/cl-1/review': [
        400,
        { code: 'bad_request', message: '提交的内容有误', fieldErrors: { amountFen: ['核准金额超过计划的最高赔付'] }, requestId: 'r' },
      ],
    },
  );
  fireEvent.click(action('approve'));
  type('approve-amount', '90000');
  fireEvent.click(screen.getByText('确认核准'));
  const error = await screen.findByText('核准金额超过计划的最高赔付');
  expect(document.querySelector('[name="approve-amount"]')!.closest('.review__amount')!.nextElementSibling).toBe(error);
  expect(screen.getByText('请按上面的提示修改后再提交')).not.toBeNull();
});

it('a 409 (someone else got there first) is said beside the button and the claim is read again', async () => {
  let reads = 0;
  await open(
    {},
    {
      'GET /staff/claims/cl-1': () => [200, reads++ === 0 ? claim : { ...claim, version: 4, timeline: [...claim.timeline] }],
      'POST /staff/claims/cl-1/review': [409, { code: 'conflict', message: '这笔理赔刚被更新，请刷新后再操作', requestId: 'r' }],
    },
  );
  fireEvent.click(action('reject'));
  type('reject-reason', '不在保障期内');
  fireEvent.click(screen.getByText('不予赔付', { selector: '.review__submit' }));

  const problem = await screen.findByText('这笔理赔刚被更新，请刷新后再操作');
  const submit = screen.getByText('不予赔付', { selector: '.review__submit' });
  expect(submit.nextElementSibling).toBe(problem);
  await waitFor(() => expect(reads).toBe(2));
  expect(taroFake.toasts).toEqual([]);
});

it('不予赔付 asks first with a red confirm, and sends the reason with the version', async () => {
  const api = await open(
    {},
    { 'POST /staff/claims/cl-1/review': [200, { ...claim, status: 'rejected', version: 4, rejectReason: '不在保障期内' }] },
  );
  fireEvent.click(action('reject'));
  fireEvent.click(screen.getByText('不予赔付', { selector: '.review__submit' }));
  expect(await screen.findByText('请写明不予赔付的原因')).not.toBeNull();

  taroFake.modalAnswer = false;
  type('reject-reason', '不在保障期内');
  fireEvent.click(screen.getByText('不予赔付', { selector: '.review__submit' }));
  await waitFor(() => expect(taroFake.modals).toHaveLength(1));
  expect(taroFake.modals[0]).toMatchObject({ confirmText: '不予赔付', confirmColor: '#c8102e' });
  expect(api.sent('POST /staff/claims/cl-1/review')).toEqual([]);

  taroFake.modalAnswer = true;
  fireEvent.click(screen.getByText('不予赔付', { selector: '.review__submit' }));
  await screen.findByText('这笔理赔已办结（未通过）');
  expect(api.sent('POST /staff/claims/cl-1/review')).toEqual([{ action: 'reject', version: 3, reason: '不在保障期内' }]);
  expect(taroFake.toasts).toEqual([{ title: '已不予赔付', icon: 'success' }]);
});

it('要求补充材料: items chosen by slot, a note each (required, said beside its box), sent with the version', async () => {
  const api = await open(
    {},
    {
      'POST /staff/claims/cl-1/review': (body) =>
        body.items.length === 2
          ? [400, { code: 'bad_request', message: '提交的内容有误', fieldErrors: { 'items.1.note': ['说明太短'] }, requestId: 'r' }]
          : [200, { ...claim, status: 'needs-more', version: 4 }],
    },
  );
  fireEvent.click(action('request-items'));
  fireEvent.click(screen.getByText('发送补充要求'));
  expect(await screen.findByText('请选择需要补充的材料')).not.toBeNull();

  const slot = (item: string) => document.querySelector(`[data-request="${item}"]`) as HTMLElement;
  // (the label's no-break space before 页 reads as a space here)
  fireEvent.click(within(slot('invoice')).getByText('住院发票（已交 1 页）'));
  fireEvent.click(within(slot('bank-card')).getByText('银行卡（未交）'));
  expect(screen.queryByText('请选择需要补充的材料')).toBeNull();
  type('request-note-invoice', '第 2 页看不清，请重拍');
  fireEvent.click(screen.getByText('发送补充要求'));
  expect(slot('bank-card').querySelector('textarea')!.nextElementSibling!.textContent).toBe('请写明需要补充什么');

  type('request-note-bank-card', '请补');
  fireEvent.click(screen.getByText('发送补充要求'));
  // the API names the second note sent: the bank card's
  await waitFor(() => expect(slot('bank-card').querySelector('textarea')!.nextElementSibling!.textContent).toBe('说明太短'));

  fireEvent.click(within(slot('bank-card')).getByText('银行卡（未交）'));
  fireEvent.click(screen.getByText('发送补充要求'));
  await screen.findByText('已要求补充材料，等会员补充后再审核');
  expect(api.sent('POST /staff/claims/cl-1/review').at(-1)).toEqual({
    action: 'request-items',
    version: 3,
    items: [{ item: 'invoice', note: '第 2 页看不清，请重拍' }],
  });
  expect(taroFake.toasts).toEqual([{ title: '已要求补充', icon: 'success' }]);
});

it('已报送市总 sends the reference; 已赔付 starts from the approved amount and today (Beijing)', async () => {
  const api = await open(
    { status: 'forwarded', version: 5, amountFen: 300000, reference: 'BJ-2026-118' },
    {
      'POST /staff/claims/cl-1/review': [
        200,
        { ...claim, status: 'paid', version: 6, amountFen: 300000, paidFen: 280000, paidOn: '2026-11-30' },
      ],
    },
  );
  expect(action('forward')).toBeNull();
  fireEvent.click(action('paid'));
  expect((document.querySelector('[name="paid-amount"]') as HTMLInputElement).value).toBe('3000.00');
  expect((document.querySelector('[name="paid-on"]') as HTMLInputElement).value).toBe('2026-12-01');
  expect(document.querySelector('[data-form="paid"]')!.textContent).toContain('12月1日 周二');

  type('paid-amount', '2800');
  fireEvent.change(document.querySelector('[name="paid-on"]')!, { target: { value: '2026-11-30' } });
  fireEvent.click(screen.getByText('确认已赔付'));
  await screen.findByText('这笔理赔已办结（已赔付）');
  expect(api.sent('POST /staff/claims/cl-1/review')).toEqual([{ action: 'paid', version: 5, paidFen: 280000, paidOn: '2026-11-30' }]);
  expect(taroFake.toasts).toEqual([{ title: '已标记赔付', icon: 'success' }]);
});

it('已报送市总 needs the reference, then sends it', async () => {
  const api = await open(
    { status: 'approved', version: 4, amountFen: 300000 },
    { 'POST /staff/claims/cl-1/review': [200, { ...claim, status: 'forwarded', version: 5, amountFen: 300000, reference: 'BJ-2026-118' }] },
  );
  fireEvent.click(action('forward'));
  fireEvent.click(screen.getByText('确认已报送'));
  const error = await screen.findByText('请填写报送编号');
  expect(document.querySelector('[name="forward-reference"]')!.nextElementSibling).toBe(error);
  type('forward-reference', 'BJ-2026-118');
  fireEvent.click(screen.getByText('确认已报送'));
  await screen.findByText('BJ-2026-118');
  expect(api.sent('POST /staff/claims/cl-1/review')).toEqual([{ action: 'forward', version: 4, reference: 'BJ-2026-118' }]);
  expect(taroFake.toasts).toEqual([{ title: '已报送市总', icon: 'success' }]);
});

it('reads the claim again for fresh photo links when a picture fails to load from old links, or is tapped after they expired', async () => {
  let reads = 0;
  const previews: { urls: string[]; current: string }[] = [];
  Object.assign(Taro, { previewImage: async (o: { urls: string[]; current: string }) => void previews.push(o) });
  await open(
    {},
    {
      'GET /staff/claims/cl-1': () => {
        reads += 1;
        return [200, { ...claim, slots: [{ ...claim.slots[0], pages: [page('p1', reads), page('p2', reads)] }] }];
      },
    },
  );
  const picture = () => document.querySelector('[data-slot="diagnosis"] img') as HTMLImageElement;
  // a picture that fails right after reading: the links are fresh, reading again would not help
  fireEvent.error(picture());
  expect(reads).toBe(1);

  jest.setSystemTime(new Date('2026-12-01T01:02:00.000Z'));
  fireEvent.error(picture());
  await waitFor(() => expect(picture().src).toBe('https://files/thumb-p1?v=2'));

  jest.setSystemTime(new Date('2026-12-01T01:12:00.000Z'));
  fireEvent.click(picture());
  await waitFor(() => expect(previews).toHaveLength(1));
  expect(reads).toBe(3);
  expect(previews[0]).toEqual({ urls: ['https://files/p1?v=3', 'https://files/p2?v=3'], current: 'https://files/p1?v=3' });
});

it('another org’s claim: the refusal, with 重试', async () => {
  fakeApi({ 'GET /staff/claims/cl-1': [403, { code: 'forbidden', message: '这笔理赔不属于您管辖的组织', requestId: 'r' }] });
  render(<StaffClaimScreen claimId="cl-1" />);
  expect(await screen.findByText('这笔理赔不属于您管辖的组织')).not.toBeNull();
  expect(screen.queryByText('审核')).toBeNull();
});
