import { z } from 'zod';
import type { Role } from '../schemas/session';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call a route: anyone, any signed-in person, or only the listed roles. */
export type Access = 'public' | 'signed-in' | readonly Role[];

/** One endpoint, as data. The handler wrapper and the app client are both built from it. */
export interface RouteDef<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends Record<number, z.ZodType> = Record<number, z.ZodType>,
> {
  method: HttpMethod;
  /** API Gateway style: /orgs/{orgId} */
  path: string;
  summary: string;
  access: Access;
  params?: P;
  query?: Q;
  body?: B;
  /** a larger body than MAX_BODY_BYTES (64 KB), for a file upload; Lambda takes 6 MB at most */
  maxBodyBytes?: number;
  /** one schema per success status; errors always use the shared ErrorBody */
  responses: R;
}

/** Identity function that keeps the literal types of a route definition. */
export function route<
  P extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
  R extends Record<number, z.ZodType> = Record<number, z.ZodType>,
>(def: RouteDef<P, Q, B, R>): RouteDef<P, Q, B, R> {
  return def;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;
type Input<T> = T extends z.ZodType ? z.input<T> : undefined;
export type ParamsOf<D> = D extends RouteDef<infer P, any, any, any> ? Infer<P> : never;
export type QueryOf<D> = D extends RouteDef<any, infer Q, any, any> ? Infer<Q> : never;
export type BodyOf<D> = D extends RouteDef<any, any, infer B, any> ? Infer<B> : never;
/** What a caller sends (before defaults and coercion): the client's argument types. */
export type ParamsInputOf<D> = D extends RouteDef<infer P, any, any, any> ? Input<P> : never;
export type QueryInputOf<D> = D extends RouteDef<any, infer Q, any, any> ? Input<Q> : never;
export type BodyInputOf<D> = D extends RouteDef<any, any, infer B, any> ? Input<B> : never;
/** The body of the route's success response (its lowest 2xx status). */
export type ResponseOf<D> = D extends RouteDef<any, any, any, infer R> ? z.infer<R[keyof R]> : never;

/** The success status of a route: the 2xx status listed in its responses. */
export function successStatus(def: RouteDef): number {
  const statuses = Object.keys(def.responses)
    .map(Number)
    .filter((s) => s >= 200 && s < 300);
  if (statuses.length !== 1) throw new Error(`route ${def.method} ${def.path} must list exactly one 2xx response`);
  return statuses[0]!;
}

/** Fill {name} placeholders of a path; values are URI-encoded. */
export function buildPath(path: string, params: Record<string, string> | undefined): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
