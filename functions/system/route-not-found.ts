import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../lib/errors';
import { errorResponse } from '../lib/http/handler';

/** API Gateway's $default route: unknown paths get the API's own error body, in Chinese. */
export const handler = async (event: APIGatewayProxyEventV2) =>
  errorResponse(new DomainError('route_not_found'), event.requestContext?.requestId ?? randomUUID());
