import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { StaffActivities } from './staff-activities';

const typeInto = (placeholder: string, value: string) => fireEvent.change(screen.getByPlaceholderText(placeholder), { target: { value } });
const published = {
  id: 'ac-new',
  orgId: 'fengtai-lugouqiao',
  orgName: '卢沟桥街道总工会',
  title: '女职工健康讲座',
  description: '',
  category: 'class',
  place: '卢沟桥文化广场',
  startsAt: '2026-11-26T01:00:00.000Z',
  endsAt: '2026-11-26T03:00:00.000Z',
  signupOpensAt: '2026-11-20T01:00:00.000Z',
  signupClosesAt: '2026-11-25T01:00:00.000Z',
  capacity: 30,
  perMemberLimit: 1,
  eligibility: { activeMember: true, subtreeOnly: true, newEmploymentOnly: false, womenOnly: true },
  waitlist: false,
  holdMinutes: 30,
  confirmed: 0,
  placesLeft: 30,
};

it('publishes a women-only activity with no waiting list and the chosen hold time, then lists it', async () => {
  let listed: unknown[] = [];
  const api = fakeApi({
    'GET /staff/activities': () => [200, { activities: listed }],
    'POST /staff/activities': () => ((listed = [published]), [201, published]),
  });
  render(<StaffActivities actingOrgId="fengtai-lugouqiao" />);
  await screen.findByText('还没有发布活动');

  typeInto('如：中医义诊', '女职工健康讲座');
  typeInto('如：卢沟桥文化广场', '卢沟桥文化广场');
  typeInto('职工报名前会看到：内容、要带什么、注意事项', '三甲医院专家讲乳腺健康，可现场咨询');
  expect(screen.getByText('17/500')).toBeTruthy();
  fireEvent.click(screen.getByText('仅限女职工'));
  fireEvent.click(screen.getByText('30分钟'));
  fireEvent.click(screen.getByText('满额后开放候补'));
  // without a waiting list there is nobody to give a hold to
  expect(screen.queryByText('候补确认时限')).toBeNull();
  fireEvent.click(screen.getByText('发布'));

  expect(await screen.findByText('女职工健康讲座')).toBeTruthy();
  const [body] = api.sent('POST /staff/activities') as Record<string, unknown>[];
  expect(body).toMatchObject({
    orgId: 'fengtai-lugouqiao',
    title: '女职工健康讲座',
    description: '三甲医院专家讲乳腺健康，可现场咨询',
    capacity: 30,
    perMemberLimit: 1,
    eligibility: { activeMember: true, subtreeOnly: true, newEmploymentOnly: false, womenOnly: true },
    waitlist: false,
    holdMinutes: 30,
  });
  expect(body).not.toHaveProperty('eligibility.children');
  // ready for the next one: name, place and description cleared
  expect((screen.getByPlaceholderText('职工报名前会看到：内容、要带什么、注意事项') as HTMLTextAreaElement).value).toBe('');
});

it('sends childcare ages and an unlimited capacity, and shows the API’s field errors under their fields', async () => {
  const api = fakeApi({
    'GET /staff/activities': [200, { activities: [] }],
    'POST /staff/activities': [
      400,
      {
        code: 'bad_request',
        message: '提交的内容有误',
        fieldErrors: { title: ['请填写名称'], 'eligibility.children.maxAge': ['最大年龄不能超过 18 岁'] },
      },
    ],
  });
  render(<StaffActivities actingOrgId="fengtai-lugouqiao" />);
  await screen.findByText('还没有发布活动');

  fireEvent.click(screen.getByText('不限名额'));
  expect(screen.queryByPlaceholderText('名额人数')).toBeNull();
  fireEvent.click(screen.getByText('3 个'));
  fireEvent.click(screen.getByText('托管班：按孩子报名（每个孩子占一个名额）'));
  typeInto('最小', '6');
  typeInto('最大', '12');
  fireEvent.click(screen.getByText('发布'));

  expect(await screen.findByText('请填写名称')).toBeTruthy();
  expect(screen.getByText('最大年龄不能超过 18 岁')).toBeTruthy();
  expect(api.sent('POST /staff/activities')[0]).toMatchObject({
    capacity: null,
    perMemberLimit: 3,
    eligibility: { children: { minAge: 6, maxAge: 12 } },
    waitlist: true,
    holdMinutes: 120,
  });
});

it('says what to fix before sending: a time not in the given format, ages the wrong way round', async () => {
  const api = fakeApi({ 'GET /staff/activities': [200, { activities: [] }] });
  render(<StaffActivities actingOrgId="fengtai-lugouqiao" />);
  await screen.findByText('还没有发布活动');
  const starts = document.querySelector('input[name="activity-startsAt"]')!;
  const typed = (starts as HTMLInputElement).value;

  fireEvent.change(starts, { target: { value: '明天上午九点' } });
  fireEvent.click(screen.getByText('发布'));
  await waitFor(() => expect(screen.getByText('请按“2026-11-26 09:00”的格式填写')).toBeTruthy());

  fireEvent.change(starts, { target: { value: typed } });
  fireEvent.click(screen.getByText('托管班：按孩子报名（每个孩子占一个名额）'));
  typeInto('最小', '12');
  typeInto('最大', '6');
  fireEvent.click(screen.getByText('发布'));

  await waitFor(() => expect(screen.getByText('最大年龄不能小于最小年龄')).toBeTruthy());
  expect(api.sent('POST /staff/activities')).toHaveLength(0);
});
