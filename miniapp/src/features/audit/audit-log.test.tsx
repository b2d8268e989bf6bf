import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { AuditLog } from './audit-log';

// 09:05 on Monday 30 November in Beijing is 01:05 UTC
const entry = (n: number, overrides: Record<string, unknown> = {}) => ({
  id: `au-${n}`,
  at: `2026-11-30T01:0${n}:00.000Z`,
  kind: 'station.create',
  actorId: 'u-zhang',
  actorRole: 'admin',
  actingOrgId: 'fengtai',
  orgId: 'fengtai-lugouqiao',
  objectType: 'station',
  objectId: `st-${n}`,
  objectLabel: '卢沟桥驿站',
  summary: '新建驿站「卢沟桥驿站」',
  actorName: '张*任',
  actingOrgName: '丰台区总工会',
  orgName: '卢沟桥街道总工会',
  ...overrides,
});
const rowOf = (id: string) => document.querySelector(`[data-audit="${id}"]`);
const queryOf = (url: string) => Object.fromEntries(new URL(url).searchParams);

it('lists entries with the kind, Beijing time, what, who (masked) and org; 加载更多 reads the next page', async () => {
  const api = fakeApi({
    'GET /staff/audit': (_body, query) =>
      query.get('cursor')
        ? [200, { entries: [entry(1, { kind: 'staff.revoke', summary: '取消 李* 在卢沟桥街道总工会的工会工作人员权限' })] }]
        : [200, { entries: [entry(5)], nextCursor: 'next-1' }],
  });
  render(<AuditLog />);
  await waitFor(() => expect(rowOf('au-5')).not.toBeNull());
  const row = rowOf('au-5')!;
  expect(row.textContent).toContain('新建驿站');
  expect(row.textContent).toContain('11月30日 周一 09:05');
  expect(row.textContent).toContain('新建驿站「卢沟桥驿站」');
  expect(row.textContent).toContain('张*任');
  // beside the person the org they act for; the org acted on as 对象
  expect(row.querySelector('.audit__who')!.textContent).toContain('工会管理员 · 丰台区总工会');
  expect(row.querySelector('.audit__object')!.textContent).toBe('对象：卢沟桥街道总工会');

  fireEvent.click(screen.getByText('加载更多'));
  await waitFor(() => expect(rowOf('au-1')).not.toBeNull());
  expect(rowOf('au-1')!.textContent).toContain('取消工作人员权限');
  expect(api.urls('GET /staff/audit').map(queryOf)).toEqual([{}, { cursor: 'next-1' }]);
  expect(screen.queryByText('没有更多了')).not.toBeNull();
});

it('filters by kind with the picker, by a person with a tap on their name, and 全部人员 undoes it', async () => {
  const api = fakeApi({
    'GET /staff/audit': (_body, query) => [
      200,
      { entries: query.get('kind') === 'export' && query.get('actorId') ? [] : [entry(3, { actorId: 'u-li', actorName: '李*' })] },
    ],
  });
  render(<AuditLog />);
  await waitFor(() => expect(rowOf('au-3')).not.toBeNull());
  fireEvent.click(screen.getByText('李*'));
  await waitFor(() => expect(document.querySelector('[data-person="u-li"]')).not.toBeNull());
  expect(screen.getByText('人员：李*')).not.toBeNull();

  const picker = document.querySelector('select[name="audit-kind"]') as HTMLSelectElement;
  const exportIndex = Array.from(picker.options).findIndex((o) => o.textContent === '导出数据');
  fireEvent.change(picker, { target: { value: String(exportIndex) } });
  await waitFor(() => expect(screen.queryByText('没有符合条件的操作记录')).not.toBeNull());
  expect(screen.getByText('类型：导出数据 ▾')).not.toBeNull();

  fireEvent.click(screen.getByText('全部人员'));
  await waitFor(() => expect(rowOf('au-3')).not.toBeNull());
  expect(api.urls('GET /staff/audit').map(queryOf)).toEqual([
    {},
    { actorId: 'u-li' },
    { kind: 'export', actorId: 'u-li' },
    { kind: 'export' },
  ]);
});

it('shows the empty state, and the server’s refusal with 重试', async () => {
  let refuse = true;
  fakeApi({
    'GET /staff/audit': () =>
      refuse ? [403, { code: 'forbidden', message: '操作记录仅限管理员查看', requestId: 'r' }] : [200, { entries: [] }],
  });
  render(<AuditLog />);
  await waitFor(() => expect(screen.queryByText('操作记录仅限管理员查看')).not.toBeNull());
  refuse = false;
  fireEvent.click(screen.getByText('重试'));
  await waitFor(() => expect(screen.queryByText('还没有操作记录')).not.toBeNull());
});

it('no 对象 line when the org acted on is the actor’s own', async () => {
  fakeApi({
    'GET /staff/audit': [
      200,
      { entries: [entry(2, { orgId: 'fengtai', orgName: '丰台区总工会', kind: 'org.import', summary: '导入组织' })] },
    ],
  });
  render(<AuditLog />);
  await waitFor(() => expect(rowOf('au-2')).not.toBeNull());
  expect(rowOf('au-2')!.textContent).toContain('工会管理员 · 丰台区总工会');
  expect(rowOf('au-2')!.querySelector('.audit__object')).toBeNull();
});
