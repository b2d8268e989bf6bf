import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { CLAIM_RULES_TEMPLATE } from '@shared/schemas/claim';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { StaffActivity } from '../activities/staff-activity';
import { ClaimRulesEditor } from './claim-rules-editor';

const rules = {
  deadlineDays: 180,
  events: [
    {
      code: 'critical-illness',
      label: '重大疾病',
      items: [
        { code: 'diagnosis', label: '诊断证明', hint: '医院盖章的诊断证明书', required: true, maxPages: 5 },
        { code: 'invoice', label: '住院发票', required: true, maxPages: 10 },
      ],
    },
  ],
};
const input = (name: string) => document.querySelector(`[name="${name}"]`) as HTMLInputElement;
const type = (name: string, value: string) => fireEvent.change(input(name), { target: { value } });
const event = (i: number) => document.querySelector(`[data-event="${i}"]`) as HTMLElement;

it('a plan with no rules starts from the template, said so', async () => {
  fakeApi({ 'GET /staff/activities/plan-1/claim-rules': [200, { rules: null, template: CLAIM_RULES_TEMPLATE }] });
  render(<ClaimRulesEditor activityId="plan-1" title="职工重大疾病互助保障" />);
  await screen.findByText('这个计划还没有理赔规则', { exact: false });
  expect(input('event-0-label').value).toBe('重大疾病');
  expect(input('event-0-item-1-label').value).toBe('病历');
  expect(input('event-0-item-1-pages').value).toBe('10');
  expect(input('event-0-item-0-pages').value).toBe('5');
  expect(document.querySelectorAll('[data-event]')).toHaveLength(CLAIM_RULES_TEMPLATE.events.length);
  expect(document.body.textContent).toContain('职工重大疾病互助保障：');
});

it('adds an event and an item, removes one after a red confirm, and saves what is on screen', async () => {
  const api = fakeApi({
    'GET /staff/activities/plan-1/claim-rules': [200, { rules, template: CLAIM_RULES_TEMPLATE }],
    'PUT /staff/activities/plan-1/claim-rules': (body) => [200, { rules: body }],
  });
  render(<ClaimRulesEditor activityId="plan-1" />);
  await waitFor(() => expect(input('event-0-label')).not.toBeNull());
  expect(screen.queryByText('这个计划还没有理赔规则', { exact: false })).toBeNull();

  // a new item under 重大疾病: not required, 2 pages
  fireEvent.click(within(event(0)).getByText('添加材料'));
  type('event-0-item-2-label', '银行卡');
  type('event-0-item-2-pages', '2');
  fireEvent.click(within(document.querySelector('[data-item="0.2"]')!).getByText('必交'));
  // a second event, then the first item of the first event removed (confirmed in red)
  fireEvent.click(screen.getByText('添加理赔事项'));
  type('event-1-label', '意外伤害');
  type('event-1-item-0-label', '事故证明');
  fireEvent.click(within(document.querySelector('[data-item="0.0"]')!).getByText('删除这项材料'));
  await waitFor(() => expect(input('event-0-item-0-label').value).toBe('住院发票'));
  expect(taroFake.modals[0]).toMatchObject({ title: '删除「诊断证明」？', confirmText: '删除', confirmColor: '#c8102e' });
  type('deadline-days', '90');

  fireEvent.click(screen.getByText('保存'));
  await waitFor(() => expect(taroFake.toasts).toEqual([{ title: '已保存', icon: 'success' }]));
  expect(api.sent('PUT /staff/activities/plan-1/claim-rules')).toEqual([
    {
      deadlineDays: 90,
      events: [
        {
          code: 'critical-illness',
          label: '重大疾病',
          items: [
            { code: 'invoice', label: '住院发票', required: true, maxPages: 10 },
            { code: 'item-3', label: '银行卡', required: false, maxPages: 2 },
          ],
        },
        { code: 'event-2', label: '意外伤害', items: [{ code: 'item-1', label: '事故证明', required: true, maxPages: 5 }] },
      ],
    },
  ]);
});

it('keeps a row when the confirm is declined', async () => {
  fakeApi({ 'GET /staff/activities/plan-1/claim-rules': [200, { rules, template: CLAIM_RULES_TEMPLATE }] });
  render(<ClaimRulesEditor activityId="plan-1" />);
  await waitFor(() => expect(input('event-0-label')).not.toBeNull());
  taroFake.modalAnswer = false;
  fireEvent.click(within(document.querySelector('[data-item="0.0"]')!).getByText('删除这项材料'));
  await waitFor(() => expect(taroFake.modals).toHaveLength(1));
  expect(input('event-0-item-0-label').value).toBe('诊断证明');
});

it('says problems beside their fields: its own checks before sending, then the API’s by path', async () => {
  const api = fakeApi({
    'GET /staff/activities/plan-1/claim-rules': [200, { rules, template: CLAIM_RULES_TEMPLATE }],
    'PUT /staff/activities/plan-1/claim-rules': [
      400,
      {
        code: 'bad_request',
        message: '提交的内容有误',
        fieldErrors: { 'events.0.items.1.label': ['材料名称不能包含控制字符'] },
        requestId: 'r',
      },
    ],
  });
  render(<ClaimRulesEditor activityId="plan-1" />);
  await waitFor(() => expect(input('event-0-label')).not.toBeNull());

  type('event-0-item-0-label', '诊');
  type('event-0-item-1-pages', '11');
  fireEvent.click(screen.getByText('保存'));
  expect(input('event-0-item-0-label').nextElementSibling!.textContent).toBe('请填写材料名称');
  expect(input('event-0-item-1-pages').closest('.rules__days')!.nextElementSibling!.textContent).toBe('最多 10 页');
  expect(api.sent('PUT /staff/activities/plan-1/claim-rules')).toEqual([]);

  type('event-0-item-0-label', '诊断证明');
  expect(input('event-0-item-0-label').nextElementSibling?.className).not.toBe('field-error');
  type('event-0-item-1-pages', '10');
  fireEvent.click(screen.getByText('保存'));
  const error = await screen.findByText('材料名称不能包含控制字符');
  expect(input('event-0-item-1-label').nextElementSibling).toBe(error);
  expect(screen.getByText('请按上面的提示修改后再提交')).not.toBeNull();
  expect(taroFake.toasts).toEqual([]);
});

it('two materials with the same name in one event, or two events with the same name, are said beside the repeat and not sent', async () => {
  const api = fakeApi({
    'GET /staff/activities/plan-1/claim-rules': [200, { rules, template: CLAIM_RULES_TEMPLATE }],
    'PUT /staff/activities/plan-1/claim-rules': (body) => [200, { rules: body }],
  });
  render(<ClaimRulesEditor activityId="plan-1" />);
  await waitFor(() => expect(input('event-0-label')).not.toBeNull());

  type('event-0-item-1-label', '诊断证明');
  fireEvent.click(screen.getByText('添加理赔事项'));
  type('event-1-label', '重大疾病');
  type('event-1-item-0-label', '诊断证明');
  fireEvent.click(screen.getByText('保存'));
  expect(input('event-0-item-1-label').nextElementSibling!.textContent).toBe('材料名称不能重复');
  // the first of the two keeps no error; the same name in another event is fine
  expect(input('event-0-item-0-label').nextElementSibling?.className).not.toBe('field-error');
  expect(input('event-1-item-0-label').nextElementSibling?.className).not.toBe('field-error');
  expect(within(event(1)).getByText('理赔事项名称不能重复')).toBeTruthy();
  expect(api.sent('PUT /staff/activities/plan-1/claim-rules')).toEqual([]);

  type('event-0-item-1-label', '病历');
  type('event-1-label', '意外伤害');
  fireEvent.click(screen.getByText('保存'));
  await waitFor(() => expect(api.sent('PUT /staff/activities/plan-1/claim-rules')).toHaveLength(1));
});

it('a plan’s staff page opens its 理赔规则; other activities have no such entry', async () => {
  const plan = {
    id: 'plan-1',
    orgId: 'fengtai',
    orgName: '丰台区总工会',
    title: '职工重大疾病互助保障',
    description: '在职会员自愿参加',
    category: 'plan',
    place: '丰台区总工会',
    startsAt: '2027-01-01T00:00:00.000Z',
    endsAt: '2027-12-31T00:00:00.000Z',
    signupOpensAt: '2026-11-20T01:00:00.000Z',
    signupClosesAt: '2026-12-31T10:00:00.000Z',
    capacity: null,
    perMemberLimit: 1,
    eligibility: { activeMember: true, subtreeOnly: true, newEmploymentOnly: false, womenOnly: false },
    waitlist: false,
    holdMinutes: 30,
    confirmed: 12,
    placesLeft: null,
  };
  const counts = { confirmed: 12, waitlisted: 0, offered: 0, cancelled: 0, expired: 0, checkedIn: 0 };
  fakeApi({ 'GET /staff/activities/plan-1/signups': [200, { activity: plan, counts, signups: [] }] });
  const { unmount } = render(<StaffActivity id="plan-1" />);
  fireEvent.click(await screen.findByText('理赔规则', { selector: 'button' }));
  expect(taroFake.navigations).toEqual([
    {
      how: 'navigateTo',
      url: '/staff/pages/claim-rules/index?activityId=plan-1&title=%E8%81%8C%E5%B7%A5%E9%87%8D%E5%A4%A7%E7%96%BE%E7%97%85%E4%BA%92%E5%8A%A9%E4%BF%9D%E9%9A%9C',
    },
  ]);
  unmount();

  fakeApi({
    'GET /staff/activities/ac-1/signups': [200, { activity: { ...plan, id: 'ac-1', category: 'activity' }, counts, signups: [] }],
  });
  render(<StaffActivity id="ac-1" />);
  await screen.findByText('职工重大疾病互助保障', { selector: '.page-header__title' });
  expect(screen.queryByText('理赔规则', { selector: 'button' })).toBeNull();
});
