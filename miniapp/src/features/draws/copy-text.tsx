import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import './draws.css';

/**
 * A long value people compare or copy (the commitment, the seed, the verify command): monospace,
 * wrapping anywhere on a narrow screen, with 复制 beside its label.
 */
export function CopyText({ label, value, name }: { label: string; value: string; name: string }) {
  const copy = async () => {
    try {
      await Taro.setClipboardData({ data: value });
      void Taro.showToast({ title: '已复制', icon: 'success' });
    } catch {
      /* the platform said why */
    }
  };
  return (
    <View className="copy-text" data-copy={name}>
      <View className="copy-text__head">
        <Text className="muted copy-text__label">{label}</Text>
        <Button className="copy-text__button" onClick={() => void copy()}>
          复制
        </Button>
      </View>
      <Text className="copy-text__value" userSelect>
        {value}
      </Text>
    </View>
  );
}
