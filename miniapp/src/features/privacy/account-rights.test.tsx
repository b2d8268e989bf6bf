import { act, fireEvent, render, screen } from '@testing-library/react';
import { PRIVACY_VERSION } from '@shared/schemas/privacy';
import type { Session } from '@shared/schemas/session';
import { taroFake } from '../../../test-support/taro-fake';
import { fakeApi } from '../../../test-support/fake-api';
import { currentSession, saveSession } from '../../lib/session-store';
import { readOffline, saveOffline } from '../../lib/offline-cache';
import { SessionGate } from '../auth/session-gate';
import { MyPrivacy } from './my-privacy';

const session: Session = {
  token: 't1',
  expiresAt: new Date(Date.now() + 3600_000).toISOString(),
  me: { id: 'u1', role: 'worker', displayName: '微信用户', actingOrgId: null, privacyConsentVersion: PRIVACY_VERSION },
};
const membership = {
  memberNo: '261120000123',
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

const page = () => render(<SessionGate>{(s) => <MyPrivacy session={s} />}</SessionGate>);
const settle = () => act(async () => new Promise((r) => setTimeout(r, 0)));

beforeEach(() => act(() => saveSession(null)));

describe('更正信息', () => {
  it('sends only what changed, then shows the corrected membership with a toast', async () => {
    let current = membership;
    const api = fakeApi({
      'GET /me/membership': () => [200, { membership: current }],
      'PATCH /me/profile': (body) => {
        current = { ...membership, ...body };
        return [200, { membership: current, changed: Object.keys(body) }];
      },
    });
    act(() => saveSession(session));
    page();
    await screen.findByText('13912345678');
    fireEvent.click(screen.getByRole('button', { name: '更正信息' }));
    const employer = document.querySelector('input[name="employer"]') as HTMLInputElement;
    fireEvent.input(employer, { target: { value: '饿了么' } });
    fireEvent.click(screen.getByText('保存更正'));
    await screen.findByText('饿了么');
    expect(api.sent('PATCH /me/profile')).toEqual([{ employer: '饿了么' }]);
    expect(taroFake.toasts.at(-1)).toMatchObject({ title: '已更正', icon: 'success' });
  });

  it('shows problems beside their fields: its own check first, then the server’s', async () => {
    const api = fakeApi({
      'GET /me/membership': [200, { membership }],
      'PATCH /me/profile': [
        409,
        { code: 'conflict', message: '这个手机号已被其他会员使用', fieldErrors: { mobile: ['这个手机号已被其他会员使用'] } },
      ],
    });
    act(() => saveSession(session));
    page();
    await screen.findByText('13912345678');
    fireEvent.click(screen.getByRole('button', { name: '更正信息' }));
    const mobile = document.querySelector('input[name="mobile"]') as HTMLInputElement;
    fireEvent.input(mobile, { target: { value: '123' } });
    fireEvent.click(screen.getByText('保存更正'));
    expect(await screen.findByText('请填写 11 位手机号')).toBeTruthy();
    expect(api.sent('PATCH /me/profile')).toHaveLength(0);

    fireEvent.input(mobile, { target: { value: '13800001111' } });
    fireEvent.click(screen.getByText('保存更正'));
    expect(await screen.findByText('这个手机号已被其他会员使用')).toBeTruthy();
    expect(api.sent('PATCH /me/profile')).toEqual([{ mobile: '13800001111' }]);
  });

  it('an emptied name is told 请填写真实姓名, as the join form says it, and nothing is sent', async () => {
    const api = fakeApi({ 'GET /me/membership': [200, { membership }] });
    act(() => saveSession(session));
    page();
    await screen.findByText('13912345678');
    fireEvent.click(screen.getByRole('button', { name: '更正信息' }));
    fireEvent.input(document.querySelector('input[name="name"]')!, { target: { value: '' } });
    fireEvent.click(screen.getByText('保存更正'));
    const beside = await screen.findByText('请填写真实姓名');
    expect(beside.closest('.field-error')).not.toBeNull();
    expect(document.body.textContent).not.toContain('姓名只能包含汉字或字母');
    expect(api.sent('PATCH /me/profile')).toHaveLength(0);
  });
});

describe('注销账号', () => {
  it('asks twice in red, deletes on the server, then forgets the person on this phone and shows the sign-in', async () => {
    const api = fakeApi({
      'GET /me/membership': [200, { membership }],
      'POST /me/account/delete': [200, { deleted: true, finished: true }],
    });
    act(() => saveSession(session));
    await saveOffline('member-card', 'u1', { name: '王大勇' });
    page();
    await screen.findByText('13912345678');

    taroFake.modalAnswer = false;
    fireEvent.click(screen.getByRole('button', { name: '注销账号' }));
    await settle();
    expect(api.sent('POST /me/account/delete')).toHaveLength(0);
    expect(taroFake.modals.at(-1)).toMatchObject({ title: '注销账号', confirmColor: '#c8102e' });

    taroFake.modalAnswer = true;
    fireEvent.click(screen.getByRole('button', { name: '注销账号' }));
    await screen.findByText('请选择一个演示身份', { exact: false });
    expect(taroFake.modals.slice(-2).map((m) => [m.title, m.confirmColor])).toEqual([
      ['注销账号', '#c8102e'],
      ['再次确认', '#c8102e'],
    ]);
    expect(api.sent('POST /me/account/delete')).toEqual([{ confirm: '确认注销' }]);
    expect(currentSession()).toBeNull();
    expect(await readOffline('member-card', 'u1')).toBeNull();
    expect(taroFake.toasts.at(-1)).toMatchObject({ title: '账号已注销' });
  });

  it('when the server cannot be reached, says so beside the button and keeps the person signed in', async () => {
    fakeApi({ 'GET /me/membership': [200, { membership }] });
    act(() => saveSession(session));
    page();
    await screen.findByText('13912345678');
    taroFake.respond = ({ url }) => (url.endsWith('/account/delete') ? new Error('offline') : { statusCode: 200, data: { membership } });
    taroFake.modalAnswer = true;
    fireEvent.click(screen.getByRole('button', { name: '注销账号' }));
    expect(await screen.findByText(/网络/)).toBeTruthy();
    expect(currentSession()).not.toBeNull();
  });
});

describe('导出我的数据', () => {
  const made = {
    xlsxUrl: 'http://127.0.0.1:4569/b/exports/abc-1/my-data.xlsx?X-Amz-Signature=1',
    jsonUrl: 'http://127.0.0.1:4569/b/exports/abc-1/my-data.json?X-Amz-Signature=1',
    filename: '我的数据.xlsx',
    createdAt: '2026-11-30T04:00:00.000Z',
    expiresAt: '2026-11-30T04:10:00.000Z',
  };
  const env = process.env.TARO_ENV;
  afterEach(() => void (process.env.TARO_ENV = env));

  it('H5: builds the copy with progress on the button, then offers the files as downloads', async () => {
    let answer: (reply: [number, unknown]) => void = () => undefined;
    const api = fakeApi({ 'GET /me/membership': [200, { membership }] });
    taroFake.respond = ({ url }) =>
      url.endsWith('/me/data-export')
        ? // answered by the test below, after it saw the progress
          new Promise((resolve) => (answer = ([statusCode, data]) => resolve({ statusCode, data })))
        : { statusCode: 200, data: { membership } };
    const followed: { href: string; download: string }[] = [];
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      followed.push({ href: this.href, download: this.download });
    });
    act(() => saveSession(session));
    page();
    await screen.findByText('13912345678');
    fireEvent.click(screen.getByRole('button', { name: '导出我的数据' }));
    expect(await screen.findByText('正在生成，请稍候…')).toBeTruthy();
    await act(async () => answer([200, made]));
    // both save under their Chinese names (the server's Content-Disposition; `download` too), no JSON tab
    fireEvent.click(await screen.findByRole('button', { name: '下载 我的数据.xlsx' }));
    fireEvent.click(screen.getByRole('button', { name: '下载 我的数据.json' }));
    expect(followed).toEqual([
      { href: made.xlsxUrl, download: '我的数据.xlsx' },
      { href: made.jsonUrl, download: '我的数据.json' },
    ]);
    expect(document.querySelectorAll('a[download]')).toHaveLength(0);
    expect(screen.getByText(/生成于 11月30日 周一 12:00/)).toBeTruthy();
    expect(taroFake.toasts.at(-1)).toMatchObject({ title: '已生成' });
    expect(api.sent('POST /me/data-export')).toHaveLength(1);
    click.mockRestore();
  });

  it('weapp: downloads the .xlsx and opens it in WeChat’s document viewer', async () => {
    process.env.TARO_ENV = 'weapp';
    fakeApi({ 'GET /me/membership': [200, { membership }], 'POST /me/data-export': [200, made] });
    act(() => saveSession(session));
    page();
    await screen.findByText('13912345678');
    fireEvent.click(screen.getByRole('button', { name: '导出我的数据' }));
    await screen.findByRole('button', { name: '打开 我的数据.xlsx' });
    expect(taroFake.downloads).toEqual([made.xlsxUrl]);
    expect(taroFake.documents).toEqual([{ filePath: 'wxfile://tmp/my-data.xlsx', fileType: 'xlsx', showMenu: true }]);
  });
});
