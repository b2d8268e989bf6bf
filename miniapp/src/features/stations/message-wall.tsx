import { useRef, useState } from 'react';
import { Button, Text, Textarea, View } from '@tarojs/components';
import { api, ApiError } from '../../lib/api';
import { newRequestId } from '../../lib/request-id';
import { useRequest } from '../../lib/use-request';
import { ErrorState, Loading } from '../../components/states';

/** 幸福碎碎念: newest first; a worker writes up to 200 characters. */
export function MessageWall({ stationId }: { stationId: string }) {
  const { data, error, loading, reload } = useRequest(() => api.listStationPosts({ params: { stationId }, query: {} }), [stationId]);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const requestId = useRef(newRequestId()); // the same id for retries of one message

  const send = async () => {
    if (sending) return;
    setSending(true);
    setProblem(null);
    try {
      await api.createStationPost({ params: { stationId }, body: { text, clientRequestId: requestId.current } });
      setText('');
      requestId.current = newRequestId();
      reload();
    } catch (e) {
      setProblem(e instanceof ApiError ? (e.fieldErrors?.text?.[0] ?? e.message) : '发送失败，请重试');
    } finally {
      setSending(false);
    }
  };

  return (
    <View className="card message-wall">
      <Text className="card__title">幸福碎碎念</Text>
      <Textarea
        className="composer"
        value={text}
        maxlength={200}
        placeholder="说说您的感受或心愿（最多 200 字）"
        onInput={(e) => setText(e.detail.value)}
      />
      {problem ? <Text className="field-error">{problem}</Text> : null}
      <Button className="big-button" disabled={sending || text.trim() === ''} onClick={send}>
        {sending ? '正在发送…' : '留言'}
      </Button>
      {error ? <ErrorState message={error.message} onRetry={reload} /> : null}
      {loading && !data ? <Loading /> : null}
      {data && data.posts.length === 0 ? <Text className="muted">还没有留言，来写第一条吧</Text> : null}
      {data?.posts.map((post) => (
        <View key={post.id} className={post.hidden ? 'post post--hidden' : 'post'}>
          <Text>{post.text}</Text>
          <Text className="post__meta">
            {post.authorName} · {post.createdAt.slice(0, 10)}
            {post.hidden ? ' · 已隐藏' : ''}
          </Text>
        </View>
      ))}
    </View>
  );
}
