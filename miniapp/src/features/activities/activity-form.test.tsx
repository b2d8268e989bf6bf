import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { PublishActivity } from './publish-activity';
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

it('lists the activities first, each with when and where, and publishing is its own page', async () => {
  fakeApi({ 'GET /staff/activities': [200, { activities: [{ ...published, confirmed: 12 }] }] });
  render(<StaffActivities />);
  const listed = (await screen.findByText('女职工健康讲座')).closest('[data-activity]')!;
  // 01:00 UTC is 09:00 in Beijing, on a Thursday
  expect(listed.textContent).toContain('11月26日 周四 09:00 · 卢沟桥文化广场');
  expect(listed.textContent).toContain('已报名 12 / 30');
  expect(screen.queryByText('发布', { selector: 'button' })).toBeNull();
  expect(document.querySelector('input')).toBeNull();

  fireEvent.click(screen.getByText('发布新活动'));
  fireEvent.click(listed);
  expect(taroFake.navigations.map((n) => n.url)).toEqual(['/staff/pages/publish/index', '/staff/pages/activity/index?id=ac-new']);
});

it('publishes a women-only activity with no waiting list and the chosen hold time, says so and opens it', async () => {
  const api = fakeApi({ 'POST /staff/activities': [201, published] });
  render(<PublishActivity actingOrgId="fengtai-lugouqiao" />);

  typeInto('如：中医义诊', '女职工健康讲座');
  typeInto('如：卢沟桥文化广场', '卢沟桥文化广场');
  typeInto('职工报名前会看到：内容、要带什么、注意事项', '三甲医院专家讲乳腺健康，可现场咨询');
  expect(document.body.textContent).toContain('17/500');
  fireEvent.click(screen.getByText('仅限女职工'));
  fireEvent.click(screen.getByText('30分钟'));
  fireEvent.click(screen.getByText('满额后开放候补'));
  // without a waiting list there is nobody to give a hold to
  expect(screen.queryByText('候补确认时限')).toBeNull();
  fireEvent.click(screen.getByText('发布'));

  await waitFor(() => expect(taroFake.toasts).toEqual([expect.objectContaining({ title: '已发布', icon: 'success' })]));
  expect(taroFake.navigations).toEqual([{ how: 'redirectTo', url: '/staff/pages/activity/index?id=ac-new' }]);
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
});

it('sends childcare ages and an unlimited capacity, and shows the API’s field errors under their fields', async () => {
  const api = fakeApi({
    'POST /staff/activities': [
      400,
      {
        code: 'bad_request',
        message: '提交的内容有误',
        fieldErrors: { title: ['请填写名称'], 'eligibility.children.maxAge': ['最大年龄不能超过 18 岁'] },
      },
    ],
  });
  render(<PublishActivity actingOrgId="fengtai-lugouqiao" />);

  fireEvent.click(screen.getByText('不限名额'));
  expect(screen.queryByPlaceholderText('名额人数')).toBeNull();
  fireEvent.click(screen.getByText('3 个'));
  fireEvent.click(screen.getByText('托管班：按孩子报名（每个孩子占一个名额）'));
  typeInto('最小', '6');
  typeInto('最大', '12');
  fireEvent.click(screen.getByText('发布'));

  await waitFor(() => expect(document.body.textContent).toContain('请填写名称'));
  expect(document.body.textContent).toContain('最大年龄不能超过 18 岁');
  expect(api.sent('POST /staff/activities')[0]).toMatchObject({
    capacity: null,
    perMemberLimit: 3,
    eligibility: { children: { minAge: 6, maxAge: 12 } },
    waitlist: true,
    holdMinutes: 120,
  });
});

it('says what to fix before sending beside the field, and sends the picked Beijing times', async () => {
  const api = fakeApi({ 'POST /staff/activities': [201, published] });
  render(<PublishActivity actingOrgId="fengtai-lugouqiao" />);
  const picker = (name: string) => document.querySelector(`input[name="${name}"]`) as HTMLInputElement;

  fireEvent.click(screen.getByText('托管班：按孩子报名（每个孩子占一个名额）'));
  typeInto('最小', '12');
  typeInto('最大', '6');
  fireEvent.click(screen.getByText('发布'));

  const ages = await screen.findByText('最大年龄不能小于最小年龄');
  expect(ages.parentElement!.querySelector('input[name="activity-max-age"]')).not.toBeNull();
  expect(api.sent('POST /staff/activities')).toHaveLength(0);
  typeInto('最大', '14');
  expect(screen.queryByText('最大年龄不能小于最小年龄')).toBeNull();

  // picked, not typed: 30 November 07:30 in Beijing is 23:30 UTC the day before
  fireEvent.change(picker('activity-startsAt-date'), { target: { value: '2026-11-30' } });
  fireEvent.change(picker('activity-startsAt-time'), { target: { value: '07:30' } });
  fireEvent.change(picker('activity-endsAt-date'), { target: { value: '2026-11-30' } });
  fireEvent.change(picker('activity-endsAt-time'), { target: { value: '11:00' } });
  fireEvent.change(picker('activity-signupClosesAt-date'), { target: { value: '2026-11-29' } });
  fireEvent.change(picker('activity-signupClosesAt-time'), { target: { value: '20:00' } });
  expect(picker('activity-startsAt-date').closest('label')!.textContent).toBe('11月30日 周一');
  typeInto('如：中医义诊', '托管班');
  typeInto('如：卢沟桥文化广场', '职工之家');
  fireEvent.click(screen.getByText('发布'));

  await waitFor(() => expect(api.sent('POST /staff/activities')).toHaveLength(1));
  expect(api.sent('POST /staff/activities')[0]).toMatchObject({
    startsAt: '2026-11-29T23:30:00.000Z',
    endsAt: '2026-11-30T03:00:00.000Z',
    signupClosesAt: '2026-11-29T12:00:00.000Z',
    eligibility: { children: { minAge: 12, maxAge: 14 } },
  });
});
