import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { LambdaHandler } from '../../functions/lib/http/handler';
import { signSession } from '../../functions/lib/auth/session-token';
import { demoUsers } from '../../scripts/demo-data/users';

export interface Call {
  method?: string;
  path?: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** an object is sent as JSON; a string is sent as is */
  body?: unknown;
  token?: string;
}

/** Calls a handler with an HTTP API (payload 2.0) event, as API Gateway would. */
export async function invoke(handler: LambdaHandler, call: Call = {}) {
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
    isBase64Encoded: false,
    requestContext: { requestId: randomUUID(), http: { method: call.method ?? 'GET', path: call.path ?? '/' } },
  } as unknown as APIGatewayProxyEventV2;
  const result = await handler(event);
  return { status: result.statusCode ?? 200, headers: result.headers ?? {}, body: JSON.parse(result.body ?? 'null') };
}

/** A session token for one of the seeded demo people. */
export async function tokenFor(login: 'worker' | 'staff' | 'shunyi-staff' | 'admin'): Promise<string> {
  const user = demoUsers.find((u) => u.login === login)!;
  return (await signSession({ userId: user.id, role: user.role, actingOrgId: user.actingOrgId })).token;
}
