import { taroFake } from '../../test-support/taro-fake';
import { currentSession, handleUnauthorized, saveSession } from './session-store';

const session = (role: 'worker' | 'staff') => ({
  token: 't',
  expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  me: { id: 'u1', role, displayName: '王师傅', actingOrgId: role === 'staff' ? 'fengtai' : null },
});

beforeEach(() => taroFake.reset());

it('tells a revoked staff member why they are signed out, in the server’s words', () => {
  saveSession(session('staff') as never);
  handleUnauthorized({ message: '您的工作人员身份已变更，请重新登录' });
  expect(currentSession()).toBeNull();
  expect(taroFake.modals).toEqual([expect.objectContaining({ content: '您的工作人员身份已变更，请重新登录' })]);
});

it('signs a worker out quietly (an expired token just signs in again)', () => {
  saveSession(session('worker') as never);
  handleUnauthorized({ message: '登录已过期，请重新登录' });
  expect(currentSession()).toBeNull();
  expect(taroFake.modals).toHaveLength(0);
});
