import { recordAudit } from '../lib/audit';
import type { Principal } from '../lib/auth/session-token';
import { listAuditEntries } from './audit';

// The audit log is listed by scope: an entry about an org is seen from that org and every ancestor,
// newest first, a page at a time, by kind or by person, and never from a sibling subtree.
const run = `t${Date.now().toString(36)}`;
const city = { id: `${run}-city`, path: [`${run}-city`] };
const district = { id: `${run}-d`, path: [city.id, `${run}-d`] };
const street = { id: `${run}-s`, path: [...district.path, `${run}-s`] };
const otherStreet = { id: `${run}-s2`, path: [...district.path, `${run}-s2`] };
const staff: Principal = { userId: 'u-audit-staff', role: 'staff', actingOrgId: street.id };
const admin: Principal = { userId: 'u-audit-admin', role: 'admin', actingOrgId: district.id };

beforeAll(async () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 30, 2, minute));
  await recordAudit({
    principal: staff,
    org: street,
    kind: 'station.create',
    object: { type: 'station', id: 'st-1', label: '卢沟桥驿站' },
    summary: '新建驿站 卢沟桥驿站',
    now: at(1),
  });
  await recordAudit({
    principal: staff,
    org: street,
    kind: 'signup.checkin',
    object: { type: 'signup', id: 'a-1/m-1' },
    summary: '王*明 签到',
    now: at(2),
  });
  await recordAudit({
    principal: admin,
    org: otherStreet,
    kind: 'org.create',
    object: { type: 'org', id: otherStreet.id },
    summary: '新建组织',
    now: at(3),
  });
  await recordAudit({
    principal: admin,
    org: street,
    kind: 'staff.revoke',
    object: { type: 'user', id: staff.userId, label: '李*' },
    summary: '取消 李* 的工作人员权限',
    now: at(4),
  });
});

it('shows an org and its ancestors their subtree, newest first, and nothing of a sibling', async () => {
  const fromDistrict = await listAuditEntries(district, {}, 10);
  expect(fromDistrict.entries.map((e) => e.kind)).toEqual(['staff.revoke', 'org.create', 'signup.checkin', 'station.create']);
  const fromCity = await listAuditEntries(city, {}, 10);
  expect(fromCity.entries).toHaveLength(4);
  const fromStreet = await listAuditEntries(street, {}, 10);
  expect(fromStreet.entries.map((e) => e.kind)).toEqual(['staff.revoke', 'signup.checkin', 'station.create']);
  expect((await listAuditEntries(otherStreet, {}, 10)).entries.map((e) => e.kind)).toEqual(['org.create']);
});

it('pages with a cursor that reads one page at a time', async () => {
  const first = await listAuditEntries(district, {}, 3);
  expect(first.entries).toHaveLength(3);
  expect(first.scanned).toBe(3);
  const second = await listAuditEntries(district, {}, 3, first.nextCursor);
  expect(second.entries.map((e) => e.kind)).toEqual(['station.create']);
  await expect(listAuditEntries(street, {}, 3, first.nextCursor)).rejects.toMatchObject({ code: 'bad_request' });
});

it('filters by kind and by person without reading the rest', async () => {
  const checkins = await listAuditEntries(district, { kind: 'signup.checkin' }, 10);
  expect(checkins.entries.map((e) => e.summary)).toEqual(['王*明 签到']);
  expect(checkins.scanned).toBe(1);
  const byStaff = await listAuditEntries(city, { actorId: staff.userId }, 10);
  expect(byStaff.entries.map((e) => e.kind)).toEqual(['signup.checkin', 'station.create']);
  const both = await listAuditEntries(city, { actorId: staff.userId, kind: 'station.create' }, 10);
  expect(both.entries.map((e) => e.objectLabel)).toEqual(['卢沟桥驿站']);
});
