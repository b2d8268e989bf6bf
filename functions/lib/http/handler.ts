import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { errorCatalog, type ErrorBody } from '../../../shared/errors';
import { successStatus, type BodyOf, type ParamsOf, type QueryOf, type ResponseOf, type RouteDef } from '../../../shared/contract';
import { DomainError } from '../errors';
import { createLogger, type Logger } from '../log';
import { verifySession, type Principal } from '../auth/session-token';
import { getUser, isAccountDeleted } from '../../tables/users';
import { header, parseInput } from './input';

export interface RouteContext<D extends RouteDef> {
  requestId: string;
  log: Logger;
  /** the signed-in caller; null only on public routes */
  principal: D['access'] extends 'public' ? Principal | null : Principal;
}

export type RouteInput<D extends RouteDef> = { params: ParamsOf<D>; query: QueryOf<D>; body: BodyOf<D> };
export type RouteFn<D extends RouteDef> = (input: RouteInput<D>, ctx: RouteContext<D>) => Promise<ResponseOf<D>>;
export type LambdaHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;

function json(status: number, body: unknown, requestId: string): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-request-id': requestId },
    body: JSON.stringify(body),
  };
}

export function errorResponse(error: DomainError, requestId: string): APIGatewayProxyStructuredResultV2 {
  const body: ErrorBody = { code: error.code, message: error.message, requestId };
  if (error.fieldErrors) body.fieldErrors = error.fieldErrors;
  return json(error.status, body, requestId);
}

/** API Gateway's request id; serverless-offline sends a constant placeholder, so mint one there. */
export function requestIdOf(event: APIGatewayProxyEventV2): string {
  const given = event.requestContext?.requestId;
  return given && !given.startsWith('offlineContext') ? given : randomUUID();
}

async function authenticate(def: RouteDef, event: APIGatewayProxyEventV2): Promise<Principal | null> {
  const authorization = header(event, 'authorization');
  // A public route serves anyone: a malformed or stale header (an app sending `Bearer ` while
  // logged out) must not stop the login it is trying to make.
  if (def.access === 'public') return authorization ? principalOf(authorization).catch(() => null) : null;
  if (!authorization) throw new DomainError('unauthorized');
  const principal = await principalOf(authorization);
  if (def.access !== 'signed-in' && !def.access.includes(principal.role)) {
    throw principal.role === 'worker' ? new DomainError('staff_only') : new DomainError('forbidden');
  }
  // A staff or admin token is only as good as the user record behind it: a revoke (or a new role)
  // bumps the record's sessionVersion, so the very next request with the old token is refused.
  // A worker token is refused once the account is deleted (注销): one GetItem of the deletion
  // marker, kept (by TTL) only as long as a token can live; it names a hash of the user id, so no
  // trace of the person is left.
  if (principal.role !== 'worker') await assertCurrentSession(principal);
  else if (await isAccountDeleted(principal.userId)) throw new DomainError('token_expired', '账号已注销，请重新登录');
  return principal;
}

/** One GetItem, never cached: the user must exist and the token's version must still be theirs. */
async function assertCurrentSession(principal: Principal): Promise<void> {
  const user = await getUser(principal.userId);
  if (!user) throw new DomainError('token_expired', '账号已注销或不存在，请重新登录');
  if (user.sessionVersion > (principal.sessionVersion ?? 0) || user.role !== principal.role) {
    throw new DomainError('token_expired', '您的工作人员身份已变更，请重新登录');
  }
}

/** The caller a `Bearer <token>` header names. Async, so every refusal is a rejection (never a throw). */
async function principalOf(authorization: string): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw new DomainError('unauthorized', '登录信息格式不正确，请重新登录');
  return verifySession(match[1]!);
}

/**
 * Builds a Lambda handler from a contract entry: authenticates and authorises the caller, parses
 * the input with the shared schemas, runs the route, and sends its result parsed with the route's
 * response schema: on every stage, so only what the contract names leaves (object schemas strip
 * unknown attributes) and a result that breaks the contract is a logged 500, never a leak. Every
 * failure maps to the one error body; nothing unexpected ever leaks beyond `internal`.
 */
export function defineHandler<D extends RouteDef>(def: D, run: RouteFn<D>): LambdaHandler {
  const status = successStatus(def);
  const responseSchema = def.responses[status]!;
  return async (event) => {
    const requestId = requestIdOf(event);
    const log = createLogger({ requestId, route: `${def.method} ${def.path}` });
    try {
      const principal = await authenticate(def, event);
      const input = parseInput(def, event) as RouteInput<D>;
      const ctx = { requestId, log, principal } as RouteContext<D>;
      const result = await run(input, ctx);
      const checked = responseSchema.safeParse(result);
      if (!checked.success) {
        log.error('response does not match the contract', { issues: checked.error.issues.slice(0, 5) });
        return errorResponse(new DomainError('internal'), requestId);
      }
      return json(status, checked.data, requestId);
    } catch (error) {
      if (error instanceof DomainError) {
        if (error.status >= 500) log.warn('upstream failure', { errorCode: error.code });
        return errorResponse(error, requestId);
      }
      log.error('unexpected failure', {
        error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
      });
      return json(500, { code: 'internal', message: errorCatalog.internal.message, requestId } satisfies ErrorBody, requestId);
    }
  };
}
