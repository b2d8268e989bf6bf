import { createHash, createPrivateKey, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { LambdaHandler } from '../../functions/lib/http/handler';
import { signSession } from '../../functions/lib/auth/session-token';
import { devOpenidHash } from '../../functions/lib/auth/wechat';
import { demoUsers } from '../../scripts/demo-data/users';
import { handedOut } from './fake-wechat';

export interface Call {
  method?: string;
  path?: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** an object is sent as JSON; a string is sent as is */
  body?: unknown;
  token?: string;
  /** the body is base64 (API Gateway sets this for binary content types) */
  isBase64Encoded?: boolean;
}

/** Calls a handler with an HTTP API (payload 2.0) event, as API Gateway would. */
export async function invoke(handler: LambdaHandler, call: Call = {}) {
  rememberDevLogin(call.body);
  const headers: Record<string, string> = {
    ...(call.body !== undefined && typeof call.body !== 'string' ? { 'content-type': 'application/json' } : {}),
    ...call.headers,
  };
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  const event = {
    version: '2.0',
    routeKey: `${call.method ?? 'GET'} ${call.path ?? '/'}`,
    rawPath: call.path ?? '/',
    rawQueryString: new URLSearchParams(call.query ?? {}).toString(),
    headers,
    queryStringParameters: call.query,
    pathParameters: call.params,
    body: call.body === undefined ? undefined : typeof call.body === 'string' ? call.body : JSON.stringify(call.body),
    isBase64Encoded: call.isBase64Encoded ?? false,
    requestContext: { requestId: randomUUID(), http: { method: call.method ?? 'GET', path: call.path ?? '/' } },
  } as unknown as APIGatewayProxyEventV2;
  const result = await handler(event);
  assertNoSecrets(`${JSON.stringify(result.headers ?? {})}\n${result.body ?? ''}`, call);
  return { status: result.statusCode ?? 200, headers: result.headers ?? {}, body: JSON.parse(result.body ?? 'null') };
}

/** The users table's key of a WeChat identity (`wx#<sha256 hex>`): never part of a reply. */
const IDENTITY_KEY = /wx#[0-9a-f]{64}/;

/** sha256 of app id + openid, as functions/lib/auth/wechat.ts stores it (handler.test.ts checks they agree). */
export const openidHashOf = (appId: string, openid: string) => createHash('sha256').update(`${appId}:${openid}`).digest('hex');

/** Local `dev:<name>` logins store the hash of a made-up openid: those hashes must not come back either. */
const devLoginHashes = new Set<string>();
function rememberDevLogin(body: unknown): void {
  const code = (body as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && /^dev:[a-z0-9-]{1,32}$/.test(code)) devLoginHashes.add(devOpenidHash(code.slice(4)));
}

let fixedSecrets: string[] | undefined;
/** What never leaves the API: the stored identity hashes of the demo people, and the stage's own secrets. */
function staticSecrets(): string[] {
  fixedSecrets ??= [
    ...demoUsers.map((u) => devOpenidHash(u.login)),
    process.env.JWT_SECRET,
    process.env.WECHAT_APP_SECRET,
    process.env.MEMBER_CARD_PRIVATE_KEY
      ? (createPrivateKey(process.env.MEMBER_CARD_PRIVATE_KEY).export({ format: 'jwk' }).d as string)
      : undefined,
  ].filter((s): s is string => Boolean(s));
  return fixedSecrets;
}

/**
 * Every reply any test receives is checked here for the openids, session keys and access tokens
 * the fake WeChat handed out, the openid hashes stored from them (and the demo people's), and the stage's
 * secrets: a leak fails the test that caused it, whatever that test was looking at.
 */
export function assertNoSecrets(reply: string, call: Call = {}): void {
  const appId = process.env.WECHAT_APP_ID ?? '';
  const secrets = [
    ...staticSecrets(),
    ...devLoginHashes,
    ...handedOut.sessionKeys,
    ...handedOut.accessTokens,
    ...[...handedOut.openids].flatMap((openid) => [openid, openidHashOf(appId, openid)]),
  ];
  const leaked = secrets.find((secret) => reply.includes(secret)) ?? IDENTITY_KEY.exec(reply)?.[0];
  if (leaked) throw new Error(`${call.method ?? 'GET'} ${call.path ?? '/'} leaked a secret in its reply: ${leaked.slice(0, 12)}…`);
}

/** A session token for one of the seeded demo people. */
export async function tokenFor(login: 'worker' | 'staff' | 'shunyi-staff' | 'admin'): Promise<string> {
  const user = demoUsers.find((u) => u.login === login)!;
  return (await signSession({ userId: user.id, role: user.role, actingOrgId: user.actingOrgId })).token;
}
