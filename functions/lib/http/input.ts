import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import { MAX_BODY_BYTES } from '../../../shared/errors';
import type { RouteDef } from '../../../shared/contract/route';
import { DomainError } from '../errors';

export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** The JSON body, refusing wrong content types, oversize bodies and malformed JSON with 4xx. */
function readJsonBody(event: APIGatewayProxyEventV2, limit = MAX_BODY_BYTES): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > limit) {
    throw new DomainError(
      'payload_too_large',
      limit === MAX_BODY_BYTES ? undefined : `提交的内容太大（上限 ${Math.floor(limit / 1024 / 1024)} MB）`,
    );
  }
  const contentType = header(event, 'content-type') ?? '';
  if (!/^application\/json\b/i.test(contentType.trim())) throw new DomainError('unsupported_media_type');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new DomainError('invalid_json');
  }
}

/**
 * Field errors keyed by dot-joined path. Built in a Map: the keys are the caller's own field names,
 * and a name like `toString` or `__proto__` must become a key like any other, not reach
 * Object.prototype (that was a 500).
 */
type FieldErrors = Map<string, string[]>;

function addFieldErrors(fields: FieldErrors, error: z.ZodError, part: string): void {
  const add = (key: string, message: string) => {
    const messages = fields.get(key);
    if (messages) messages.push(message);
    else fields.set(key, [message]);
  };
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add([...issue.path, key].join('.'), '不允许的字段');
    } else {
      add(issue.path.length > 0 ? issue.path.join('.') : part, issue.message);
    }
  }
}

export interface ParsedInput {
  params: unknown;
  query: unknown;
  body: unknown;
}

/** Parses params, query and body with the route's schemas; every problem becomes one 400. */
export function parseInput(def: RouteDef, event: APIGatewayProxyEventV2): ParsedInput {
  const body = def.body ? readJsonBody(event, def.maxBodyBytes) : undefined;
  const parts = [
    ['params', def.params, event.pathParameters ?? {}],
    ['query', def.query, event.queryStringParameters ?? {}],
    ['body', def.body, body],
  ] as const;
  const parsed = new Map<string, unknown>();
  const fieldErrors: FieldErrors = new Map();
  for (const [part, schema, value] of parts) {
    if (!schema) continue;
    const result = schema.safeParse(value);
    if (result.success) parsed.set(part, result.data);
    else addFieldErrors(fieldErrors, result.error, part);
  }
  // Object.fromEntries defines own properties, so even `__proto__` is an ordinary key of the body
  if (fieldErrors.size > 0) throw new DomainError('bad_request', undefined, Object.fromEntries(fieldErrors));
  return { params: parsed.get('params'), query: parsed.get('query'), body: parsed.get('body') };
}
