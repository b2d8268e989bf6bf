import { z } from 'zod';
import { route } from './route';
import { Id } from '../schemas/common';
import { Org } from '../schemas/org';
import {
  CloseResult,
  ImportBody,
  ImportResult,
  MAX_IMPORT_BODY_BYTES,
  MoveResult,
  NewOrg,
  OrgClose,
  OrgMove,
  OrgRename,
} from '../schemas/org-admin';

/** Org administration within the caller's subtree (docs/org-scale.md, "Org administration"). */
export const orgAdminRoutes = {
  createOrg: route({
    method: 'POST',
    path: '/staff/orgs',
    summary: '新建下级组织（上级须在本人管理范围内；组织代码唯一；同代码同上级同名称的重试得到同一组织）',
    access: ['staff', 'admin'],
    body: NewOrg,
    responses: { 201: Org },
  }),
  renameOrg: route({
    method: 'PUT',
    path: '/staff/orgs/{orgId}',
    summary: '修改组织名称和简称（组织代码不可更改）',
    access: ['staff', 'admin'],
    params: z.strictObject({ orgId: Id }),
    body: OrgRename,
    responses: { 200: Org },
  }),
  moveOrg: route({
    method: 'POST',
    path: '/staff/orgs/{orgId}/move',
    summary: '把组织（连同下级）移到另一个上级下；下级多时分批进行，done 为 false 时再次发送同一请求',
    access: ['staff', 'admin'],
    params: z.strictObject({ orgId: Id }),
    body: OrgMove,
    responses: { 200: MoveResult },
  }),
  closeOrg: route({
    method: 'POST',
    path: '/staff/orgs/{orgId}/close',
    summary: '关闭组织：有会员、未结束的活动或下级组织时拒绝（409 说明原因）；moveTo=parent 时把会员和活动分批移到上级',
    access: ['staff', 'admin'],
    params: z.strictObject({ orgId: Id }),
    body: OrgClose,
    responses: { 200: CloseResult },
  }),
  importOrgs: route({
    method: 'POST',
    path: '/staff/orgs/import',
    summary: '从 CSV 或 xlsx 导入组织树（按组织代码更新）：先整份试导入得到逐行报告，再按 200 行一批写入',
    access: ['staff', 'admin'],
    body: ImportBody,
    maxBodyBytes: MAX_IMPORT_BODY_BYTES,
    responses: { 200: ImportResult },
  }),
};
