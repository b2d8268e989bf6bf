import type { Role } from '../../shared/schemas/session';

/**
 * Local demo people. On the local stage `dev:<login>` signs in as them (see README).
 * Fixed ids and creation times keep seeding idempotent.
 */
export interface DemoUser {
  login: string;
  id: string;
  role: Role;
  displayName: string;
  actingOrgId: string | null;
  label: string;
}

export const demoUsers: DemoUser[] = [
  { login: 'worker', id: 'demo-worker', role: 'worker', displayName: '王师傅', actingOrgId: null, label: '外卖骑手 王师傅' },
  {
    login: 'staff',
    id: 'demo-staff',
    role: 'staff',
    displayName: '李老师',
    actingOrgId: 'fengtai-lugouqiao',
    label: '卢沟桥街道工会 李老师',
  },
  {
    login: 'shunyi-staff',
    id: 'demo-shunyi-staff',
    role: 'staff',
    displayName: '赵老师',
    actingOrgId: 'shunyi-houshayu',
    label: '后沙峪镇工会 赵老师',
  },
  { login: 'admin', id: 'demo-admin', role: 'admin', displayName: '张主任', actingOrgId: 'fengtai', label: '丰台区总工会 张主任' },
];
