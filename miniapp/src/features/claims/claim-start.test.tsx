import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { CLAIM_CONSENT_TEXT, CLAIM_CONSENT_VERSION } from '@shared/schemas/claim';
import { addDays, beijingDate, beijingDay } from '@shared/beijing-time';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { ClaimStartScreen } from './claim-start';
import { claim } from '../../../test-support/claim-data';

const backs: unknown[] = [];
jest.mock('@tarojs/taro', () => {
  const fake = jest.requireActual('@tarojs/taro');
  return {
    __esModule: true,
    ...fake,
    default: { ...fake.default, navigateBack: async () => (backs.push(1), { errMsg: 'navigateBack:ok' }) },
  };
});

const start = (over: Record<string, unknown> = {}) => ({
  activityId: 'plan-1',
  planTitle: '2026 年职工重大疾病互助保障',
  rules: {
    deadlineDays: 180,
    events: [
      {
        code: 'critical-illness',
        label: '重大疾病',
        items: [
          { code: 'diagnosis', label: '诊断证明', hint: '医院盖章的诊断证明书', required: true, maxPages: 5 },
          { code: 'bank-card', label: '银行卡', required: true, maxPages: 1 },
          { code: 'other', label: '其他材料', required: false, maxPages: 5 },
        ],
      },
      { code: 'accident', label: '意外伤害', items: [{ code: 'accident-proof', label: '事故证明', required: true, maxPages: 5 }] },
    ],
  },
  eligible: true,
  consentVersion: CLAIM_CONSENT_VERSION,
  consentText: CLAIM_CONSENT_TEXT,
  ...over,
});

beforeEach(() => (backs.length = 0));

const agreeButton = () => screen.getByText('同意并继续').closest('button')!;

it('the consent comes first: its text, its own checkbox, and 同意并继续 only once ticked', async () => {
  const api = fakeApi({ 'GET /activities/plan-1/claim-start': [200, start()] });
  render(<ClaimStartScreen activityId="plan-1" />);
  await screen.findByText('健康信息使用说明');
  for (const paragraph of CLAIM_CONSENT_TEXT) expect(screen.getByText(paragraph)).toBeTruthy();
  expect(agreeButton().disabled).toBe(true);
  fireEvent.click(agreeButton());
  expect(screen.queryByText('理赔事项')).toBeNull();

  const box = screen.getByRole('checkbox');
  expect(box.getAttribute('aria-checked')).toBe('false');
  fireEvent.click(screen.getByText('我已阅读并同意'));
  expect(box.getAttribute('aria-checked')).toBe('true');
  expect(agreeButton().disabled).toBe(false);
  fireEvent.click(agreeButton());
  expect(await screen.findByText('理赔事项')).toBeTruthy();
  expect(api.sent('POST /claims')).toEqual([]);
});

it('不同意 goes back, and nothing is sent', async () => {
  const api = fakeApi({ 'GET /activities/plan-1/claim-start': [200, start()] });
  render(<ClaimStartScreen activityId="plan-1" />);
  fireEvent.click(await screen.findByText('不同意'));
  await waitFor(() => expect(backs).toHaveLength(1));
  expect(api.sent('POST /claims')).toEqual([]);
});

it('a member the plan does not cover reads why, with no consent to give', async () => {
  fakeApi({ 'GET /activities/plan-1/claim-start': [200, start({ eligible: false, whyNot: '未参加这个互助保障计划，不能申请理赔' })] });
  render(<ClaimStartScreen activityId="plan-1" />);
  expect(await screen.findByText('未参加这个互助保障计划，不能申请理赔')).toBeTruthy();
  expect(screen.queryByText('同意并继续')).toBeNull();
});

async function pastConsent() {
  render(<ClaimStartScreen activityId="plan-1" />);
  fireEvent.click(await screen.findByText('我已阅读并同意'));
  fireEvent.click(agreeButton());
  await screen.findByText('理赔事项');
}

it('starts a claim: the event, its day (with the deadline), what to bring; then the claim opens', async () => {
  const api = fakeApi({
    'GET /activities/plan-1/claim-start': [200, start()],
    'POST /claims': [201, { claim: claim(), created: true }],
  });
  await pastConsent();
  // nothing chosen: said beside each
  fireEvent.click(screen.getByText('开始申请'));
  expect(within(document.querySelector('[data-field="event"]') as HTMLElement).getByText('请选择理赔事项')).toBeTruthy();
  expect(within(document.querySelector('[data-field="eventDate"]') as HTMLElement).getByText('请选择事发日期')).toBeTruthy();
  expect(api.sent('POST /claims')).toEqual([]);

  fireEvent.click(screen.getByText('重大疾病'));
  expect(screen.getByText('需要准备的材料')).toBeTruthy();
  expect(screen.getByText('医院盖章的诊断证明书')).toBeTruthy();
  const today = beijingDate(new Date());
  const day = addDays(today, -10);
  const picker = document.querySelector('input[type="date"]') as HTMLInputElement;
  fireEvent.change(picker, { target: { value: day } });
  // days as people read them (the picker's own value stays 2026-11-20)
  expect(screen.getByText(`申请期限：最晚 ${beijingDay(addDays(day, 180))} 申请`)).toBeTruthy();
  expect(document.querySelector('.claim-date__value')!.textContent).toBe(beijingDay(day));
  expect(picker.value).toBe(day);
  expect(picker.min).toBe(addDays(today, -180));
  expect(picker.max).toBe(today);

  fireEvent.click(screen.getByText('开始申请'));
  await waitFor(() => expect(taroFake.navigations).toEqual([{ how: 'redirectTo', url: '/care/pages/claim/index?id=cl-1' }]));
  const [body] = api.sent('POST /claims') as Record<string, unknown>[];
  expect(body).toMatchObject({ activityId: 'plan-1', event: 'critical-illness', eventDate: day, consentVersion: CLAIM_CONSENT_VERSION });
  expect(String(body!.clientRequestId)).toMatch(/^[A-Za-z0-9-]{8,64}$/);
});

it('a retry after a failure sends the same request id (the server answers the same draft); a refusal is said', async () => {
  let calls = 0;
  const api = fakeApi({
    'GET /activities/plan-1/claim-start': [200, start()],
    'POST /claims': () =>
      ++calls === 1 ? [503, { code: 'unavailable', message: '服务繁忙，请稍后重试' }] : [201, { claim: claim(), created: false }],
  });
  await pastConsent();
  fireEvent.click(screen.getByText('意外伤害'));
  fireEvent.change(document.querySelector('input[type="date"]')!, { target: { value: addDays(beijingDate(new Date()), -1) } });
  fireEvent.click(screen.getByText('开始申请'));
  expect(await screen.findByText('服务繁忙，请稍后重试')).toBeTruthy();
  fireEvent.click(screen.getByText('开始申请'));
  await waitFor(() => expect(taroFake.navigations).toHaveLength(1));
  const [first, second] = api.sent('POST /claims') as { clientRequestId: string }[];
  expect(second!.clientRequestId).toBe(first!.clientRequestId);
});

it('an event date the server refuses is said beside the date', async () => {
  fakeApi({
    'GET /activities/plan-1/claim-start': [200, start()],
    'POST /claims': [
      422,
      { code: 'past_deadline', message: '事发已超过 180 天的申请期限', fieldErrors: { eventDate: ['事发已超过 180 天的申请期限'] } },
    ],
  });
  await pastConsent();
  fireEvent.click(screen.getByText('意外伤害'));
  fireEvent.change(document.querySelector('input[type="date"]')!, { target: { value: addDays(beijingDate(new Date()), -2) } });
  fireEvent.click(screen.getByText('开始申请'));
  const dateField = document.querySelector('[data-field="eventDate"]') as HTMLElement;
  expect(await within(dateField).findByText('事发已超过 180 天的申请期限')).toBeTruthy();
});

it('the date picker starts at the plan’s start or the member’s enrolment when later than the deadline allows; an earlier day is said beside the date', async () => {
  const today = beijingDate(new Date());
  const api = fakeApi({
    'GET /activities/plan-1/claim-start': [200, start({ planStartsOn: addDays(today, -5), enrolledOn: addDays(today, -60) })],
  });
  await pastConsent();
  const picker = document.querySelector('input[type="date"]') as HTMLInputElement;
  expect(picker.min).toBe(addDays(today, -5));
  expect(screen.getByText(`确诊、出事或入院的那一天。事发 180 天内可以申请，最早可选 ${beijingDay(addDays(today, -5))}。`)).toBeTruthy();
  fireEvent.click(screen.getByText('意外伤害'));
  fireEvent.change(picker, { target: { value: addDays(today, -7) } });
  fireEvent.click(screen.getByText('开始申请'));
  const dateField = document.querySelector('[data-field="eventDate"]') as HTMLElement;
  expect(within(dateField).getByText(`事发日期早于本计划开始的日期（${beijingDay(addDays(today, -5))}），不能申请理赔`)).toBeTruthy();
  expect(api.sent('POST /claims')).toEqual([]);

  // enrolled after the plan started: that day bounds it
  cleanup();
  fakeApi({ 'GET /activities/plan-1/claim-start': [200, start({ planStartsOn: addDays(today, -400), enrolledOn: addDays(today, -3) })] });
  await pastConsent();
  expect((document.querySelector('input[type="date"]') as HTMLInputElement).min).toBe(addDays(today, -3));
});

it('a plan that starts after today offers no day to pick and says from when it covers', async () => {
  const today = beijingDate(new Date());
  fakeApi({ 'GET /activities/plan-1/claim-start': [200, start({ planStartsOn: addDays(today, 30) })] });
  await pastConsent();
  expect(document.querySelector('input[type="date"]')).toBeNull();
  expect(screen.getByText(`本计划 ${beijingDay(addDays(today, 30))} 起保障，之后发生的事项才能申请理赔`)).toBeTruthy();
});
