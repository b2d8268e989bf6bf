import { fireEvent, render, screen, within, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { StaffActivity } from './staff-activity';

// A 托管班 with rules away from the form's defaults, so a prefill that forgets one shows up
const care = {
  id: 'ac-care',
  orgId: 'fengtai-lugouqiao',
  orgName: '卢沟桥街道总工会',
  title: '寒假托管班',
  description: '请带孩子的户口本复印件',
  category: 'class',
  place: '卢沟桥职工之家',
  startsAt: '2027-01-20T01:00:00.000Z',
  endsAt: '2027-02-10T09:00:00.000Z',
  signupOpensAt: '2026-11-20T01:00:00.000Z',
  signupClosesAt: '2027-01-10T10:00:00.000Z',
  capacity: 30,
  perMemberLimit: 3,
  eligibility: { activeMember: true, subtreeOnly: true, newEmploymentOnly: false, womenOnly: false, children: { minAge: 3, maxAge: 12 } },
  waitlist: true,
  holdMinutes: 30,
  confirmed: 12,
  placesLeft: 18,
};
const signups = { counts: { confirmed: 12, waitlisted: 4, offered: 0, cancelled: 0, expired: 0, checkedIn: 0 }, signups: [] };
const input = (name: string) => document.querySelector(`[name="${name}"]`) as HTMLInputElement;
const card = (name: string) => document.querySelector(`[data-card="${name}"]`) as HTMLElement;
let scrolledTo: Element[] = [];
beforeEach(() => {
  scrolledTo = [];
  // jsdom has no layout: record what the page was asked to bring into view
  Element.prototype.scrollIntoView = function (this: Element) {
    scrolledTo.push(this);
  };
});
const formCard = () => screen.getByText('修改活动', { selector: '.card__title' }).closest('.card') as HTMLElement;

async function openPage(routes: Parameters<typeof fakeApi>[0], activity: Record<string, unknown> = care) {
  const api = fakeApi({
    // the page reads the activity with its sign-ups (the staff list is paged: it may not hold it)
    'GET /staff/activities/ac-care/signups': [200, { ...signups, activity }],
    ...routes,
  });
  render(<StaffActivity id="ac-care" />);
  await screen.findByText('活动信息');
  return api;
}

describe('修改活动', () => {
  it('opens the publish form filled in from the activity, and sends only what may be edited', async () => {
    const api = await openPage({ 'PUT /staff/activities/ac-care': (body) => [200, { ...care, ...body }] });
    fireEvent.click(screen.getByText('修改活动'));
    const form = formCard();

    // text, times in Beijing, rules: as published
    expect(input('activity-title').value).toBe('寒假托管班');
    expect(input('activity-place').value).toBe('卢沟桥职工之家');
    expect(input('activity-description').value).toBe('请带孩子的户口本复印件');
    expect(within(form).getByText('课程班').closest('.choice')!.className).toContain('choice--on');
    expect([input('activity-startsAt-date').value, input('activity-startsAt-time').value]).toEqual(['2027-01-20', '09:00']);
    expect([input('activity-endsAt-date').value, input('activity-endsAt-time').value]).toEqual(['2027-02-10', '17:00']);
    expect([input('activity-signupClosesAt-date').value, input('activity-signupClosesAt-time').value]).toEqual(['2027-01-10', '18:00']);
    // the picked date reads with its weekday, as everywhere
    expect(input('activity-startsAt-date').closest('label')!.textContent).toBe('1月20日 周三');
    expect(within(form).getByText('3 个').closest('.choice')!.className).toContain('choice--on');
    expect(within(form).getByText('30分钟').closest('.choice')!.className).toContain('choice--on');
    expect(within(form).getByText('满额后开放候补').closest('.toggle')!.className).toContain('toggle--on');
    expect(within(form).getByText('仅限女职工').closest('.toggle')!.className).not.toContain('toggle--on');
    expect(within(form).getByText('托管班：按孩子报名（每个孩子占一个名额）').closest('.toggle')!.className).toContain('toggle--on');
    expect(input('activity-min-age').value).toBe('3');
    expect(input('activity-max-age').value).toBe('12');
    // the capacity is shown, not edited here
    expect(form.textContent).toContain('30 个');
    expect(within(form).queryByPlaceholderText('名额人数')).toBeNull();
    expect(within(form).queryByText('不限名额')).toBeNull();

    fireEvent.change(input('activity-title'), { target: { value: '寒假女职工子女托管班' } });
    fireEvent.click(within(form).getByText('仅限女职工'));
    fireEvent.click(within(form).getByText('保存修改'));

    await waitFor(() => expect(document.body.textContent).toContain('已保存修改，职工看到的是新的内容'));
    const [body] = api.sent('PUT /staff/activities/ac-care') as Record<string, unknown>[];
    expect(body).toEqual({
      title: '寒假女职工子女托管班',
      description: '请带孩子的户口本复印件',
      category: 'class',
      place: '卢沟桥职工之家',
      startsAt: care.startsAt,
      endsAt: care.endsAt,
      signupOpensAt: care.signupOpensAt,
      signupClosesAt: care.signupClosesAt,
      perMemberLimit: 3,
      eligibility: {
        activeMember: true,
        subtreeOnly: true,
        newEmploymentOnly: false,
        womenOnly: true,
        children: { minAge: 3, maxAge: 12 },
      },
      waitlist: true,
      holdMinutes: 30,
    });
    expect(body).not.toHaveProperty('orgId');
    expect(body).not.toHaveProperty('capacity');

    // the page shows what the server saved: the title on top and in the details, the new condition
    expect(document.querySelector('.page-header__title')!.textContent).toBe('寒假女职工子女托管班');
    const details = card('activity-details');
    expect(details.textContent).toContain('寒假女职工子女托管班');
    expect(details.textContent).toContain('仅限女职工');
    expect(details.textContent).toContain('托管班：3–12 岁的孩子');
    expect(screen.queryByText('保存修改')).toBeNull();
  });

  it('shows the server’s field error under 结束时间 and keeps the form open', async () => {
    const api = await openPage({
      'PUT /staff/activities/ac-care': [
        400,
        { code: 'bad_request', message: '提交的内容有误', fieldErrors: { endsAt: ['结束时间须晚于开始时间'] }, requestId: 'r1' },
      ],
    });
    fireEvent.click(screen.getByText('修改活动'));
    fireEvent.change(input('activity-endsAt-date'), { target: { value: '2027-01-19' } });
    fireEvent.click(screen.getByText('保存修改'));

    const error = await screen.findByText('结束时间须晚于开始时间');
    // under its own field, not at the bottom of the form
    expect(error.parentElement!.querySelector('input[name="activity-endsAt-date"]')).not.toBeNull();
    expect(error.parentElement!.textContent).toContain('结束时间');
    // the page is brought to it
    await waitFor(() => expect(scrolledTo).toEqual([error]));
    // and it goes as soon as the field is changed
    fireEvent.change(input('activity-endsAt-date'), { target: { value: '2027-02-10' } });
    expect(screen.queryByText('结束时间须晚于开始时间')).toBeNull();
    expect(api.sent('PUT /staff/activities/ac-care')[0]).toMatchObject({ endsAt: '2027-01-19T09:00:00.000Z' });
    expect(document.body.textContent).toContain('保存修改');
    expect(screen.queryByText('已保存修改，职工看到的是新的内容')).toBeNull();
  });
});

describe('调整名额', () => {
  it('shows the server’s refusal in place when lowered below the places taken, and the new 名额 when raised', async () => {
    const refusal = '名额不能少于已占用的 12 个（已报名和候补到位待确认的）';
    const api = await openPage({
      'POST /staff/activities/ac-care/capacity': (body: { capacity: number }) =>
        body.capacity < care.confirmed
          ? [409, { code: 'conflict', message: refusal, requestId: 'r2' }]
          : [200, { ...care, capacity: body.capacity, placesLeft: body.capacity - care.confirmed }],
    });
    const capacity = card('capacity');
    expect(capacity.textContent).toContain('30 个');
    expect(capacity.textContent).toContain('12 个');
    const newCapacity = within(capacity).getByPlaceholderText('新的名额人数');

    fireEvent.change(newCapacity, { target: { value: '10' } });
    fireEvent.click(within(capacity).getByText('保存'));
    const refused = await within(capacity).findByText(refusal);
    // beside the 保存 button that was tapped
    expect(refused.previousElementSibling!.textContent).toBe('保存');
    expect(capacity.textContent).toContain('30 个');

    fireEvent.change(newCapacity, { target: { value: '40' } });
    fireEvent.click(within(capacity).getByText('保存'));
    await waitFor(() => expect(capacity.textContent).toContain('已增加名额，候补的职工会依次得到名额（在「我的报名」里确认）'));
    expect(capacity.textContent).toContain('40 个');
    expect(within(capacity).queryByText('30 个')).toBeNull();
    expect(within(capacity).queryByText(refusal)).toBeNull();
    expect(api.sent('POST /staff/activities/ac-care/capacity')).toEqual([{ capacity: 10 }, { capacity: 40 }]);
    // and the edit form shows the new 名额 as read-only
    fireEvent.click(screen.getByText('修改活动'));
    expect(formCard().textContent).toContain('40 个');
  });

  it('asks for a number before sending anything', async () => {
    const api = await openPage({});
    const capacity = card('capacity');
    fireEvent.click(within(capacity).getByText('保存'));
    expect(capacity.textContent).toContain('请填写新的名额人数');
    expect(api.sent('POST /staff/activities/ac-care/capacity')).toHaveLength(0);
  });

  it('shows 不限名额 with nothing to change for an unlimited activity', async () => {
    await openPage({}, { ...care, capacity: null, placesLeft: null });
    const capacity = card('capacity');
    expect(capacity.textContent).toContain('不限名额');
    expect(within(capacity).queryByPlaceholderText('新的名额人数')).toBeNull();
    expect(within(capacity).queryByText('保存')).toBeNull();
  });
});
