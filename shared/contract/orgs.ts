import { z } from 'zod';
import { route } from './route';
import { Id } from '../schemas/common';
import { OrgDetail, OrgTree } from '../schemas/org';

export const orgRoutes = {
  listOrgTree: route({
    method: 'GET',
    path: '/orgs',
    summary: '组织树（可只取某个组织及其下级）',
    access: 'signed-in',
    query: z.strictObject({ under: Id.optional() }),
    responses: { 200: OrgTree },
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
