import { z } from 'zod';
import { route } from './route';
import { Id, Opaque } from '../schemas/common';
import { AuditKind, AuditPage } from '../schemas/audit';

// the page's LastEvaluatedKey (entry key, list key, scope key): longer than other lists' cursors
const Cursor = Opaque({ max: 1000, message: '翻页标记无效，请从第一页重新加载' });

/** The audit log, for admins of the subtree (docs/org-scale.md, "Sessions, invitations, audit"). */
export const auditRoutes = {
  listAuditEntries: route({
    method: 'GET',
    path: '/staff/audit',
    summary: '操作记录：本组织及下级组织的工作人员操作，新的在前，每页 30 条；可按类型、按人员筛选（仅管理员）',
    access: ['staff', 'admin'],
    query: z.strictObject({
      kind: AuditKind.optional(),
      actorId: Id.optional(),
      /** an org in the admin's subtree; default the org they act for */
      orgId: Id.optional(),
      cursor: Cursor.optional(),
    }),
    responses: { 200: AuditPage },
  }),
};
