import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { beijingDisplay } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { newRequestId } from '../../lib/request-id';
import { useAction } from '../../lib/use-action';
import { useFieldErrors } from '../../lib/use-field-errors';
import { useRequest } from '../../lib/use-request';
import { ErrorState, Loading } from '../../components/states';
import { ActionError, FieldError } from '../../components/field-error';
import { TextBox } from '../../components/text-box';

/** 幸福碎碎念: newest first; a worker writes up to 200 characters. */
export function MessageWall({ stationId }: { stationId: string }) {
  const { data, error, loading, reload } = useRequest(() => api.listStationPosts({ params: { stationId }, query: {} }), [stationId]);
  const [text, setText] = useState('');
  const form = useFieldErrors((key) => key === 'text');
  const { busy, problemOf, run } = useAction(form);
  const requestId = useRef(newRequestId()); // the same id for retries of one message

  const empty = text.trim() === '';
  // Taro's H5 button still calls onClick while disabled: an empty box sends nothing
  const send = () =>
    !empty &&
    run('send', async () => {
      await api.createStationPost({ params: { stationId }, body: { text, clientRequestId: requestId.current } });
      setText('');
      requestId.current = newRequestId();
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
        }}
      />
      <FieldError messages={form.errors.text} />
      <Button className="big-button message-wall__send" disabled={busy !== null || empty} onClick={send}>
        {busy ? '正在发送…' : '留言'}
      </Button>
      <ActionError message={problemOf('send')} />
      {error ? <ErrorState message={error.message} onRetry={reload} /> : null}
      {loading && !data ? <Loading /> : null}
      {data && data.posts.length === 0 ? <Text className="muted">还没有留言，来写第一条吧</Text> : null}
      {data?.posts.map((post) => (
        <View key={post.id} className={post.hidden ? 'post post--hidden' : 'post'}>
          <Text>{post.text}</Text>
          <Text className="post__meta">
            {post.authorName} · {beijingDisplay(post.createdAt)}
            {post.hidden ? ' · 已隐藏' : ''}
          </Text>
        </View>
      ))}
    </View>
  );
}
