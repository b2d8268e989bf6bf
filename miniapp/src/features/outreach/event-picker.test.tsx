import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { event } from '../../../test-support/outreach-data';
import { JoinCodes } from '../join/join-codes';
import { PublishActivity } from '../activities/publish-activity';

const closed = { ...event, id: 'ev-old', name: '上月企业沟通会', status: 'closed' };
const events = { 'GET /staff/events': [200, { events: [event, closed] }] as [number, unknown] };

it('a join code made for a 沟通会 sends its eventId and no title of its own (the event gives it); events that are over are not offered', async () => {
  const api = fakeApi({
    ...events,
    'GET /staff/join-codes': [200, { codes: [] }],
    'POST /staff/join-codes': [201, { id: 'jc-1', token: 'AbCdEfGhIjK_lmnopqrstuvwxyz-012' }],
  });
  render(<JoinCodes actingOrgId="fengtai-lugouqiao" />);
  await screen.findByText('卢沟桥新就业形态劳动者沟通会 · 11月29日 周三');
  expect(screen.queryByText(/上月企业沟通会/)).toBeNull();

  fireEvent.change(document.querySelector('select[name="join-code-event"]')!, { target: { value: '1' } });
  expect(screen.queryByPlaceholderText('如：卢沟桥职工沟通会')).toBeNull();
  fireEvent.click(screen.getByText('生成二维码'));

  await waitFor(() => expect(api.sent('POST /staff/join-codes')).toHaveLength(1));
  expect(api.sent('POST /staff/join-codes')[0]).toEqual({ orgId: 'fengtai-lugouqiao', eventId: 'ev-1', autoApprove: false });
});

it('shows the API’s refusal of the event beside the picker', async () => {
  fakeApi({
    ...events,
    'GET /staff/join-codes': [200, { codes: [] }],
    'POST /staff/join-codes': [
      409,
      {
        code: 'conflict',
        message: '一场沟通会最多 10 个入会码',
        fieldErrors: { eventId: ['一场沟通会最多 10 个入会码'] },
        requestId: 'r1',
      },
    ],
  });
  render(<JoinCodes actingOrgId="fengtai-lugouqiao" />);
  await screen.findByText('卢沟桥新就业形态劳动者沟通会 · 11月29日 周三');
  fireEvent.change(document.querySelector('select[name="join-code-event"]')!, { target: { value: '1' } });
  fireEvent.click(screen.getByText('生成二维码'));
  const message = await screen.findByText('一场沟通会最多 10 个入会码');
  expect(message.previousElementSibling?.querySelector('select[name="join-code-event"]')).toBeTruthy();
  expect(taroFake.navigations).toEqual([]);
});

it('an activity published for a 沟通会 sends its eventId', async () => {
  const api = fakeApi({ ...events, 'POST /staff/activities': [201, { id: 'ac-new' }] });
  render(<PublishActivity actingOrgId="fengtai-lugouqiao" />);
  await screen.findByText('卢沟桥新就业形态劳动者沟通会 · 11月29日 周三');
  fireEvent.change(screen.getByPlaceholderText('如：中医义诊'), { target: { value: '中医义诊' } });
  fireEvent.change(screen.getByPlaceholderText('如：卢沟桥文化广场'), { target: { value: '卢沟桥文化广场' } });
  fireEvent.change(document.querySelector('select[name="activity-event"]')!, { target: { value: '1' } });
  fireEvent.click(screen.getByText('发布'));
  await waitFor(() => expect(api.sent('POST /staff/activities')).toHaveLength(1));
  expect(api.sent('POST /staff/activities')[0]).toMatchObject({ title: '中医义诊', eventId: 'ev-1' });
});
