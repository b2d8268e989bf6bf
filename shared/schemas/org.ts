import { z } from 'zod';
import { Id } from './common';

/** 市总工会 → 区总工会 → 街道/镇总工会 → 社区/楼宇/企业工会 */
export const OrgLevel = z.enum(['city', 'district', 'street', 'grassroots']);
export type OrgLevel = z.infer<typeof OrgLevel>;

export const orgLevelLabel: Record<OrgLevel, string> = {
  city: '市总工会',
  district: '区总工会',
  street: '街道/镇总工会',
  grassroots: '基层工会',
};

export const Org = z.object({
  id: Id,
  name: z.string().min(2).max(60),
  shortName: z.string().min(1).max(20),
  level: OrgLevel,
  parentId: Id.nullable(),
  /** ids from the root down to this org, this org last */
  path: z.array(Id).min(1),
});
export type Org = z.infer<typeof Org>;

/** An org with its children, for showing the tree. */
export type OrgNode = Org & { children: OrgNode[] };
export const OrgNode: z.ZodType<OrgNode> = Org.extend({
  children: z.lazy(() => z.array(OrgNode)),
});

export const OrgTree = z.object({ roots: z.array(OrgNode), count: z.number().int().nonnegative() });
export type OrgTree = z.infer<typeof OrgTree>;

export const OrgDetail = z.object({ org: Org, ancestors: z.array(Org), children: z.array(Org) });
export type OrgDetail = z.infer<typeof OrgDetail>;
