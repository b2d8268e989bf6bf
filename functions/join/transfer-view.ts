import type { Transfer } from '../../shared/schemas/membership';
import { maskName } from '../../shared/schemas/common';
import type { Principal } from '../lib/auth/session-token';
import type { TransferRecord } from '../tables/members';

export function transferView(viewer: Principal, t: TransferRecord, fromOrgName: string, toOrgName: string): Transfer {
  const full = viewer.userId === t.userId || viewer.actingOrgId === t.fromOrgId;
  return {
    id: t.id,
    memberNo: t.memberNo,
    name: full ? t.name : maskName(t.name),
    fromOrgId: t.fromOrgId,
    fromOrgName,
    toOrgId: t.toOrgId,
    toOrgName,
    status: t.status,
    requestedAt: t.requestedAt,
    acceptedAt: t.acceptedAt,
  };
}
