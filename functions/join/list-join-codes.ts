import { beijingExport } from '../../shared/beijing-time';
import { contract } from '../../shared/contract';
import type { JoinCodeFigures } from '../../shared/schemas/membership';
import { defineHandler } from '../lib/http/handler';
import { orgsInScope } from '../orgs/scope';
import { listJoinCodesOfOrg, type JoinCodeRecord } from '../tables/join-codes';
import { listMembersByCode } from '../tables/members';
import { codeView } from './join-code-access';

/** Exact per-code figures, counted from the memberships themselves (no counter to drift). */
async function figuresOf(code: JoinCodeRecord): Promise<JoinCodeFigures> {
  const members = await listMembersByCode(code.id);
  const byHour = new Map<string, number>();
  for (const m of members) {
    const hour = `${beijingExport(m.joinedAt).slice(0, 13)}:00`; // "2026-11-30 12:00", Beijing
    byHour.set(hour, (byHour.get(hour) ?? 0) + 1);
  }
  return {
    scans: code.scans ?? 0,
    joins: members.length,
    pending: members.filter((m) => m.status === 'pending').length,
    approved: members.filter((m) => m.status === 'active').length,
    rejected: members.filter((m) => m.status === 'rejected').length,
    cardRequests: members.filter((m) => m.cardRequest !== 'none').length,
    byHour: [...byHour.entries()].sort().map(([hour, joins]) => ({ hour, joins })),
  };
}

export const handler = defineHandler(contract.listJoinCodes, async (_input, { principal }) => {
  const orgs = await orgsInScope(principal);
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const codes = (await Promise.all(orgs.map((o) => listJoinCodesOfOrg(o.id))))
    .flat()
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return { codes: await Promise.all(codes.map(async (c) => ({ ...codeView(c, names.get(c.orgId) ?? ''), figures: await figuresOf(c) }))) };
});
