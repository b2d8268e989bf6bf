import { Button, Text, View } from '@tarojs/components';
import './list-footer.css';

/** Under a list read a page at a time: 正在加载, the error with 重试, 加载更多, or 没有更多了. */
export function ListFooter({
  pages,
  endText = '没有更多了',
}: {
  pages: { items?: unknown[]; nextCursor?: string; loadingMore: boolean; moreError: string | null; loadMore: () => Promise<void> };
  endText?: string;
}) {
  if (!pages.items || pages.items.length === 0) return null;
  if (pages.loadingMore)
    return (
      <View className="list-footer" aria-busy="true">
        <Text>正在加载…</Text>
      </View>
    );
  if (pages.moreError)
    return (
      <View className="list-footer" role="alert">
        <Text className="list-footer__error">{pages.moreError}</Text>
        <Button className="big-button big-button--ghost" onClick={() => void pages.loadMore()}>
          重试
        </Button>
      </View>
    );
  if (pages.nextCursor)
    return (
      <View className="list-footer">
        <Button className="big-button big-button--ghost" onClick={() => void pages.loadMore()}>
          加载更多
        </Button>
      </View>
    );
  return (
    <View className="list-footer">
      <Text className="muted">{endText}</Text>
    </View>
  );
}
