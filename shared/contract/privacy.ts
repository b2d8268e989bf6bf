import { z } from 'zod';
import { route } from './route';
import { PrivacyConsent, PrivacyConsentBody } from '../schemas/privacy';

export const privacyRoutes = {
  recordPrivacyConsent: route({
    method: 'POST',
    path: '/me/privacy-consent',
    summary: '记录本人同意的隐私保护指引版本（只接受当前版本）',
    access: 'signed-in',
    body: PrivacyConsentBody,
    responses: { 200: z.object({ consent: PrivacyConsent }) },
  }),
  withdrawPrivacyConsent: route({
    method: 'POST',
    path: '/me/privacy-consent/withdraw',
    summary: '撤回对隐私保护指引的同意（记录撤回时间）',
    access: 'signed-in',
    responses: { 200: z.object({ consent: PrivacyConsent }) },
  }),
};
