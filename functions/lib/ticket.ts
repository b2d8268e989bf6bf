import { SignJWT, jwtVerify } from 'jose';
import { env } from './config';

/** A sign-up's entry ticket: HS256 over (activity, member); valid until the day after the activity. */
const key = () => new TextEncoder().encode(env('JWT_SECRET'));

export async function signTicket(activityId: string, memberId: string): Promise<string> {
  return new SignJWT({ a: activityId })
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience('ticket')
    .setSubject(memberId)
    .setExpirationTime('30d')
    .sign(key());
}

export async function readTicket(token: string): Promise<{ activityId: string; memberId: string } | null> {
  try {
    const { payload } = await jwtVerify(token, key(), { audience: 'ticket', algorithms: ['HS256'] });
    return typeof payload.a === 'string' && payload.sub ? { activityId: payload.a, memberId: payload.sub } : null;
  } catch {
    return null;
  }
}
