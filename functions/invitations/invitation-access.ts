import { createHash } from 'node:crypto';
import { invitationLink } from '../../shared/schemas/invitation';
import type { Org } from '../../shared/schemas/org';
import { optionalEnv } from '../lib/config';

/** The district an org lies in (the city union counts as its own): whose admin counter it touches. */
export const districtOf = (org: Org): string => (org.level === 'city' ? org.id : org.path[1]!);

/** Only the sha256 of an invitation's secret is stored; the secret itself is answered once and never logged. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** What the invitation QR and link open: the app's accept page with the invitation id and its secret. */
export function invitationUrl(id: string, secret: string): string {
  return invitationLink(optionalEnv('JOIN_BASE_URL') ?? 'http://127.0.0.1:10086', id, secret);
}
