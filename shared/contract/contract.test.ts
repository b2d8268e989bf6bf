import type { z } from 'zod';
import { contract, successStatus, buildPath } from '.';
import { ErrorBody } from '../errors';

it('every route has exactly one success status and a Chinese summary', () => {
  for (const def of Object.values(contract)) {
    expect(() => successStatus(def)).not.toThrow();
    expect(def.summary).toMatch(/[\u4e00-\u9fa5]/);
  }
});

it('fills and encodes path parameters', () => {
  expect(buildPath('/orgs/{orgId}', { orgId: 'a b' })).toBe('/orgs/a%20b');
  expect(() => buildPath('/orgs/{orgId}', {})).toThrow(/orgId/);
});

it('the error body carries field errors as lists of messages', () => {
  expect(ErrorBody.safeParse({ code: 'bad_request', message: '有误', fieldErrors: { code: ['必填'] }, requestId: 'r' }).success).toBe(true);
});

/** Every object schema inside a schema, with where it sits. */
function objectsIn(schema: z.ZodType, at = '', seen = new Set<unknown>()): { at: string; catchall: string | undefined }[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = (schema as unknown as { _zod: { def: Record<string, any> } })._zod.def;
  const inner = (s: z.ZodType, suffix = '') => objectsIn(s, at + suffix, seen);
  switch (def.type) {
    case 'object':
      return [
        { at: at || '(top)', catchall: def.catchall?._zod.def.type },
        ...Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, s]) => inner(s, `.${key}`)),
      ];
    case 'array':
      return inner(def.element, '[]');
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
      return inner(def.innerType);
    case 'pipe':
      return [...inner(def.in), ...inner(def.out)];
    case 'union':
      return (def.options as z.ZodType[]).flatMap((s) => inner(s));
    case 'record':
      return inner(def.valueType, '{}');
    case 'lazy':
      return inner(def.getter());
    default:
      return [];
  }
}

it('every response schema strips what the contract does not name (no strict or passthrough objects)', () => {
  for (const def of Object.values(contract))
    for (const schema of Object.values(def.responses))
      for (const { at, catchall } of objectsIn(schema))
        expect(`${def.method} ${def.path} ${at}: ${catchall ?? 'strip'}`).toMatch(/: strip$/);
});

it('every input object refuses unknown keys (strict), however deep', () => {
  for (const def of Object.values(contract))
    for (const schema of ([def.params, def.query, def.body] as (z.ZodType | undefined)[]).filter((s) => s !== undefined))
      for (const { at, catchall } of objectsIn(schema))
        expect(`${def.method} ${def.path} ${at}: ${catchall ?? 'strip'}`).toMatch(/: never$/);
});
