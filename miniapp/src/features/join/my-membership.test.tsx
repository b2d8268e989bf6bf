import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { MyMembership } from './my-membership';

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
};

it('lets a member who joined before 性别 was asked fill it in: pick, save, and it shows', async () => {
  const api = fakeApi({
    'GET /me/membership': [200, { membership }],
    'POST /me/membership/gender': (body: { gender: string }) => [200, { membership: { ...membership, gender: body.gender } }],
  });
  render(<MyMembership />);
  await waitFor(() => expect(document.body.textContent).toContain('卢沟桥街道总工会'));
  expect(document.body.textContent).toContain('补填性别');

  fireEvent.click(screen.getByText('女'));
  fireEvent.click(screen.getByText('保存：女'));

  await waitFor(() => expect(screen.queryByText('补填性别')).toBeNull());
  const rows = Array.from(document.querySelectorAll('.member-info__row')).map((r) => r.textContent);
  expect(rows).toContain('性别女');
  expect(api.sent('POST /me/membership/gender')).toEqual([{ gender: 'female' }]);
});

it('shows 性别 when it is known, with nothing to fill in', async () => {
  fakeApi({ 'GET /me/membership': [200, { membership: { ...membership, gender: 'male' } }] });
  render(<MyMembership />);
  await waitFor(() => expect(Array.from(document.querySelectorAll('.member-info__row')).map((r) => r.textContent)).toContain('性别男'));
  expect(screen.queryByText('补填性别')).toBeNull();
});

it('tells someone who is not a member yet where to join', async () => {
  fakeApi({ 'GET /me/membership': [200, { membership: null }] });
  render(<MyMembership />);
  await waitFor(() => expect(document.body.textContent).toContain('还不是工会会员'));
});
