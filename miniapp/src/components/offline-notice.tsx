import { Button, Text, View } from '@tarojs/components';
import { beijingClock, beijingDate, beijingDisplay } from '@shared/beijing-time';
import './offline-notice.css';

/** 「离线 · 更新于 18:05」, with the date too when the copy is from another (Beijing) day. */
export function offlineLabel(savedAt: string, now = new Date()): string {
  return `离线 · 更新于 ${beijingDate(savedAt) === beijingDate(now) ? beijingClock(savedAt) : beijingDisplay(savedAt)}`;
}

/**
 * Above a screen showing its kept copy: that it is offline and since when, what still works without
 * a network, and 重试 (the screen also retries by itself and swaps in fresh data quietly).
 */
export function OfflineNotice({ savedAt, usable, onRetry }: { savedAt: string; usable: string; onRetry: () => void }) {
  return (
    <View className="offline-notice" role="status">
      <Text className="offline-notice__label">{offlineLabel(savedAt)}</Text>
      <Text className="offline-notice__text">{usable}</Text>
      <Button className="big-button big-button--ghost offline-notice__retry" onClick={onRetry}>
        重试
      </Button>
    </View>
  );
}
