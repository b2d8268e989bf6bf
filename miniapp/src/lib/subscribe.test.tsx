import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { fakeApi } from '../../test-support/fake-api';
import { taroFake } from '../../test-support/taro-fake';
import { ReportProblem } from '../features/stations/report-problem';
import { ActivityList } from '../features/activities/activity-list';
import { MembershipCard } from '../features/join/membership-card';
import type { Membership } from '@shared/schemas/membership';
import { forgetSubscribeTemplates } from './subscribe';

const templates = {
  review: 'tmpl-review',
  waitlist: 'tmpl-waitlist',
  expiring: 'tmpl-expiring',
  reminder: 'tmpl-reminder',
  report: 'tmpl-report',
};
const before = process.env.TARO_ENV;
afterEach(() => {
  process.env.TARO_ENV = before;
  forgetSubscribeTemplates();
});

const count = (api: ReturnType<typeof fakeApi>, key: string) => api.sent(key).length;

describe('weapp: the tap asks WeChat first, then the answers go to the server', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'weapp';
  });

  it('提交 of a report asks for 处理结果 synchronously, before the report is sent, and posts the answer', async () => {
    const api = fakeApi({
      'GET /subscriptions/templates': [200, { templates }],
      'POST /stations/st-1/reports': [201, { report: {} }],
      'POST /me/subscriptions': [200, { remaining: { report: 1 } }],
    });
    taroFake.subscribeAnswer = { 'tmpl-report': 'accept' };
    render(<ReportProblem stationId="st-1" />);
    await waitFor(() => expect(count(api, 'GET /subscriptions/templates')).toBe(1));
    await new Promise((r) => setTimeout(r, 0)); // the ids are kept

    fireEvent.click(screen.getByText('没有热水'));
    const requestsBeforeTap = taroFake.requests.length;
    fireEvent.click(screen.getByText('提交：没有热水'));
    // inside the tap itself (no await between): the dialog was asked for before any request left
    expect(taroFake.subscribeAsks).toEqual([{ tmplIds: ['tmpl-report'], requestsBefore: requestsBeforeTap }]);

    await screen.findByText('已收到，工会工作人员会尽快处理。谢谢您！');
    await waitFor(() => expect(api.sent('POST /me/subscriptions')).toHaveLength(1));
    expect(api.sent('POST /me/subscriptions')[0]).toEqual({ askId: expect.any(String), answers: { report: 'accept' } });
  });

  it('候补报名 asks for 候补成功, 名额即将失效 and 活动提醒 (three, WeChat’s limit); a refusal is posted too, and never blocks the sign-up', async () => {
    const full = {
      id: 'ac-full',
      orgId: 'fengtai-lugouqiao',
      orgName: '卢沟桥街道总工会',
      title: '春节慰问品领取',
      description: '',
      category: 'benefit',
      place: '卢沟桥职工之家',
      startsAt: '2027-01-20T01:00:00.000Z',
      endsAt: '2027-01-20T09:00:00.000Z',
      signupOpensAt: '2026-11-20T01:00:00.000Z',
      signupClosesAt: '2027-01-10T10:00:00.000Z',
      capacity: 1,
      perMemberLimit: 1,
      eligibility: { activeMember: true, subtreeOnly: true, newEmploymentOnly: false, womenOnly: false },
      waitlist: true,
      holdMinutes: 30,
      confirmed: 1,
      placesLeft: 0,
      eligible: true,
    };
    const signup = {
      activityId: 'ac-full',
      activityTitle: '春节慰问品领取',
      status: 'waitlisted',
      position: 1,
      places: 1,
      createdAt: '2026-11-22T02:00:00.000Z',
    };
    const api = fakeApi({
      'GET /subscriptions/templates': [200, { templates }],
      'GET /activities': [200, { activities: [full] }],
      'GET /me/signups': [200, { signups: [] }],
      'POST /activities/ac-full/signups': [201, { signup, created: true }],
      'POST /me/subscriptions': [500, { code: 'internal', message: '服务暂时出了点问题' }],
    });
    taroFake.subscribeAnswer = { 'tmpl-waitlist': 'accept', 'tmpl-expiring': 'accept' };
    render(<ActivityList />);
    await screen.findByText('春节慰问品领取');
    await waitFor(() => expect(count(api, 'GET /subscriptions/templates')).toBe(1));
    await new Promise((r) => setTimeout(r, 0));

    const card = document.querySelector('[data-activity="ac-full"]') as HTMLElement;
    const requestsBeforeTap = taroFake.requests.length;
    fireEvent.click(within(card).getByText('候补报名'));
    expect(taroFake.subscribeAsks).toEqual([
      { tmplIds: ['tmpl-waitlist', 'tmpl-expiring', 'tmpl-reminder'], requestsBefore: requestsBeforeTap },
    ]);
    await waitFor(() => expect(api.sent('POST /activities/ac-full/signups')).toHaveLength(1));
    await waitFor(() => expect(api.sent('POST /me/subscriptions')).toHaveLength(1));
    expect(api.sent('POST /me/subscriptions')[0]).toMatchObject({
      answers: { waitlist: 'accept', expiring: 'accept', reminder: 'reject' },
    });
    // the server failing to store the answers is not the member's problem
    await waitFor(() => expect(taroFake.toasts.map((t) => t.title)).toContain('已加入候补，第 1 位'));
  });

  it('申请转到… asks for 审核结果 (the transfer’s outcome) before the request leaves', async () => {
    const api = fakeApi({
      'GET /subscriptions/templates': [200, { templates }],
      'POST /me/transfer': [200, { transfer: {} }],
      'POST /me/subscriptions': [200, { remaining: { review: 1 } }],
    });
    taroFake.subscribeAnswer = { 'tmpl-review': 'accept' };
    const membership = {
      memberNo: 'FT-000123',
      name: '王大勇',
      mobile: '13912345678',
      employer: '美团',
      occupation: 'food-delivery',
      newEmploymentForm: true,
      orgId: 'fengtai-lugouqiao',
      orgName: '卢沟桥街道总工会',
      status: 'active',
      joinedAt: '2026-11-20T02:00:00.000Z',
      cardRequest: 'none',
      history: [],
    } satisfies Membership;
    render(<MembershipCard membership={membership} joining={{ orgId: 'shunyi-x', orgName: '顺义区某街道总工会' }} />);
    await waitFor(() => expect(count(api, 'GET /subscriptions/templates')).toBe(1));
    await new Promise((r) => setTimeout(r, 0));
    const requestsBeforeTap = taroFake.requests.length;
    fireEvent.click(screen.getByText('申请转到顺义区某街道总工会'));
    expect(taroFake.subscribeAsks).toEqual([{ tmplIds: ['tmpl-review'], requestsBefore: requestsBeforeTap }]);
    await waitFor(() => expect(api.sent('POST /me/subscriptions')).toHaveLength(1));
    expect(api.sent('POST /me/transfer')).toHaveLength(1);
  });
});

it('H5: no subscribe API, so nothing is asked or fetched, and the report goes through', async () => {
  process.env.TARO_ENV = 'h5';
  const api = fakeApi({ 'POST /stations/st-1/reports': [201, { report: {} }] });
  render(<ReportProblem stationId="st-1" />);
  fireEvent.click(screen.getByText('没有热水'));
  fireEvent.click(screen.getByText('提交：没有热水'));
  await screen.findByText('已收到，工会工作人员会尽快处理。谢谢您！');
  expect(taroFake.subscribeAsks).toEqual([]);
  expect(count(api, 'GET /subscriptions/templates')).toBe(0);
  expect(count(api, 'POST /me/subscriptions')).toBe(0);
});
