import { View } from '@tarojs/components';
import { SessionGate } from '../../features/auth/session-gate';
import { MeCard } from '../../features/home/me-card';

export default function MePage() {
  return <SessionGate>{(session) => <View className='page'><MeCard session={session} /></View>}</SessionGate>;
}
