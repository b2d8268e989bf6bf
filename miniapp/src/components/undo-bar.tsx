import { Button, Text, View } from '@tarojs/components';
import './undo-bar.css';

/**
 * The toast-like bar at the bottom of the screen while a decision can still be taken back. The
 * platform's showToast has no button, so this one bar is ours; everything else uses showToast.
 */
export function UndoBar({ label, onUndo }: { label: string; onUndo: () => void }) {
  return (
    <View className="undo-bar" role="status">
      <Text className="undo-bar__label">{label}</Text>
      <Button className="undo-bar__button" onClick={onUndo}>
        撤销
      </Button>
    </View>
  );
}
