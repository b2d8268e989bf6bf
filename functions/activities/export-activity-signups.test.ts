import type { SignupRecord } from '../tables/signups';
import { signupRows } from './export-activity-signups';

const signup = (patch: Partial<SignupRecord>): SignupRecord => ({
  activityId: 'ac-1',
  memberId: 'u-1',
  memberName: '王大勇',
  memberNo: 'FT-000123',
  activityTitle: '免费理发',
  status: 'confirmed',
  places: 1,
  children: [],
  queueKey: '2026-11-29T23:00:00.000Z#u-1',
  createdAt: '2026-11-29T23:00:00.000Z',
  ...patch,
});

it('writes check-in and on-site registration times in Beijing time, not UTC (07:30 Beijing is 23:30 UTC the day before)', () => {
  const [row] = signupRows(
    [signup({ checkedInAt: '2026-11-29T23:30:00.000Z', checkedInBy: '李老师', registeredBy: '李老师 2026-11-29T23:05:12.345Z' })],
    true,
  );
  expect(row).toMatchObject({ 姓名: '王大勇', 签到时间: '2026-11-30 07:30', 现场登记: '李老师 2026-11-30 07:05', 签到人: '李老师' });
});

it('leaves the time empty when nobody has checked in, and masks names for other orgs', () => {
  const [row] = signupRows([signup({})], false);
  expect(row).toMatchObject({ 姓名: '王*勇', 签到时间: '', 现场登记: '' });
});
