import { Text } from '@tarojs/components';
import { openStateLabel, type OpenState } from '@shared/schemas/station';

export function OpenBadge({ state }: { state: OpenState }) {
  return <Text className={`open-badge open-badge--${state}`}>{openStateLabel[state]}</Text>;
}
