/**
 * Generated bad input for every route of the contract: from each route's own schemas, a plausible
 * valid request, then one thing wrong with it — a wrong type, a missing or unknown key (prototype
 * names included), a number no table can hold, a control character, a huge string, malformed
 * JSON, a wrong content type, an oversized body or an unusable Authorization header. Each case
 * is sent to the real handler in-process; the answer must never be 5xx and every error must be
 * the one error body with Chinese messages. Used by test/bad-input.test.ts and
 * scripts/fuzz-bad-input.ts (the bigger run).
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { contract, type RouteDef, type RouteName } from '../../shared/contract';
import { ErrorBody, errorCatalog, MAX_BODY_BYTES } from '../../shared/errors';
import type { LambdaHandler } from '../../functions/lib/http/handler';
import { invoke, type Call } from './invoke';

type Def = Record<string, any>;
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const bagOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { bag: Def } })._zod.bag ?? {};

/** Real values for fields a valid request must get right to reach the tables (ids of fixtures). */
export type Hints = Record<string, string[]>;

const CJK = fc.constantFrom(...'工会驿站热水充电休息王师傅外卖骑手卢沟桥文化广场'.split(''));
const cjkString = (min: number, max: number) => fc.string({ unit: CJK, minLength: min, maxLength: max });

/** A value the schema (most likely) accepts. Refinements across fields may still refuse it: fine. */
export function validArb(schema: z.ZodType, key: string, hints: Hints): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const bag = bagOf(schema);
  switch (def.type) {
    case 'string': {
      if (hints[key]?.length) return fc.constantFrom(...hints[key]!);
      if (bag.format === 'datetime')
        return fc.integer({ min: 0, max: 30 * 24 }).map((h) => new Date(Date.now() + h * 3600_000).toISOString());
      if (bag.format === 'date') return fc.constantFrom('2026-11-26', '2027-01-05');
      if (bag.format === 'url') return fc.constantFrom('https://example.com/photo/1.jpg', 'https://img.example.cn/a.png');
      const regex = (def.checks ?? []).map((c: z.ZodType) => defOf(c)).find((c: Def) => c.format === 'regex')?.pattern as
        RegExp | undefined;
      const min = bag.minimum ?? 0;
      const max = Math.min(bag.maximum ?? 40, 40);
      if (regex) return fc.stringMatching(regex).filter((s) => s.length >= min && s.length <= (bag.maximum ?? Infinity));
      return cjkString(Math.max(min, 0), Math.max(min, max));
    }
    case 'number': {
      if (key === 'lat') return fc.double({ min: 24, max: 26, noNaN: true });
      if (key === 'lng') return fc.double({ min: 100, max: 102, noNaN: true });
      const min = Number.isFinite(bag.minimum) ? bag.minimum : -1000;
      const max = Number.isFinite(bag.maximum) ? Math.min(bag.maximum, min + 1000) : min + 1000;
      return bag.format === 'safeint' ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'enum':
      if (hints[key]?.length) return fc.constantFrom(...hints[key]!);
      return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'object': {
      const entries = Object.entries(def.shape as Record<string, z.ZodType>);
      const required = Object.fromEntries(entries.map(([k, s]) => [k, validArb(s, k, hints)]));
      return fc.record(required, { requiredKeys: entries.filter(([k, s]) => !isOptional(s) || hints[k]?.length).map(([k]) => k) });
    }
    case 'array': {
      const minLength = bag.length ?? bag.minimum ?? 0;
      const maxLength = bag.length ?? Math.min(bag.maximum ?? 3, minLength + 3);
      return fc.array(validArb(def.element, key, hints), { minLength, maxLength });
    }
    case 'optional':
    case 'default':
    case 'prefault':
      if (hints[key]?.length) return validArb(def.innerType, key, hints); // a hinted field is always sent
      return fc.option(validArb(def.innerType, key, hints), { nil: undefined, freq: 3 });
    case 'nullable':
      return fc.option(validArb(def.innerType, key, hints), { nil: null, freq: 3 });
    case 'pipe':
      return validArb(def.in, key, hints); // a transform cannot be run backwards: generate what goes in
    case 'union':
      return fc.oneof(...(def.options as z.ZodType[]).map((s) => validArb(s, key, hints)));
    default:
      return fc.constant(undefined);
  }
}

function isOptional(schema: z.ZodType): boolean {
  const type = defOf(schema).type;
  return type === 'optional' || type === 'default' || type === 'prefault' || (type === 'pipe' && isOptional(defOf(schema).in));
}

/** A marker for a number JSON can carry but JSON.stringify cannot write (-0, 1e-400, 1e309, 40 digits). */
class Raw {
  constructor(readonly text: string) {}
}

const PROTOTYPE_NAMES = ['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__'];
const CONTROLS = [...Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)), '\u007f', '\u0085', '\u009b', '\u001b[2J', '\u001b[31m'];

const badNumbers: unknown[] = [
  1e-131,
  -1e-131,
  1e-130,
  5e-324,
  1e126,
  1e127,
  1e300,
  -1e300,
  Number.MAX_VALUE,
  Number.MAX_SAFE_INTEGER + 2,
  -1,
  0.1 + 0.2,
  123.456789012345,
  new Raw('-0'),
  new Raw('1e-400'),
  new Raw('1e309'),
  new Raw('-1e309'),
  new Raw('1234567890123456789012345678901234567890.5'),
  new Raw('0.0000000000000000000000000000000000000000001'),
];
const nanLike = ['NaN', 'Infinity', '-Infinity', '1e-131', '1e300', '-0', '0x10', ' 1 ', '1_000', '', '١٢', '1e309'];
const wrongTypes: unknown[] = [null, true, false, 0, 1, '', 'x', [], {}, [1, 2], { a: 1 }];

/** Strings no text field should take as they are. */
const badStringArb: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(cjkString(0, 5), fc.constantFrom(...CONTROLS), cjkString(0, 5)).map(([a, c, b]) => `${a}${c}${b}`),
  fc.constantFrom(
    'x'.repeat(10_000),
    '字'.repeat(5_000),
    ' '.repeat(300),
    '\ud800',
    'a\udfffb',
    '<script>alert(1)</script>',
    '../../etc/passwd',
  ),
  fc.constantFrom(...nanLike),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

const badValueArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...wrongTypes),
  fc.constantFrom(...badNumbers),
  badStringArb,
  fc.constant(nested(200)),
);

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

/** Every path to a value inside a JSON value (objects and arrays), the root first. */
function pathsOf(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  const here = [at];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...at, i]))];
  if (value && typeof value === 'object' && !(value instanceof Raw))
    return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...at, k]))];
  return here;
}

/** `mustRefuse`: no schema may accept this input (a prototype-named key): 400 with field errors, not a shrug. */
type Mutation = { kind: string; apply: (value: unknown) => unknown; mustRefuse?: boolean };
/** Keys no input of ours has: an answer other than 400 with field errors means a schema let them through. */
const NEVER_VALID_KEYS = new Set<string>([...PROTOTYPE_NAMES, 'isAdmin']);

function setAt(value: unknown, path: (string | number)[], change: (parent: any, key: string | number) => void): unknown {
  const copy = structuredCloneJson(value);
  if (path.length === 0) return copy;
  let parent: any = copy;
  for (const key of path.slice(0, -1)) parent = parent[key];
  change(parent, path[path.length - 1]!);
  return copy;
}

function structuredCloneJson(value: unknown): unknown {
  if (value instanceof Raw) return value;
  if (Array.isArray(value)) return value.map(structuredCloneJson);
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      Object.defineProperty(copy, k, { value: structuredCloneJson(v), enumerable: true, writable: true, configurable: true });
    return copy;
  }
  return value;
}

/** Defines an own key, so `__proto__` is a key like any other (as JSON.parse makes it). */
function defineKey(target: any, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** One thing wrong with a valid value: replaced, removed, or an unknown key beside it. */
function mutationArb(): fc.Arbitrary<Mutation & { pick: number }> {
  const unknownKey = fc.oneof(
    fc.constantFrom(...PROTOTYPE_NAMES),
    fc.constantFrom('role', 'isAdmin', 'id', ''),
    fc.string({ maxLength: 8 }),
  );
  return fc.oneof(
    fc.tuple(fc.nat(), badValueArb).map(([pick, bad]) => ({
      pick,
      kind: 'bad value',
      apply: (v: unknown) => {
        const paths = pathsOf(v);
        const path = paths[pick % paths.length]!;
        return path.length === 0 ? bad : setAt(v, path, (p, k) => defineKey(p, k, bad));
      },
    })),
    fc.nat().map((pick) => ({
      pick,
      kind: 'missing key',
      apply: (v: unknown) => {
        const paths = pathsOf(v).filter((p) => typeof p[p.length - 1] === 'string');
        if (paths.length === 0) return undefined;
        return setAt(v, paths[pick % paths.length]!, (p, k) => delete p[k]);
      },
    })),
    fc.tuple(fc.nat(), unknownKey, badValueArb).map(([pick, key, bad]) => ({
      pick,
      kind: 'unknown key',
      mustRefuse: NEVER_VALID_KEYS.has(key),
      apply: (v: unknown) => {
        const objects = pathsOf(v).filter((p) => isObject(get(v, p)));
        if (objects.length === 0) return { [key]: bad };
        const path = objects[pick % objects.length]!;
        const copy = structuredCloneJson(v);
        defineKey(path.length ? get(copy, path) : copy, key, bad);
        return copy;
      },
    })),
  );
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  Boolean(v) && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Raw);
const get = (v: any, path: (string | number)[]) => path.reduce((o, k) => o?.[k], v);

/** JSON text, with Raw numbers written as they are. */
function toJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_k, v) => {
    if (v instanceof Raw) {
      raws.push(v.text);
      return `__RAW_${raws.length - 1}__`;
    }
    return v;
  });
  return (text ?? '').replace(/"__RAW_(\d+)__"/g, (_, i: string) => raws[Number(i)]!);
}

/** Query strings and path parameters are text: turn generated values into strings. */
function asStrings(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value))
    if (v !== undefined) defineKey(out, k, typeof v === 'string' ? v : v instanceof Raw ? v.text : toJson(v));
  return out;
}

export interface BadCase {
  route: RouteName;
  kind: string;
  call: Call;
  mustRefuse?: boolean;
}

export interface Principals {
  worker: string;
  staff: string;
}

const MALFORMED_AUTH = [
  'Bearer ',
  'Basic x',
  'Bearer a b',
  'Bearer',
  'bearer x.y.z',
  'Token abc',
  'Bearer \u0000',
  `Bearer ${'a'.repeat(5000)}`,
];
const BAD_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jsonp',
  '',
  'application/xml',
];
const MALFORMED_JSON = ['{', '{"a":}', "{'a':1}", 'undefined', '{"a":1,}', '\u0000', '[1,2', '{"a":"\\x"}', 'NaN', '--', '\ufeff{}'];

/** fast-check arbitrary of bad requests for one route, signed in as someone who may call it. */
export function badCaseArb(name: RouteName, hints: Hints, principals: Principals): fc.Arbitrary<BadCase> {
  const def = contract[name] as RouteDef;
  const token = def.access === 'public' ? undefined : def.access === 'signed-in' ? principals.worker : principals.staff;
  const base = (part: 'params' | 'query' | 'body') => (def[part] ? validArb(def[part], part, hints) : fc.constant(undefined));
  const valid = fc.record({ params: base('params'), query: base('query'), body: base('body') });
  const call = (v: { params: unknown; query: unknown; body: unknown }, extra: Partial<Call> = {}): Call => ({
    method: def.method,
    path: def.path,
    params: asStrings(v.params),
    query: asStrings(v.query),
    body: v.body === undefined ? undefined : toJson(v.body),
    headers: v.body === undefined ? {} : ({ 'content-type': 'application/json' } as Record<string, string>),
    token,
    ...extra,
  });
  const parts = (['params', 'query', 'body'] as const).filter((p) => def[p]);
  const badCase = (kind: string, c: Call, mustRefuse = false): BadCase => ({ route: name, kind, call: c, mustRefuse });
  const weighted = (weight: number, arbitrary: fc.Arbitrary<BadCase>) => ({ weight, arbitrary });
  // Weights: most cases are wrong inside one part of the input (refused before the tables, and
  // the body most of all: it has the most to get wrong); fewer are envelope and header faults;
  // about one in twelve is a valid-looking request that runs the route through the tables.
  const cases: fc.WeightedArbitrary<BadCase>[] = [
    ...parts.map((part) =>
      weighted(
        part === 'body' ? 8 : 4,
        fc
          .tuple(valid, mutationArb())
          .map(([v, m]) => badCase(`${part}: ${m.kind}`, call({ ...v, [part]: m.apply(v[part]) }), m.mustRefuse)),
      ),
    ),
    ...(def.body
      ? [
          weighted(
            1,
            fc
              .tuple(valid, fc.constantFrom(...MALFORMED_JSON))
              .map(([v, text]) => badCase('malformed JSON', { ...call(v), body: text, headers: { 'content-type': 'application/json' } })),
          ),
          weighted(
            1,
            fc
              .tuple(valid, fc.constantFrom(...BAD_CONTENT_TYPES))
              .map(([v, type]) => badCase('wrong content type', { ...call(v), headers: type ? { 'content-type': type } : {} })),
          ),
          weighted(
            1,
            fc
              .tuple(valid, fc.constantFrom(MAX_BODY_BYTES + 1, 200_000))
              .map(([v, size]) => badCase('oversized body', { ...call(v), body: JSON.stringify({ pad: 'x'.repeat(size) }) })),
          ),
          weighted(
            1,
            fc
              .tuple(valid, fc.constantFrom('!!!not base64', ''))
              .map(([v, text]) =>
                badCase('base64 body', { ...call(v), body: text || Buffer.from(toJson(v.body)).toString('base64'), isBase64Encoded: true }),
              ),
          ),
        ]
      : []),
    // an Authorization header nobody could use: public routes ignore it, the others answer 401
    weighted(
      1,
      fc
        .tuple(valid, fc.constantFrom(...MALFORMED_AUTH))
        .map(([v, authorization]) =>
          badCase('malformed Authorization', { ...call(v), token: undefined, headers: { ...call(v).headers, authorization } }),
        ),
    ),
    // unknown or prototype-named query keys, even where the route takes no query (there they are ignored)
    weighted(
      2,
      fc
        .tuple(valid, fc.constantFrom(...PROTOTYPE_NAMES, 'x'), badStringArb)
        .map(([v, key, bad]) =>
          badCase(
            'unknown query key',
            call({ ...v, query: Object.defineProperty({ ...(asStrings(v.query) ?? {}) }, key, { value: bad, enumerable: true }) }),
          ),
        ),
    ),
    weighted(
      1,
      valid.map((v) => badCase('valid-looking', call(v))),
    ),
  ];
  return fc.oneof(...cases);
}

/** What is wrong with an answer to a bad request, or null when it is a proper answer. */
export function problemWith(reply: { status: number; body: any }): string | null {
  if (reply.status >= 500) return `answered ${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`;
  if (reply.status < 400) return null;
  const parsed = ErrorBody.strict().safeParse(reply.body);
  if (!parsed.success) return `error body is not {code, message, requestId[, fieldErrors]}: ${JSON.stringify(reply.body).slice(0, 200)}`;
  const { code, message, fieldErrors } = parsed.data;
  if (!(code in errorCatalog)) return `unknown error code ${code}`;
  if (!/[\u4e00-\u9fa5]/.test(message)) return `message is not Chinese: ${message}`;
  for (const [field, messages] of Object.entries(fieldErrors ?? {}))
    for (const m of messages) if (!/[\u4e00-\u9fa5]/.test(m)) return `field error of ${field} is not Chinese: ${m}`;
  return null;
}

export interface Failure {
  route: RouteName;
  kind: string;
  problem: string;
  call: Call;
}

/** A request that gets no answer at all is as bad as a 500: give each one this long. */
const CASE_TIMEOUT_MS = 15_000;
function withinTime<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Sends each case to its handler, a few at a time, and collects every improper answer. */
export async function runCases(
  cases: BadCase[],
  handlers: Record<string, LambdaHandler>,
  concurrency = 8,
): Promise<{ failures: Failure[]; statuses: Record<number, number> }> {
  const failures: Failure[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++]!;
      try {
        const reply = await withinTime(invoke(handlers[c.route]!, c.call), CASE_TIMEOUT_MS);
        statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
        const problem =
          problemWith(reply) ??
          (c.mustRefuse && !(reply.status === 400 && Object.keys(reply.body?.fieldErrors ?? {}).length > 0)
            ? `accepted a key no schema may take: answered ${reply.status}`
            : null);
        if (problem) failures.push({ route: c.route, kind: c.kind, problem, call: c.call });
      } catch (error) {
        failures.push({ route: c.route, kind: c.kind, problem: `threw: ${(error as Error).message}`, call: c.call });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { failures, statuses };
}

/** Each contract route's real handler, found the way serverless.yml finds it (infra/functions.cjs `definitions`). */
export function contractHandlers(): Record<string, LambdaHandler> {
  const { definitions } = require('../../infra/functions.cjs') as { definitions: Record<string, { handler: string }> };
  const handlers: Record<string, LambdaHandler> = {};
  for (const name of Object.keys(contract)) {
    const [file, exported] = definitions[name]!.handler.split(/\.(?=[^.]+$)/) as [string, string];
    handlers[name] = require(`../../${file}`)[exported];
  }
  return handlers;
}

/** A short, readable line for a failure (long strings cut). */
export function describeFailure(f: Failure): string {
  const call = JSON.stringify({ params: f.call.params, query: f.call.query, body: f.call.body, headers: f.call.headers }, (_k, v) =>
    typeof v === 'string' && v.length > 120 ? `${v.slice(0, 120)}…(${v.length})` : v,
  );
  return `${f.route} [${f.kind}] ${f.problem}\n    ${call}`;
}

/**
 * A world for the bad requests to land in, apart from every other test's data: a staff member of
 * 双丰街道 (no other test uses it) and an active member there, a station far from any station
 * another test searches (in Yunnan), an activity, a join code, an outreach event, a post and a report. Valid-looking
 * requests then reach the tables with real ids; the rest are refused before.
 */
export async function prepareWorld(): Promise<{ hints: Hints; principals: Principals; close: () => Promise<void> }> {
  const { startFakeWechat } = await import('./fake-wechat');
  const { member } = await import('./activities');
  const { signSession } = await import('../../functions/lib/auth/session-token');
  const handlers = contractHandlers();
  const wechat = await startFakeWechat(); // login codes reach a WeChat that answers (401), not a closed port (502)
  process.env.WECHAT_API_BASE = wechat.baseUrl;
  const orgId = 'shunyi-shuangfeng';
  const { putUserWithIdentity } = await import('../../functions/tables/users');
  // staff tokens are checked against the user record (sessionVersion): the fuzz staff member exists
  await putUserWithIdentity(
    {
      id: 'fuzz-staff',
      role: 'staff',
      displayName: '测试员',
      actingOrgId: orgId,
      createdAt: '2026-01-01T00:00:00.000Z',
      sessionVersion: 0,
    },
    'fuzz-staff-identity',
  );
  const staff = (await signSession({ userId: 'fuzz-staff', role: 'staff', actingOrgId: orgId })).token;
  const someone = await member({ orgId });
  const send = async (route: RouteName, call: Call) => {
    const reply = await invoke(handlers[route]!, call);
    if (reply.status >= 300) throw new Error(`preparing ${route}: ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  };
  const station = await send('createStation', {
    method: 'POST',
    token: staff,
    body: {
      name: '测试驿站',
      address: '云南省测试路 1 号',
      orgId,
      kind: 'union-station',
      location: { lat: 25, lng: 101 },
      hours: { allDay: true, weekly: [[], [], [], [], [], [], []] },
    },
  });
  const day = 24 * 3600_000;
  const activity = await send('createActivity', {
    method: 'POST',
    token: staff,
    body: {
      orgId,
      title: '测试活动',
      category: 'service',
      place: '双丰街道',
      startsAt: new Date(Date.now() + 30 * day).toISOString(),
      endsAt: new Date(Date.now() + 31 * day).toISOString(),
      signupOpensAt: new Date(Date.now() - day).toISOString(),
      signupClosesAt: new Date(Date.now() + 29 * day).toISOString(),
      capacity: 1000,
    },
  });
  const code = await send('createJoinCode', { method: 'POST', token: staff, body: { orgId } });
  const post = await send('createStationPost', {
    method: 'POST',
    token: someone.token,
    params: { stationId: station.id },
    body: { text: '测试留言', clientRequestId: 'fuzz-post-0001' },
  });
  const report = await send('reportStationProblem', {
    method: 'POST',
    token: someone.token,
    params: { stationId: station.id },
    body: { type: 'dirty', clientRequestId: 'fuzz-report-0001' },
  });
  // the member supervises the station and has inspected it: the network routes reach their tables
  await send('appointSupervisors', { method: 'POST', token: staff, body: { memberNo: someone.memberNo, stationIds: [station.id] } });
  const inspection = await send('submitInspection', {
    method: 'POST',
    token: someone.token,
    params: { stationId: station.id },
    body: {
      clientRequestId: 'fuzz-inspection-0001',
      position: { lat: 25, lng: 101 },
      items: ['site', 'sign', 'facilities', 'publicity', 'service', 'rules', 'results'].map((item) => ({ item, result: 'pass' })),
    },
  });
  const event = await send('createEvent', {
    method: 'POST',
    token: staff,
    body: {
      hostOrgId: orgId,
      kind: 'worker',
      name: '测试沟通会',
      place: '双丰街道',
      location: { lat: 25, lng: 101 },
      startsAt: new Date(Date.now() + 30 * day).toISOString(),
      endsAt: new Date(Date.now() + 30 * day + 3 * 3600_000).toISOString(),
      services: [{ key: 'haircut' }],
      clientRequestId: 'fuzz-event-0001',
    },
  });
  const hints: Hints = {
    inspectionId: [inspection.id],
    userId: [someone.userId],
    stationIds: [station.id],
    orgId: [orgId],
    hostOrgId: [orgId],
    eventId: [event.event.id],
    toOrgId: [orgId, 'shunyi'],
    under: [orgId],
    stationId: [station.id],
    // the station's door QR token, so a generated visit reaches the tables (lib/door-token.ts)
    door: [(await import('../../functions/lib/door-token')).doorToken(station.id)],
    activityId: [activity.id],
    token: [code.token],
    codeId: [code.id],
    memberId: [someone.userId],
    postId: [post.id],
    reportId: [report.id],
    mobile: [someone.mobile, '13900000000'],
    memberNo: [someone.memberNo],
    amenities: ['hot-water,wifi', 'charging'],
    // the period reports: a range that passes, so the generated mistakes reach the handler
    unit: ['day'],
    from: ['2026-11-01'],
    to: ['2026-11-30'],
  };
  return { hints, principals: { worker: someone.token, staff }, close: () => wechat.close() };
}
