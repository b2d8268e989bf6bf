import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import './choices.css';

export interface Choice<T> {
  value: T;
  label: string;
}

/**
 * A row of big buttons, one of which is chosen. With `clearable`, tapping the chosen one again
 * clears it, for answers a worker may leave out.
 */
export function Choices<T extends string | number | boolean>({
  options,
  value,
  onChange,
  clearable = false,
}: {
  options: Choice<T>[];
  value: T | undefined;
  onChange: (next: T | undefined) => void;
  clearable?: boolean;
}) {
  return (
    <View className="choices">
      {options.map((o) => {
        const on = o.value === value;
        return (
          <View
            key={String(o.value)}
            className={on ? 'choice choice--on' : 'choice'}
            onClick={() => onChange(on && clearable ? undefined : o.value)}
          >
            <Text>{o.label}</Text>
          </View>
        );
      })}
    </View>
  );
}

/** A whole-row on/off switch: the row is the tap target, the box shows ✓ when on. */
export function Toggle({ on, onChange, children }: { on: boolean; onChange: (next: boolean) => void; children: ReactNode }) {
  return (
    <View className={on ? 'toggle toggle--on' : 'toggle'} onClick={() => onChange(!on)}>
      <Text className="toggle__label">{children}</Text>
      <Text className="toggle__box">{on ? '✓' : ''}</Text>
    </View>
  );
}
