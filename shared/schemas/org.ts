import { z } from 'zod';
import { Id, Text } from './common';

/** 市总工会 → 区总工会 → 街道/镇总工会 → 社区/楼宇/企业工会 */
export const OrgLevel = z.enum(['city', 'district', 'street', 'grassroots']);
export type OrgLevel = z.infer<typeof OrgLevel>;

export const orgLevelLabel: Record<OrgLevel, string> = {
  city: '市总工会',
  district: '区总工会',
  street: '街道/镇总工会',
  grassroots: '基层工会',
};

/** A stable org code (the official one where it exists): the import's key, unique in the table. */
export const OrgCode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{1,39}$/, '组织代码格式不正确');
export type OrgCode = z.infer<typeof OrgCode>;

export const OrgStatus = z.enum(['open', 'closed']);
export type OrgStatus = z.infer<typeof OrgStatus>;

export const Org = z.object({
  id: Id,
  code: OrgCode,
  status: OrgStatus,
  name: z.string().min(2).max(60),
  shortName: z.string().min(1).max(20),
  level: OrgLevel,
  parentId: Id.nullable(),
  /** ids from the root down to this org, this org last */
  path: z.array(Id).min(1),
  /** a hint set when a child is added (not cleared when children close or move) */
  hasChildren: z.boolean().optional(),
});
export type Org = z.infer<typeof Org>;

/** An org with its children, for showing the tree. */
export type OrgNode = Org & { children: OrgNode[] };
export const OrgNode: z.ZodType<OrgNode> = Org.extend({
  children: z.lazy(() => z.array(OrgNode)),
});

/**
 * Orgs to show as a tree. GET /orgs and /staff/scope send one level: the root and its first page of
 * children (whose `children` are empty until opened); `childrenCursor` continues the root's children
 * with GET /orgs/{orgId}/children. `count` is the number of orgs in the answer.
 */
export const OrgTree = z.object({
  roots: z.array(OrgNode),
  count: z.number().int().nonnegative(),
  childrenCursor: z.string().optional(),
});
export type OrgTree = z.infer<typeof OrgTree>;

/** An org with its chain of parents and its first page of children (`childrenCursor` for more). */
export const OrgDetail = z.object({ org: Org, ancestors: z.array(Org), children: z.array(Org), childrenCursor: z.string().optional() });
export type OrgDetail = z.infer<typeof OrgDetail>;

/** One page of an org's children (open ones first, then by name), or of a name search. */
export const OrgPage = z.object({
  orgs: z.array(Org),
  /** pass back as `cursor` for the next page; absent on the last page */
  nextCursor: z.string().optional(),
});
export type OrgPage = z.infer<typeof OrgPage>;

/** A name prefix to search for (Chinese as typed: 卢沟桥, 首科). */
export const OrgNamePrefix = Text({ min: 1, max: 30 });
