import type { z } from 'zod';
import { DomainError } from './errors';

/** Opaque page cursors: base64url JSON, checked against a schema when they come back. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, schema: z.ZodType<T>): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new DomainError('bad_request', undefined, { cursor: ['翻页标记无效，请从第一页重新加载'] });
  }
}
