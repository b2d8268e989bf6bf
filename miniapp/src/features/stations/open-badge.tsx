import { Text } from '@tarojs/components';
import { openStateLabel, type OpenState } from '@shared/schemas/station';

/** 营业中 / 已打烊 …; `label` words a closed state more precisely where the hours are known (未开门). */
export function OpenBadge({ state, label }: { state: OpenState; label?: string }) {
  return <Text className={`open-badge open-badge--${state}`}>{label ?? openStateLabel[state]}</Text>;
}
