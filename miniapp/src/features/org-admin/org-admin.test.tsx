import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { OrgAdmin } from './org-admin';
import { ImportReport } from './org-import';

const fengtai = {
  id: 'fengtai',
  code: '110106',
  status: 'open',
  name: '丰台区总工会',
  shortName: '丰台区',
  level: 'district',
  parentId: 'beijing',
  path: ['beijing', 'fengtai'],
  hasChildren: true,
};
const city = {
  ...fengtai,
  id: 'beijing',
  code: '110000',
  name: '北京市总工会',
  shortName: '市总工会',
  level: 'city',
  parentId: null,
  path: ['beijing'],
};
const detail = { org: fengtai, ancestors: [city], children: [] };
const field: Record<string, string> = { 名称: 'name', 简称: 'shortName', 组织代码: 'code' };
const type = (label: string, value: string) =>
  fireEvent.change(document.querySelector(`input[name="${field[label]}"]`)!, { target: { value } });

it('新建下级组织: the form shows each problem beside its field, then creates and says so', async () => {
  const made = {
    ...fengtai,
    id: 'org-1',
    code: '110106009',
    name: '新村街道总工会',
    shortName: '新村街道',
    level: 'street',
    parentId: 'fengtai',
    path: ['beijing', 'fengtai', 'org-1'],
  };
  const api = fakeApi({ 'GET /orgs/fengtai': [200, detail], 'POST /staff/orgs': [201, made] });
  render(<OrgAdmin actingOrgId="fengtai" />);
  fireEvent.click(await screen.findByText('新建下级组织'));
  expect(screen.getByText('上级工会')).toBeTruthy();
  fireEvent.click(screen.getByText('新建'));
  await waitFor(() => expect(document.body.textContent).toContain('请填写名称（至少 2 个字）'));
  expect(document.body.textContent).toContain('请填写简称');
  expect(document.body.textContent).toContain('组织代码格式不正确');
  expect(api.sent('POST /staff/orgs')).toEqual([]);

  type('名称', '新村街道总工会');
  type('简称', '新村街道');
  type('组织代码', '110106009');
  fireEvent.click(screen.getByText('新建'));
  await waitFor(() => expect(taroFake.toasts.map((t) => t.title)).toContain('已新建组织'));
  expect(api.sent('POST /staff/orgs')).toEqual([{ parentId: 'fengtai', code: '110106009', name: '新村街道总工会', shortName: '新村街道' }]);
});

it('a code the server refuses is shown beside 组织代码', async () => {
  fakeApi({
    'GET /orgs/fengtai': [200, detail],
    'POST /staff/orgs': [
      409,
      {
        code: 'conflict',
        message: '组织代码 110106001 已被“卢沟桥街道总工会”使用',
        fieldErrors: { code: ['组织代码 110106001 已被“卢沟桥街道总工会”使用'] },
        requestId: 'r',
      },
    ],
  });
  render(<OrgAdmin actingOrgId="fengtai" />);
  fireEvent.click(await screen.findByText('新建下级组织'));
  type('名称', '新村街道总工会');
  type('简称', '新村街道');
  type('组织代码', '110106001');
  fireEvent.click(screen.getByText('新建'));
  const error = await screen.findByText('组织代码 110106001 已被“卢沟桥街道总工会”使用');
  expect(error.previousElementSibling).toBe(document.querySelector('input[name="code"]'));
});

it('the import report lists each bad row with its row number and says nothing was imported', () => {
  render(
    <ImportReport
      file={{ name: '组织.csv' }}
      result={{
        dryRun: true,
        total: 3,
        created: 0,
        updated: 0,
        unchanged: 0,
        errors: [
          { row: 2, field: '上级组织代码', message: '上级组织代码形成循环：A → B → A' },
          { row: 4, field: '组织代码', message: '组织代码 C 与第 3 行重复' },
        ],
      }}
    />,
  );
  expect(document.body.textContent).toContain('组织.csv：有 2 处问题，未导入任何内容');
  const rows = screen.getAllByRole('row').map((r) => r.textContent);
  expect(rows).toEqual(['行列问题', '第 2 行上级组织代码上级组织代码形成循环：A → B → A', '第 4 行组织代码组织代码 C 与第 3 行重复']);
});

it('a clean dry run says what will be created and updated', () => {
  render(
    <ImportReport
      file={{ name: 'tree.xlsx' }}
      result={{ dryRun: true, total: 5000, created: 4990, updated: 10, unchanged: 0, errors: [], rows: [] }}
    />,
  );
  expect(document.body.textContent).toContain('tree.xlsx：共 5000 行，将新建 4990 个、更新 10 个、未变 0 个组织');
});

// 丰台 → 卢沟桥 (a street) → 物流 (a grassroots union at the deepest level)
const street = {
  ...fengtai,
  id: 'lgq',
  code: '110106001',
  name: '卢沟桥街道总工会',
  shortName: '卢沟桥',
  level: 'street',
  parentId: 'fengtai',
  path: ['beijing', 'fengtai', 'lgq'],
};
const grassroots = (id: string, name: string, parent: { id: string; path: string[] }) => ({
  ...street,
  id,
  code: `${street.code}${id.length}`,
  name,
  shortName: name.slice(0, 4),
  level: 'grassroots',
  parentId: parent.id,
  path: [...parent.path, id],
  hasChildren: false,
});

it('a 关闭 refusal on one org is not shown on the next org opened', async () => {
  const logistics = grassroots('lgq-logistics', '卢沟桥街道快递物流行业联合工会', street);
  const api = fakeApi({
    'GET /orgs/fengtai': [200, { ...detail, children: [street] }],
    'GET /orgs/lgq': [200, { org: street, ancestors: [city, fengtai], children: [logistics] }],
    'GET /orgs/lgq-logistics': [200, { org: logistics, ancestors: [city, fengtai, street], children: [] }],
    'POST /staff/orgs/lgq/close': [
      409,
      {
        code: 'conflict',
        message: '不能关闭“卢沟桥街道总工会”：还有 1 个下级组织',
        fieldErrors: { children: ['还有 1 个下级组织'] },
        requestId: 'r',
      },
    ],
  });
  render(<OrgAdmin actingOrgId="fengtai" />);
  fireEvent.click(await screen.findByText('卢沟桥街道总工会'));
  fireEvent.click(await screen.findByText('关闭'));
  await screen.findByText('不能关闭“卢沟桥街道总工会”：还有 1 个下级组织');
  expect(taroFake.modals[0]).toMatchObject({ confirmText: '关闭', confirmColor: '#c8102e' });

  fireEvent.click(screen.getByText('卢沟桥街道快递物流行业联合工会'));
  await waitFor(() => expect(document.querySelector('.page-header__title')?.textContent).toBe('卢沟桥街道快递物流行业联合工会'));
  expect(screen.getByText('关闭')).toBeTruthy();
  expect(document.body.textContent).not.toContain('不能关闭');
  expect(api.sent('POST /staff/orgs/lgq/close')).toHaveLength(1);
});

it('the org actions are the app’s buttons; 关闭 is the destructive one, on its own row', async () => {
  fakeApi({
    'GET /orgs/fengtai': [200, { ...detail, children: [street] }],
    'GET /orgs/lgq': [200, { org: street, ancestors: [city, fengtai], children: [] }],
  });
  render(<OrgAdmin actingOrgId="fengtai" />);
  fireEvent.click(await screen.findByText('卢沟桥街道总工会'));
  const close = await screen.findByText('关闭');
  const actions = Array.from(document.querySelectorAll('.org-admin__actions .org-admin__action'));
  expect(actions.map((b) => b.textContent)).toEqual(['新建下级组织', '改名', '移动', '邀请工作人员', '导入组织', '关闭']);
  for (const button of actions) expect(button.className).toContain('big-button');
  expect(close.closest('.org-admin__close-area')).not.toBeNull();
  expect(close.className).toContain('org-admin__close');
});

it('移动 never offers the org itself, its own subtree or its present parent, and says why when nothing is left', async () => {
  const park = grassroots('lgq-park', '卢沟桥街道产业园区联合工会', street);
  const api = fakeApi({
    'GET /orgs/fengtai': [200, { ...detail, children: [street] }],
    'GET /orgs/lgq': [200, { org: street, ancestors: [city, fengtai], children: [park] }],
    'GET /orgs/search': (_body, query) =>
      query.get('q') === '卢沟桥'
        ? [200, { orgs: [street, park, grassroots('lgq-park-a', '卢沟桥园区甲工会', park)] }]
        : [200, { orgs: [fengtai, { ...fengtai, id: 'shunyi', name: '顺义区总工会', path: ['beijing', 'shunyi'] }] }],
  });
  render(<OrgAdmin actingOrgId="fengtai" />);
  fireEvent.click(await screen.findByText('卢沟桥街道总工会'));
  fireEvent.click(await screen.findByText('移动'));
  fireEvent.change(screen.getByPlaceholderText('输入名称开头，如 卢沟桥'), { target: { value: '卢沟桥' } });
  fireEvent.click(screen.getByText('查找'));
  await screen.findByText(/找到的只有它自己、它的下级组织或它现在的上级/);
  expect(screen.queryByText('卢沟桥园区甲工会')).toBeNull();

  fireEvent.change(screen.getByPlaceholderText('输入名称开头，如 卢沟桥'), { target: { value: '区' } });
  fireEvent.click(screen.getByText('查找'));
  await screen.findByText('顺义区总工会');
  // 丰台 is its parent already
  expect(screen.queryByText('丰台区总工会')).toBeNull();
  expect(api.urls('GET /orgs/search')).toHaveLength(2);
});

it('an org at the deepest level offers no 新建下级组织 and says why', async () => {
  const community = grassroots('lgq-c', '卢沟桥社区工会', street);
  const deepest = grassroots('lgq-c-1', '卢沟桥社区某公司工会', community);
  expect(deepest.path).toHaveLength(5);
  fakeApi({ 'GET /orgs/lgq-c-1': [200, { org: deepest, ancestors: [city, fengtai, street, community], children: [] }] });
  render(<OrgAdmin actingOrgId="lgq-c-1" />);
  await screen.findByText('改名');
  expect(screen.queryByText('新建下级组织')).toBeNull();
  expect(document.body.textContent).toContain('不能再新建下级组织');
});
