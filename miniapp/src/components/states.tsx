import { Button, Text, View } from '@tarojs/components';
import './states.css';

/** Full-width, centred states every screen shows while loading, when empty, or on failure. */
export function Loading({ text = '正在加载…' }: { text?: string }) {
  return (
    <View className="state" aria-busy="true">
      <View className="state__spinner" />
      <Text className="state__text">{text}</Text>
    </View>
  );
}

export function EmptyState({ icon = '○', title, hint }: { icon?: string; title: string; hint?: string }) {
  return (
    <View className="state">
      <Text className="state__icon">{icon}</Text>
      <Text className="state__title">{title}</Text>
      {hint ? <Text className="state__text">{hint}</Text> : null}
    </View>
  );
}

export function ErrorState({ title = '加载失败', message, onRetry }: { title?: string; message: string; onRetry?: () => void }) {
  return (
    <View className="state state--error" role="alert">
      <Text className="state__icon">!</Text>
      <Text className="state__title">{title}</Text>
      <Text className="state__text">{message}</Text>
      {onRetry ? (
        <Button className="big-button" onClick={onRetry}>
          重试
        </Button>
      ) : null}
    </View>
  );
}
