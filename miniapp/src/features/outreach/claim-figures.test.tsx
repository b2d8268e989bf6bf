import { render, screen } from '@testing-library/react';
import { fakeApi } from '../../../test-support/fake-api';
import { scope } from '../../../test-support/outreach-data';
import { OrgReport } from './org-report';

const base = {
  orgId: 'fengtai',
  orgName: '丰台区总工会',
  unit: 'day',
  from: '2026-11-01',
  to: '2026-11-30',
  totals: {
    meetings: 0,
    meetingsByKind: [],
    joins: 0,
    joinsByOccupation: [],
    newEmploymentShare: 0,
    approved: 0,
    services: 0,
    servicesByType: [],
    leaflets: 0,
    consultations: 0,
    aidCards: 0,
    signups: 0,
    checkins: 0,
  },
  periods: [],
  generatedAt: '2026-11-30T08:00:00.000Z',
};
const figure = (label: string) => document.querySelector(`[data-claims] [data-figure="${label}"]`);
const parts = (label: string) => Array.from(figure(label)!.children).map((c) => c.textContent);

it('统计报表 shows 互助保障理赔: claims filed and by how many people, approved and paid with their amounts', async () => {
  fakeApi({
    'GET /staff/scope': [200, scope],
    'GET /staff/figures': [
      200,
      { ...base, claims: { submitted: 50, people: 33, approved: 41, approvedFen: 12_345_600, paid: 38, paidFen: 11_000_050 } },
    ],
  });
  render(<OrgReport actingOrgId="fengtai" />);
  await screen.findByText('互助保障理赔');
  // the number never parts from what it counts (a no-break space)
  expect(parts('申请')).toEqual(['50\u00a0笔', '申请', '33\u00a0人']);
  expect(parts('核准')).toEqual(['41\u00a0笔', '核准', '¥123,456.00']);
  expect(parts('赔付')).toEqual(['38\u00a0笔', '赔付', '¥110,000.50']);
});

it('without claim figures (an older API) there is no such section', async () => {
  fakeApi({ 'GET /staff/scope': [200, scope], 'GET /staff/figures': [200, base] });
  render(<OrgReport actingOrgId="fengtai" />);
  await screen.findByText('服务（按项目）');
  expect(screen.queryByText('互助保障理赔')).toBeNull();
});
