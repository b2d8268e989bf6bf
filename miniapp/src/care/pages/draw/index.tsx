import { useRouter } from '@tarojs/taro';
import { SessionGate } from '../../../features/auth/session-gate';
import { DrawPublic } from '../../../features/draws/draw-public';

export default function DrawPage() {
  const { params } = useRouter();
  // ?mine=: the member's own place in the order (from their sign-up), to mark it
  const mine = params.mine && /^\d{1,6}$/.test(params.mine) ? Number(params.mine) : undefined;
  return <SessionGate>{() => <DrawPublic activityId={params.id ?? ''} mine={mine} />}</SessionGate>;
}
