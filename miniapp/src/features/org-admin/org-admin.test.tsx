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
