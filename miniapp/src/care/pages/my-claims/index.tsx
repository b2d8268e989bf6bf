import { SessionGate } from '../../../features/auth/session-gate';
import { MyClaims } from '../../../features/claims/my-claims';

/** 我的 → 我的理赔. */
export default function MyClaimsPage() {
  return <SessionGate>{() => <MyClaims />}</SessionGate>;
}
