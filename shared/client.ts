/** The typed API client, built from the contract; the transport (Taro.request, fetch) is injected. */
import {
  buildPath,
  successStatus,
  type BodyInputOf,
  type ParamsInputOf,
  type QueryInputOf,
  type ResponseOf,
  type RouteDef,
} from './contract/route';
import { errorCatalog } from './errors';

/** What a transport (Taro.request, or a test double) must do: send one request, return status and parsed body. */
export type Transport = (request: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}) => Promise<{ status: number; data: unknown }>;

/** A failed call, with the API's machine-readable code and its Chinese message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors?: Record<string, string[]>,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const NETWORK_ERROR_MESSAGE = '网络连接失败，请检查网络后重试';

type Part<K extends string, T> = [T] extends [undefined] ? { [P in K]?: undefined } : { [P in K]: T };
export type ArgsOf<D> = Part<'params', ParamsInputOf<D>> & Part<'query', QueryInputOf<D>> & Part<'body', BodyInputOf<D>>;
type AllOptional<T> = Partial<T> extends T ? true : false;
type Call<D> =
  AllOptional<ArgsOf<D>> extends true ? (args?: ArgsOf<D>) => Promise<ResponseOf<D>> : (args: ArgsOf<D>) => Promise<ResponseOf<D>>;
export type Client<C extends Record<string, RouteDef>> = { [K in keyof C]: Call<C[K]> };

export interface ClientOptions {
  baseUrl: string;
  transport: Transport;
  getToken?: () => string | null;
  /** called once for a 401 on a signed-in call, before the error is thrown */
  onUnauthorized?: (error: ApiError) => void;
}

function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const pairs = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(Array.isArray(v) ? v.join(',') : String(v))}`);
  return pairs.length > 0 ? `?${pairs.join('&')}` : '';
}

/** A typed client with one method per contract entry; it never builds a URL by hand elsewhere. */
export function createClient<C extends Record<string, RouteDef>>(contract: C, options: ClientOptions): Client<C> {
  const client = {} as Record<
    string,
    (args?: { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown }) => Promise<unknown>
  >;
  for (const [name, def] of Object.entries(contract)) {
    const expected = successStatus(def);
    client[name] = async (args = {}) => {
      const headers: Record<string, string> = { accept: 'application/json' };
      const token = def.access === 'public' ? null : options.getToken?.();
      if (token) headers.authorization = `Bearer ${token}`;
      if (args.body !== undefined) headers['content-type'] = 'application/json';
      const url = `${options.baseUrl}${buildPath(def.path, args.params)}${queryString(args.query)}`;

      let reply: { status: number; data: unknown };
      try {
        reply = await options.transport({ method: def.method, url, headers, body: args.body });
      } catch {
        throw new ApiError(0, 'network', NETWORK_ERROR_MESSAGE);
      }
      if (reply.status === expected) return reply.data;

      const body = (reply.data ?? {}) as { code?: string; message?: string; fieldErrors?: Record<string, string[]>; requestId?: string };
      const error =
        typeof body.code === 'string' && typeof body.message === 'string'
          ? new ApiError(reply.status, body.code, body.message, body.fieldErrors, body.requestId)
          : new ApiError(
              reply.status,
              reply.status >= 500 ? 'internal' : 'unexpected',
              reply.status >= 500 ? errorCatalog.internal.message : NETWORK_ERROR_MESSAGE,
            );
      if (reply.status === 401 && token) options.onUnauthorized?.(error);
      throw error;
    };
  }
  return client as unknown as Client<C>;
}
