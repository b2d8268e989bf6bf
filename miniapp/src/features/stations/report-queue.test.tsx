import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { ReportQueue } from './report-queue';
import { ReportProblem } from './report-problem';
import { MessageWall } from './message-wall';

// 07:30 on Monday 30 November in Beijing is 23:30 UTC on the Sunday
const report = {
  id: 'rp-1',
  stationId: 'st-1',
  stationName: '卢沟桥驿站',
  orgId: 'fengtai-lugouqiao',
  type: 'no-water',
  status: 'resolved',
  reporterName: '王*勇',
  createdAt: '2026-11-29T23:30:00.000Z',
  resolvedAt: '2026-11-30T00:10:00.000Z',
  resolvedBy: '李老师',
};

it('shows when a problem was reported and resolved in Beijing time, with the weekday', async () => {
  fakeApi({ 'GET /staff/reports': [200, { reports: [report] }] });
  render(<ReportQueue />);
  await waitFor(() => expect(document.querySelector('[data-report="rp-1"]')).not.toBeNull());
  const card = document.querySelector('[data-report="rp-1"]')!;
  expect(card.textContent).toContain('卢沟桥驿站 · 王*勇 · 11月30日 周一 07:30');
  expect(card.textContent).toContain('由 李老师 处理（11月30日 周一 08:10）');
});

it('已处理 then 确认已处理 says so with a toast, and the card leaves the 待处理 list', async () => {
  let resolved = false;
  const api = fakeApi({
    'GET /staff/reports': () => [
      200,
      { reports: resolved ? [] : [{ ...report, status: 'open', resolvedAt: undefined, resolvedBy: undefined }] },
    ],
    'POST /staff/reports/rp-1/resolve': () => ((resolved = true), [200, report]),
  });
  render(<ReportQueue />);
  fireEvent.click(await screen.findByText('已处理', { selector: 'button' }));
  fireEvent.click(screen.getByText('确认已处理'));
  await waitFor(() => expect(document.querySelector('[data-report="rp-1"]')).toBeNull());
  expect(api.sent('POST /staff/reports/rp-1/resolve')).toEqual([{}]);
  expect(taroFake.toasts).toEqual([{ title: '已标记处理', icon: 'success' }]);
  expect(screen.queryByText('没有待处理的问题')).not.toBeNull();
});

it('keeps 提交 visibly disabled, saying why, until a problem is picked', () => {
  const api = fakeApi({ 'POST /stations/st-1/reports': [201, {}] });
  render(<ReportProblem stationId="st-1" />);
  const submit = screen.getByText('请先选择问题').closest('button')!;
  expect(submit.disabled).toBe(true);
  fireEvent.click(screen.getByText('没有热水'));
  expect(submit.disabled).toBe(false);
  expect(submit.textContent).toBe('提交：没有热水');
  expect(api.sent('POST /stations/st-1/reports')).toHaveLength(0);
});

it('shows wall posts with their Beijing time, and a refused post’s reason under the text box', async () => {
  fakeApi({
    'GET /stations/st-1/posts': [
      200,
      { posts: [{ id: 'p1', stationId: 'st-1', text: '热水很及时', authorName: '王师傅', createdAt: report.createdAt }] },
    ],
    'POST /stations/st-1/posts': [
      400,
      { code: 'bad_request', message: '提交的内容有误', fieldErrors: { text: ['不能包含控制字符'] }, requestId: 'r' },
    ],
  });
  render(<MessageWall stationId="st-1" />);
  await screen.findByText('热水很及时');
  expect(document.querySelector('.post__meta')!.textContent).toBe('王师傅 · 11月30日 周一 07:30');

  const box = screen.getByPlaceholderText('说说您的感受或心愿（最多 200 字）');
  fireEvent.change(box, { target: { value: '好' } });
  fireEvent.click(screen.getByText('留言'));
  const error = await screen.findByText('不能包含控制字符');
  expect(error.previousElementSibling).toBe(box);
  fireEvent.change(box, { target: { value: '好的' } });
  expect(screen.queryByText('不能包含控制字符')).toBeNull();
});
