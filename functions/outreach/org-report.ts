import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { orgReport } from './figures';

/**
 * 统计报表: an org's figures rolled up its subtree for a range of Beijing days (≤ 31) or months
 * (≤ 12), one row per period; read from the org's own stats items (functions/outreach/figures.ts).
 */
export const handler = defineHandler(contract.orgReport, async ({ query }, { principal }) => (await orgReport(principal, query)).report);
