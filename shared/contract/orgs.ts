import { z } from 'zod';
import { route } from './route';
import { Id, Opaque } from '../schemas/common';
import { Org, OrgCode, OrgDetail, OrgNamePrefix, OrgPage, OrgTree } from '../schemas/org';

const Cursor = Opaque({ max: 300, message: '翻页标记无效，请从第一页重新加载' });

export const orgRoutes = {
  listOrgTree: route({
    method: 'GET',
    path: '/orgs',
    summary: '组织树的一层：根组织（或 under）及其直属下级（下级的 children 为空，展开时取 children 路由）',
    access: 'signed-in',
    query: z.strictObject({ under: Id.optional() }),
    responses: { 200: OrgTree },
  }),
  listOrgChildren: route({
    method: 'GET',
    path: '/orgs/{orgId}/children',
    summary: '一个组织的直属下级，一页至多 50 个（开放的在前，按名称）',
    access: 'signed-in',
    params: z.strictObject({ orgId: Id }),
    query: z.strictObject({ cursor: Cursor.optional() }),
    responses: { 200: OrgPage },
  }),
  searchOrgs: route({
    method: 'GET',
    path: '/orgs/search',
    summary: '按名称开头查找组织：工作人员在本区内；市级管理员和职工可选一个区（不选则查各区总工会）',
    access: 'signed-in',
    query: z.strictObject({ q: OrgNamePrefix, district: Id.optional(), cursor: Cursor.optional() }),
    responses: { 200: OrgPage },
  }),
  getOrgByCode: route({
    method: 'GET',
    path: '/orgs/by-code/{code}',
    summary: '按组织代码取一个组织',
    access: 'signed-in',
    params: z.strictObject({ code: OrgCode }),
    responses: { 200: Org },
  }),
  getOrg: route({
    method: 'GET',
    path: '/orgs/{orgId}',
    summary: '一个组织，含上级链和直属下级',
    access: 'signed-in',
    params: z.strictObject({ orgId: Id }),
    responses: { 200: OrgDetail },
  }),
};

export const staffRoutes = {
  getStaffScope: route({
    method: 'GET',
    path: '/staff/scope',
    summary: '工作人员可代表的组织范围（本组织及下级）',
    access: ['staff', 'admin'],
    responses: { 200: z.object({ actingOrg: OrgDetail.shape.org, tree: OrgTree }) },
  }),
};
