import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { Post } from '@shared/schemas/feedback';
import { beijingDisplay } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { newRequestId } from '../../lib/request-id';
import { useAction } from '../../lib/use-action';
import { useFieldErrors } from '../../lib/use-field-errors';
import { useRequest } from '../../lib/use-request';
import { ErrorState, Loading } from '../../components/states';
import { ActionError, FieldError } from '../../components/field-error';
import { TextBox } from '../../components/text-box';

/**
 * 幸福碎碎念: newest first; a worker writes up to 200 characters. Others see a post once WeChat's
 * content check passed it: a refused one is said so beside 留言 (the words stay, to be changed and
 * sent again), a held one says it is being checked; in the list both are marked for their author.
 */
export function MessageWall({ stationId }: { stationId: string }) {
  const { data, error, loading, reload } = useRequest(() => api.listStationPosts({ params: { stationId }, query: {} }), [stationId]);
  const [text, setText] = useState('');
  const form = useFieldErrors((key) => key === 'text');
  const { busy, problemOf, run } = useAction(form);
  const requestId = useRef(newRequestId()); // the same id for retries of one message
  const [checked, setChecked] = useState<Pick<Post, 'contentCheck' | 'notice'> | null>(null);

  const empty = text.trim() === '';
  // Taro's H5 button still calls onClick while disabled: an empty box sends nothing
  const send = () =>
    !empty &&
    run('send', async () => {
      const post = await api.createStationPost({ params: { stationId }, body: { text, clientRequestId: requestId.current } });
      requestId.current = newRequestId();
      setChecked(post.contentCheck ? post : null);
      // refused: the words stay in the box, to be changed and sent as a new message
      if (post.contentCheck !== 'refused') setText('');
      if (!post.contentCheck) void Taro.showToast({ title: '已留言', icon: 'success' });
      reload();
    });

  return (
    <View className={`card message-wall ${form.scope}`}>
      <Text className="card__title">幸福碎碎念</Text>
      <TextBox
        name="post-text"
        value={text}
        maxlength={200}
        placeholder="说说您的感受或心愿（最多 200 字）"
        onInput={(value) => {
          setText(value);
          form.clear('text');
          setChecked(null);
        }}
      />
      <FieldError messages={form.errors.text} />
      <Button className="big-button message-wall__send" disabled={busy !== null || empty} onClick={send}>
        {busy ? '正在发送…' : '留言'}
      </Button>
      <ActionError message={problemOf('send')} />
      {checked?.contentCheck === 'refused' ? (
        <ActionError message={`${checked.notice ?? '未通过内容审核，仅您自己可见'}。请修改后再发。`} />
      ) : null}
      {checked?.contentCheck === 'pending' ? <Text className="muted message-wall__notice">{checked.notice}</Text> : null}
      {error ? <ErrorState message={error.message} onRetry={reload} /> : null}
      {loading && !data ? <Loading /> : null}
      {data && data.posts.length === 0 ? <Text className="muted">还没有留言，来写第一条吧</Text> : null}
      {data?.posts.map((post) => (
        <View key={post.id} className={post.hidden || post.contentCheck ? 'post post--hidden' : 'post'}>
          <Text>{post.text}</Text>
          <Text className="post__meta">
            {post.authorName} · {beijingDisplay(post.createdAt)}
            {post.hidden ? ' · 已隐藏' : ''}
          </Text>
          {post.notice ? (
            <Text className={post.contentCheck === 'refused' ? 'post__notice post__notice--refused' : 'post__notice'}>{post.notice}</Text>
          ) : null}
        </View>
      ))}
    </View>
  );
}
