import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { StationSupervisors } from './station-supervisors';

// appointed at 00:30 on 1 December in Beijing: still 30 November in UTC
const wang = {
  userId: 'u-wang',
  name: '王*傅',
  memberNo: '261126000123',
  occupation: 'food-delivery',
  appointedAt: '2026-11-30T16:30:00.000Z',
};
const li = { userId: 'u-li', name: '李*', memberNo: '261126000456', appointedAt: '2026-10-08T02:00:00.000Z' };
const listRoute = 'GET /staff/stations/st-1/supervisors';

const box = () => screen.getByPlaceholderText('如 261126000123');

it('lists the station’s supervisors: masked name, 会员号, occupation and the Beijing day they were appointed', async () => {
  fakeApi({ [listRoute]: [200, { supervisors: [wang, li] }] });
  render(<StationSupervisors stationId="st-1" stationName="卢沟桥驿站" />);
  await screen.findByText('王*傅');
  const row = document.querySelector('[data-supervisor="u-wang"]')!;
  expect(row.textContent).toContain('会员号 261126000123 · 外卖配送员');
  expect(row.textContent).toContain('2026年12月1日 任命');
  expect(document.querySelector('[data-supervisor="u-li"]')!.textContent).toContain('会员号 261126000456');
  expect(screen.getByText(/卢沟桥驿站 · /)).toBeTruthy();
});

it('任命监督员 appoints by 会员号 for this station, says so, and the list shows them', async () => {
  let appointed = false;
  const api = fakeApi({
    [listRoute]: () => [200, { supervisors: appointed ? [wang] : [] }],
    'POST /staff/supervisors': () => (
      (appointed = true),
      [200, { supervisor: { name: '王*傅', memberNo: wang.memberNo }, stationIds: ['st-1'] }]
    ),
  });
  render(<StationSupervisors stationId="st-1" />);
  await screen.findByText('还没有监督员');

  fireEvent.change(box(), { target: { value: ' 261126000123 ' } });
  fireEvent.click(screen.getByText('任命监督员', { selector: 'button' }));

  await screen.findByText('王*傅');
  expect(api.sent('POST /staff/supervisors')).toEqual([{ memberNo: '261126000123', stationIds: ['st-1'] }]);
  expect(taroFake.toasts).toEqual([{ title: '已任命 王*傅', icon: 'success' }]);
  expect((box() as HTMLInputElement).value).toBe('');
});

it('a 会员号 the API refuses is said under the box (400 with the field, or no such member), and typing clears it', async () => {
  let answer: [number, unknown] = [
    400,
    { code: 'invalid_input', message: '请检查填写的内容', fieldErrors: { memberNo: ['这个会员号的会员已退会，不能任命'] } },
  ];
  fakeApi({ [listRoute]: [200, { supervisors: [] }], 'POST /staff/supervisors': () => answer });
  render(<StationSupervisors stationId="st-1" />);
  await screen.findByText('还没有监督员');

  fireEvent.change(box(), { target: { value: '261126000999' } });
  fireEvent.click(screen.getByText('任命监督员', { selector: 'button' }));
  const error = await screen.findByText('这个会员号的会员已退会，不能任命');
  expect(error.previousElementSibling).toBe(box());
  expect(screen.getByText('请按上面的提示修改后再提交')).toBeTruthy();

  fireEvent.change(box(), { target: { value: '261126000998' } });
  expect(screen.queryByText('这个会员号的会员已退会，不能任命')).toBeNull();

  answer = [404, { code: 'not_found', message: '没有找到这个会员号的会员' }];
  fireEvent.click(screen.getByText('任命监督员', { selector: 'button' }));
  expect((await screen.findByText('没有找到这个会员号的会员')).previousElementSibling).toBe(box());
  expect(taroFake.toasts).toEqual([]);
});

it('an empty or malformed 会员号 is said under the box before anything is sent', async () => {
  const api = fakeApi({ [listRoute]: [200, { supervisors: [] }], 'POST /staff/supervisors': [200, {}] });
  render(<StationSupervisors stationId="st-1" />);
  await screen.findByText('还没有监督员');
  fireEvent.click(screen.getByText('任命监督员', { selector: 'button' }));
  expect((await screen.findByText('请填写会员号')).previousElementSibling).toBe(box());
  fireEvent.change(box(), { target: { value: '会员 12' } });
  fireEvent.click(screen.getByText('任命监督员', { selector: 'button' }));
  expect(await screen.findByText('会员号格式不正确')).toBeTruthy();
  expect(api.sent('POST /staff/supervisors')).toHaveLength(0);
});

it('取消监督 asks first with a red confirm; 保留 keeps them, confirming removes them with a toast', async () => {
  let removed = false;
  const api = fakeApi({
    [listRoute]: () => [200, { supervisors: removed ? [] : [wang] }],
    'POST /staff/stations/st-1/supervisors/u-wang/remove': () => ((removed = true), [200, { removed: true }]),
  });
  render(<StationSupervisors stationId="st-1" />);
  await screen.findByText('王*傅');

  taroFake.modalAnswer = false;
  fireEvent.click(screen.getByText('取消监督'));
  await waitFor(() => expect(taroFake.modals).toHaveLength(1));
  expect(taroFake.modals[0]).toMatchObject({ title: '取消 王*傅 的监督？', confirmText: '取消监督', confirmColor: '#c8102e' });
  expect(api.sent('POST /staff/stations/st-1/supervisors/u-wang/remove')).toHaveLength(0);

  taroFake.modalAnswer = true;
  fireEvent.click(screen.getByText('取消监督'));
  await screen.findByText('还没有监督员');
  expect(api.sent('POST /staff/stations/st-1/supervisors/u-wang/remove')).toHaveLength(1);
  expect(taroFake.toasts).toEqual([{ title: '已取消监督', icon: 'success' }]);
});

it('a removal that fails is said beside that supervisor’s button', async () => {
  fakeApi({
    [listRoute]: [200, { supervisors: [wang, li] }],
    'POST /staff/stations/st-1/supervisors/u-li/remove': [403, { code: 'forbidden', message: '这个驿站不在您负责的范围内' }],
  });
  render(<StationSupervisors stationId="st-1" />);
  await screen.findByText('李*');
  fireEvent.click(screen.getAllByText('取消监督')[1]!);
  const error = await screen.findByText('这个驿站不在您负责的范围内');
  expect(document.querySelector('[data-supervisor="u-li"]')!.contains(error)).toBe(true);
  expect(taroFake.toasts).toEqual([]);
});
