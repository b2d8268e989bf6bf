import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { taroFake } from '../../../test-support/taro-fake';
import { MessageWall } from './message-wall';

const post = (over: object) => ({
  id: 'p-1',
  text: '热水很足',
  authorName: '王*傅',
  createdAt: '2026-11-30T02:00:00.000Z',
  hidden: false,
  ...over,
});

function serve(answer: object, wall: object[] = []) {
  return fakeApi({
    'GET /stations/st-1/posts': [200, { posts: wall }],
    'POST /stations/st-1/posts': [201, answer],
  });
}

async function send(text: string) {
  const box = document.querySelector('textarea')!;
  fireEvent.input(box, { target: { value: text } });
  fireEvent.click(await screen.findByText('留言'));
}

it('a post that passed: the box empties and a toast says so', async () => {
  serve(post({ text: '热水很足' }));
  render(<MessageWall stationId="st-1" />);
  await send('热水很足');
  await waitFor(() => expect(taroFake.toasts).toEqual([expect.objectContaining({ title: '已留言' })]));
  expect(document.querySelector('textarea')!.value).toBe('');
  expect(screen.queryByText(/内容审核/)).toBeNull();
});

it('a refused post: told beside 留言 in Chinese, the words kept to be changed, no success toast', async () => {
  const api = serve(post({ text: '违禁', contentCheck: 'refused', notice: '未通过内容审核，仅您自己可见' }));
  render(<MessageWall stationId="st-1" />);
  await send('违禁');
  const notice = await screen.findByText('未通过内容审核，仅您自己可见。请修改后再发。');
  expect(notice.className).toContain('action-error');
  expect(document.querySelector('textarea')!.value).toBe('违禁');
  expect(taroFake.toasts).toEqual([]);
  // changing the words clears it; sending again is a new message (a new request id)
  fireEvent.input(document.querySelector('textarea')!, { target: { value: '改过的话' } });
  expect(screen.queryByText(/请修改后再发/)).toBeNull();
  fireEvent.click(screen.getByText('留言'));
  await waitFor(() => expect(api.sent('POST /stations/st-1/posts')).toHaveLength(2));
  const [first, second] = api.sent('POST /stations/st-1/posts') as { clientRequestId: string }[];
  expect(second!.clientRequestId).not.toBe(first!.clientRequestId);
});

it('a held post says it is being checked; the author’s own posts in the list say why others do not see them', async () => {
  serve(post({ contentCheck: 'pending', notice: '正在进行内容安全检查，通过后其他人才能看到' }), [
    post({ id: 'p-2', text: '我的留言', contentCheck: 'refused', notice: '未通过内容审核，仅您自己可见' }),
  ]);
  render(<MessageWall stationId="st-1" />);
  const listed = await screen.findByText('未通过内容审核，仅您自己可见');
  expect(listed.className).toContain('post__notice--refused');
  await send('今天的面条很好吃');
  expect(await screen.findByText('正在进行内容安全检查，通过后其他人才能看到')).toBeTruthy();
  expect(document.querySelector('textarea')!.value).toBe('');
});
