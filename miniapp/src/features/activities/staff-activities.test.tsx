import { fireEvent, render, screen } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { StaffActivities } from './staff-activities';

const activity = (id: string, title: string, startsAt: string, endsAt: string) => ({
  id,
  orgId: 'fengtai-lugouqiao',
  orgName: '卢沟桥街道总工会',
  title,
  description: '',
  category: 'service',
  place: '卢沟桥文化广场',
  startsAt,
  endsAt,
  signupOpensAt: '2026-05-01T01:00:00.000Z',
  signupClosesAt: startsAt,
  capacity: 30,
  perMemberLimit: 1,
  eligibility: { activeMember: true, subtreeOnly: true, newEmploymentOnly: false, womenOnly: false },
  waitlist: true,
  holdMinutes: 120,
  confirmed: 3,
  placesLeft: 27,
});

afterEach(() => jest.restoreAllMocks());

it('shows the pages in the order the API sends them (running and upcoming first), then 加载更多 and 没有更多了', async () => {
  // now: 10:00 on 25 November 2026, Beijing time
  jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-11-25T02:00:00.000Z'));
  const api = fakeApi({
    'GET /staff/activities': (_body: unknown, query: URLSearchParams) =>
      query.get('cursor') === 'page-2'
        ? [200, { activities: [activity('ac-oct', '秋季体检', '2026-10-10T01:00:00.000Z', '2026-10-10T04:00:00.000Z')] }]
        : [
            200,
            {
              activities: [
                activity('ac-now', '中医义诊', '2026-11-25T01:00:00.000Z', '2026-11-25T04:00:00.000Z'),
                activity('ac-tomorrow', '免费理发', '2026-11-26T01:00:00.000Z', '2026-11-26T04:00:00.000Z'),
              ],
              nextCursor: 'page-2',
            },
          ],
  });
  render(<StaffActivities />);
  await screen.findByText('免费理发');
  const order = () => Array.from(document.querySelectorAll('[data-activity]')).map((e) => e.getAttribute('data-activity'));
  expect(order()).toEqual(['ac-now', 'ac-tomorrow']);
  fireEvent.click(screen.getByText('加载更多'));
  await screen.findByText('没有更多了');
  expect(order()).toEqual(['ac-now', 'ac-tomorrow', 'ac-oct']);
  expect(api.urls('GET /staff/activities')[1]).toMatch(/cursor=page-2/);
  const line = (id: string) => document.querySelector(`[data-activity="${id}"] .activity__line`)!.textContent;
  expect(line('ac-now')).toContain('进行中');
  expect(line('ac-tomorrow')).not.toMatch(/进行中|已结束/);
  expect(line('ac-oct')).toContain('已结束');
});
