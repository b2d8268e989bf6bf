/**
 * Generated bad input against every route of the contract (test/functions-support/bad-input.ts):
 * never a 5xx, always the one error body with Chinese messages. The seed is fixed, so a failure
 * here fails the same way on every machine; scripts/fuzz-bad-input.ts runs many more cases.
 */
import fc from 'fast-check';
import { contract, type RouteName } from '../shared/contract';
import { badCaseArb, contractHandlers, describeFailure, prepareWorld, runCases, type BadCase } from './functions-support/bad-input';

// A 512-px PNG QR takes seconds under jest (milliseconds in plain Node): the QR route's input
// handling is what is tested here, so its PNG is a stand-in (scripts/fuzz-bad-input.ts draws real ones).
jest.mock('qrcode', () => ({ ...jest.requireActual('qrcode'), toDataURL: async () => 'data:image/png;base64,' }));

const SEED = 20261126;
const CASES_PER_ROUTE = Number(process.env.BAD_INPUT_CASES ?? 200);

const handlers = contractHandlers();
let world: Awaited<ReturnType<typeof prepareWorld>>;
beforeAll(async () => {
  world = await prepareWorld();
}, 60_000);
afterAll(() => world.close());

// BAD_INPUT_ROUTES=createStation,signUp narrows a run while investigating
const only = process.env.BAD_INPUT_ROUTES?.split(',');
const routes = (Object.keys(contract) as RouteName[]).filter((name) => !only || only.includes(name));

it('covers every route of the contract', () => {
  if (!only) expect(routes.length).toBeGreaterThanOrEqual(49);
  for (const name of routes) expect(typeof handlers[name]).toBe('function');
});

/** A route without params, query or body has only headers and stray query keys to get wrong: a quarter as many. */
const casesFor = (name: RouteName) => {
  const def = contract[name] as { params?: unknown; query?: unknown; body?: unknown };
  return def.params || def.query || def.body ? CASES_PER_ROUTE : Math.ceil(CASES_PER_ROUTE / 4);
};

describe.each(routes)('%s, given bad input', (name) => {
  it(`answers generated bad requests without a 5xx, each error in the one body with Chinese messages`, async () => {
    const cases: BadCase[] = fc.sample(badCaseArb(name, world.hints, world.principals), { seed: SEED, numRuns: casesFor(name) });
    const { failures } = await runCases(cases, handlers);
    expect(failures.slice(0, 5).map(describeFailure)).toEqual([]);
  }, 120_000);
});
