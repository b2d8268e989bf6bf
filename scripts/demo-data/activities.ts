import type { ActivityInput } from '../../shared/schemas/activity';

/** Demo activities for 卢沟桥 and 丰台 (open for sign-up all of 2026-2027, so the demo never goes stale). */
const open = { signupOpensAt: '2026-01-01T00:00:00.000Z', signupClosesAt: '2027-12-31T00:00:00.000Z' };
const members = { activeMember: true, subtreeOnly: true, newEmploymentOnly: false, womenOnly: false };

export const demoActivities: (ActivityInput & { id: string })[] = [
  { id: 'ac-demo-tcm', orgId: 'fengtai-lugouqiao', title: '中医义诊', description: '银龄中医院医生现场把脉问诊', category: 'service', place: '卢沟桥文化广场', startsAt: '2027-06-01T01:00:00.000Z', endsAt: '2027-06-01T05:00:00.000Z', ...open, capacity: 30, perMemberLimit: 1, eligibility: members, waitlist: true, holdMinutes: 120 },
  { id: 'ac-demo-haircut', orgId: 'fengtai-lugouqiao', title: '免费理发', description: '跑单间隙，十分钟理个发', category: 'service', place: '卢沟桥文化广场', startsAt: '2027-06-01T01:00:00.000Z', endsAt: '2027-06-01T05:00:00.000Z', ...open, capacity: 2, perMemberLimit: 1, eligibility: members, waitlist: true, holdMinutes: 30 },
  { id: 'ac-demo-childcare', orgId: 'fengtai', title: '暑期托管班', description: '5 周，每个孩子占一个名额', category: 'class', place: '王佐镇职工之家', startsAt: '2027-07-05T01:00:00.000Z', endsAt: '2027-08-06T09:00:00.000Z', ...open, capacity: 50, perMemberLimit: 2, eligibility: { ...members, children: { minAge: 6, maxAge: 12 } }, waitlist: true, holdMinutes: 1440 },
  { id: 'ac-demo-summer', orgId: 'fengtai', title: '夏送清凉', description: '饮品与防暑药品', category: 'goods', place: '各街道工会服务站', startsAt: '2027-07-15T01:00:00.000Z', endsAt: '2027-07-31T09:00:00.000Z', ...open, capacity: null, perMemberLimit: 1, eligibility: { ...members, newEmploymentOnly: true }, waitlist: false, holdMinutes: 60 },
  { id: 'ac-demo-women', orgId: 'fengtai', title: '女职工特殊疾病互助保障', description: '在职女职工可参加，每人一份', category: 'plan', place: '线上办理', startsAt: '2027-01-01T00:00:00.000Z', endsAt: '2027-12-31T00:00:00.000Z', ...open, capacity: null, perMemberLimit: 1, eligibility: { ...members, womenOnly: true }, waitlist: false, holdMinutes: 120 },
  // a city-wide benefit: 2,000 places, counted on sharded counters (docs/signups.md)
  { id: 'ac-demo-templefair', orgId: 'beijing', title: '春节庙会门票', description: '全市职工福利，每人一张，先到先得', category: 'goods', place: '地坛庙会', startsAt: '2027-02-06T01:00:00.000Z', endsAt: '2027-02-12T09:00:00.000Z', ...open, capacity: 2000, perMemberLimit: 1, eligibility: members, waitlist: true, holdMinutes: 120 },
];
