import { SessionGate } from '../../../features/auth/session-gate';
import { MySupervision } from '../../../features/supervise/my-supervision';

/** 我的 → 我监督的驿站 (the supervise subpackage: workers who supervise nothing never load it). */
export default function MySupervisionPage() {
  return <SessionGate>{() => <MySupervision />}</SessionGate>;
}
