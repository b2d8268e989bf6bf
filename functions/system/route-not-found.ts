import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { DomainError } from '../lib/errors';
import { errorResponse, requestIdOf } from '../lib/http/handler';

/** API Gateway's $default route: unknown paths get the API's own error body, in Chinese. */
export const handler = async (event: APIGatewayProxyEventV2) => errorResponse(new DomainError('route_not_found'), requestIdOf(event));
