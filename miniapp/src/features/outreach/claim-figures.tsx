import { Text, View } from '@tarojs/components';
import { yuan } from '@shared/money';
import type { ClaimFigures as Figures } from '@shared/schemas/claim';
import { FigureGrid } from './charts';
import './outreach.css';

/** a number never parts from what it counts, however narrow the cell */
const NBSP = '\u00a0';

/**
 * 互助保障理赔 in 统计报表 (issue 15): claims filed (and by how many people), approved and paid in
 * the range, with the amounts. People are counted per month and summed over the months.
 */
export function ClaimFigures({ claims: c }: { claims: Figures }) {
  return (
    <View className="card" data-claims>
      <Text className="card__title">互助保障理赔</Text>
      <Text className="muted">本组织及下级会员在这段时间提交、核准和赔付的理赔</Text>
      <FigureGrid
        figures={[
          { label: '申请', value: `${c.submitted}${NBSP}笔`, note: `${c.people}${NBSP}人` },
          { label: '核准', value: `${c.approved}${NBSP}笔`, note: yuan(c.approvedFen) },
          { label: '赔付', value: `${c.paid}${NBSP}笔`, note: yuan(c.paidFen) },
        ]}
      />
    </View>
  );
}
