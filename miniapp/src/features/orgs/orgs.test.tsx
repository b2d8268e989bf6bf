import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { OrgDirectory } from './org-directory';
import { StaffScope } from './staff-scope';

const org = (id: string, name: string, level: string, parentId: string | null, hasChildren?: boolean) => ({
  id,
  code: `C${id.replace(/[^a-z0-9]/g, '').slice(0, 30) || 'x'}`,
  status: 'open',
  name,
  shortName: name.replace('总工会', '').slice(0, 20),
  level,
  parentId,
  path: parentId ? [parentId, id] : [id],
  ...(hasChildren === undefined ? {} : { hasChildren }),
});

const city = org('beijing', '北京市总工会', 'city', null, true);
const fengtai = org('fengtai', '丰台区总工会', 'district', 'beijing', true);
const shunyi = org('shunyi', '顺义区总工会', 'district', 'beijing');
const tree = { roots: [{ ...city, children: [fengtai, shunyi] }], count: 3 };
const street = (n: number) => org(`fengtai-s${n}`, `丰台第${n}街道总工会`, 'street', 'fengtai', n === 1 ? false : undefined);

it('opens a district on tap, loads its children once, and shows the next page on 加载更多', async () => {
  const api = fakeApi({
    'GET /orgs': [200, tree],
    'GET /orgs/fengtai/children': (_body, query) =>
      query.get('cursor') === 'p2' ? [200, { orgs: [street(3)] }] : [200, { orgs: [street(1), street(2)], nextCursor: 'p2' }],
  });
  render(<OrgDirectory />);
  await screen.findByText('丰台区总工会');
  expect(screen.queryByText(/共 \d+ 个组织/)).toBeNull();
  expect(api.urls('GET /orgs/fengtai/children')).toHaveLength(0);

  fireEvent.click(screen.getByText('丰台区总工会'));
  await screen.findByText('丰台第1街道总工会');
  expect(document.querySelector('[data-org="fengtai"]')!.getAttribute('aria-expanded')).toBe('true');
  // a street with hasChildren false is a leaf: nothing to open
  expect(document.querySelector('[data-org="fengtai-s1"]')!.hasAttribute('aria-expanded')).toBe(false);

  fireEvent.click(screen.getByText('加载更多'));
  await screen.findByText('丰台第3街道总工会');
  expect(screen.queryByText('加载更多')).toBeNull();
  expect(api.urls('GET /orgs/fengtai/children').map((u) => new URL(u).searchParams.get('cursor'))).toEqual([null, 'p2']);

  // closing and opening again shows what was loaded, without asking again
  fireEvent.click(screen.getByText('丰台区总工会'));
  expect(screen.queryByText('丰台第1街道总工会')).toBeNull();
  fireEvent.click(screen.getByText('丰台区总工会'));
  expect(screen.getByText('丰台第3街道总工会')).not.toBeNull();
  expect(api.urls('GET /orgs/fengtai/children')).toHaveLength(2);
});

it('says so when an opened org has no children', async () => {
  fakeApi({ 'GET /orgs': [200, tree], 'GET /orgs/shunyi/children': [200, { orgs: [] }] });
  render(<OrgDirectory />);
  fireEvent.click(await screen.findByText('顺义区总工会'));
  await screen.findByText('暂无下级组织');
});

it('shows a failed level with 重试 beside it, and loads it on 重试', async () => {
  let fail = true;
  const api = fakeApi({
    'GET /orgs': [200, tree],
    'GET /orgs/fengtai/children': () =>
      fail ? ((fail = false), [500, { code: 'internal', message: '服务暂时不可用', requestId: 'r' }]) : [200, { orgs: [street(2)] }],
  });
  render(<OrgDirectory />);
  fireEvent.click(await screen.findByText('丰台区总工会'));
  const alert = await screen.findByRole('alert');
  expect(alert.textContent).toContain('重试');
  // the rest of the tree stays usable
  expect(screen.getByText('顺义区总工会')).not.toBeNull();
  fireEvent.click(screen.getByText('重试'));
  await screen.findByText('丰台第2街道总工会');
  expect(screen.queryByRole('alert')).toBeNull();
  expect(api.urls('GET /orgs/fengtai/children')).toHaveLength(2);
});

it('searches by name, in a district when one is picked, and returns to the tree when cleared', async () => {
  const api = fakeApi({
    'GET /orgs': [200, tree],
    'GET /orgs/search': (_body, query) =>
      query.get('q') === '丰台第'
        ? [200, { orgs: query.get('district') === 'fengtai' ? [street(1), street(2)] : [] }]
        : [500, { code: 'internal', message: '查找失败', requestId: 'r' }],
  });
  render(<OrgDirectory />);
  const box = await screen.findByPlaceholderText('搜索工会名称');
  fireEvent.change(box, { target: { value: '丰台第' } });
  await screen.findByText('没有名称以“丰台第”开头的工会');
  expect(document.querySelector('[data-org="shunyi"]')).toBeNull();

  fireEvent.click(screen.getByText('丰台区'));
  await screen.findByText('丰台第2街道总工会');
  expect(api.urls('GET /orgs/search').map((u) => new URL(u).searchParams.get('district'))).toEqual([null, 'fengtai']);

  fireEvent.change(box, { target: { value: '朝阳' } });
  fireEvent.keyDown(box, { key: 'Enter' });
  expect((await screen.findByRole('alert')).textContent).toContain('查找失败');

  fireEvent.click(screen.getByText('清除'));
  expect(screen.getByText('顺义区总工会')).not.toBeNull();
  expect(screen.queryByRole('alert')).toBeNull();
});

it('counts the staff scope’s direct children only, and continues them with 加载更多', async () => {
  const lgq = org('fengtai-lgq', '卢沟桥街道总工会', 'street', 'fengtai', true);
  fakeApi({
    'GET /staff/scope': [200, { actingOrg: lgq, tree: { roots: [{ ...lgq, children: [street(1)] }], count: 2, childrenCursor: 'c2' } }],
    'GET /orgs/fengtai-lgq/children': [200, { orgs: [street(2)] }],
  });
  render(<StaffScope />);
  await screen.findByText('直属下级 1 个以上');
  expect(screen.getByText('您可代表本组织及其下级组织开展工作')).not.toBeNull();
  fireEvent.click(screen.getByText('加载更多'));
  await screen.findByText('丰台第2街道总工会');
  await waitFor(() => expect(screen.queryByText('加载更多')).toBeNull());
});
