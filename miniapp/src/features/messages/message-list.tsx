import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { Message, MessageTarget } from '@shared/schemas/message';
import { beijingDisplay } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { usePages } from '../../lib/use-pages';
import { useRefreshOnShow } from '../../lib/use-refresh-on-show';
import { ListFooter } from '../../components/list-footer';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { superviseUrls } from '../supervise/urls';
import { careUrls } from '../claims/urls';
import { showUnreadBadge } from './unread-badge';
import './messages.css';

/** Where a message leads when tapped. */
export function targetUrl(target: MessageTarget | undefined): { how: 'navigateTo'; url: string } | null {
  switch (target?.screen) {
    case 'card':
      return { how: 'navigateTo', url: '/pages/member-card/index' };
    case 'signups':
      // at the activity's entry (an offer to confirm, a reminder); older messages carry no id
      return {
        how: 'navigateTo',
        url: target.id ? `/pages/my-signups/index?activity=${encodeURIComponent(target.id)}` : '/pages/my-signups/index',
      };
    case 'station':
      return target.id ? { how: 'navigateTo', url: `/pages/station/index?id=${encodeURIComponent(target.id)}` } : null;
    case 'inspection':
      // a supervisor's inspection whose task was resolved: the item there shows the resolution
      return target.id ? { how: 'navigateTo', url: superviseUrls.inspection(encodeURIComponent(target.id)) } : null;
    case 'claim':
      // a claim's step (材料需要补充, 已核准, 已赔付 …): the claim, with its timeline
      return target.id ? { how: 'navigateTo', url: careUrls.claim(target.id) } : { how: 'navigateTo', url: careUrls.myClaims };
    case 'staff':
      return { how: 'navigateTo', url: '/staff/pages/invite/index' };
    default:
      return null;
  }
}

/**
 * 我的 → 消息: everything that happened to me, newest first, 20 a page. Unread ones are marked; a
 * tap marks it read and opens what it is about; 全部已读 clears them all. Times in Beijing time.
 */
export function MessageList() {
  const pages = usePages(async (cursor) => {
    const page = await api.listMyMessages({ query: cursor ? { cursor } : {} });
    return { items: page.messages, nextCursor: page.nextCursor };
  }, []);
  const { items, error, loading, reload } = pages;
  useRefreshOnShow(reload);
  // read here since the page loaded (the list itself is not read again for that)
  const [readHere, setReadHere] = useState<Set<string>>(new Set());
  const [markingAll, setMarkingAll] = useState(false);
  const isRead = (m: Message) => m.read || readHere.has(m.id);
  const unread = items?.filter((m) => !isRead(m)) ?? [];

  const open = async (m: Message) => {
    if (!isRead(m)) {
      setReadHere((s) => new Set(s).add(m.id));
      // the tap opens the page at once; marking read follows (a failure only leaves it unread)
      void api
        .markMyMessagesRead({ body: { ids: [m.id] } })
        .then(showUnreadBadge)
        .catch(() => undefined);
    }
    const to = targetUrl(m.target);
    if (to) await Taro.navigateTo({ url: to.url });
  };

  const markAll = async () => {
    setMarkingAll(true);
    try {
      let result = await api.markMyMessagesRead({ body: { all: true } });
      // 50 a call: a long-unread inbox needs a few
      for (let i = 0; result.more && i < 10; i++) result = await api.markMyMessagesRead({ body: { all: true } });
      setReadHere(new Set(items?.map((m) => m.id)));
      await showUnreadBadge(result);
      void Taro.showToast({ title: '已全部标为已读', icon: 'success' });
    } catch (e) {
      void Taro.showToast({ title: e instanceof Error ? e.message : '操作失败，请重试', icon: 'none' });
    } finally {
      setMarkingAll(false);
    }
  };

  return (
    <View className="page">
      <View className="page-header messages__header">
        <View>
          <Text className="page-header__title">消息</Text>
          <Text className="page-header__sub">保留 180 天</Text>
        </View>
        {unread.length > 0 ? (
          <Button className="big-button big-button--ghost messages__all" disabled={markingAll} onClick={() => void markAll()}>
            {markingAll ? '正在标记…' : '全部已读'}
          </Button>
        ) : null}
      </View>
      {error ? <ErrorState message={error.message} onRetry={reload} /> : null}
      {loading && !items ? <Loading /> : null}
      {items && items.length === 0 && !error ? (
        <EmptyState title="还没有消息" hint="入会审核结果、候补名额、摇号结果、理赔进度、问题处理结果等会在这里通知您" />
      ) : null}
      {items?.map((m) => (
        <View
          key={m.id}
          className={isRead(m) ? 'card messages__row' : 'card messages__row messages__row--unread'}
          data-message={m.id}
          role="button"
          onClick={() => void open(m)}
        >
          <View className="messages__head">
            {/* the title keeps the width: the time goes to the next line when both do not fit */}
            <View className="messages__heading">
              {isRead(m) ? null : <Text className="messages__dot" aria-label="未读" />}
              <Text className="messages__title">{m.title}</Text>
            </View>
            <Text className="messages__time">{beijingDisplay(m.createdAt)}</Text>
          </View>
          <Text className="messages__body">{m.body}</Text>
          {targetUrl(m.target) ? <Text className="messages__more">查看 ›</Text> : null}
        </View>
      ))}
      <ListFooter pages={pages} />
    </View>
  );
}
