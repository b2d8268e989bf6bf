import { z } from 'zod';
import { route } from './route';

export const systemRoutes = {
  getHealth: route({
    method: 'GET',
    path: '/health',
    summary: '服务是否可用（含数据库）',
    access: 'public',
    responses: { 200: z.object({ ok: z.literal(true), stage: z.string() }) },
  }),
};
