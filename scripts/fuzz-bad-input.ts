/**
 * The bigger run of the generated bad-input test (test/bad-input.test.ts runs 200 a route in
 * npm test): starts its own DynamoDB Local with the demo data, sends CASES bad requests to every
 * route's real handler in-process, and prints the case count, the duration and every failure.
 *
 *   npx tsx scripts/fuzz-bad-input.ts [cases per route, default 2000] [seed, default random]
 *
 * Exits 1 when any answer is a 5xx, hangs, or is not the one error body with Chinese messages.
 */
import fc from 'fast-check';
import globalSetup from '../test/functions-support/global-setup';
import globalTeardown from '../test/functions-support/global-teardown';
import { contract, type RouteName } from '../shared/contract';

async function main(): Promise<void> {
  const perRoute = Number(process.argv[2] ?? 2000);
  const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31);
  await globalSetup(); // DynamoDB Local, tables, demo data, and the test environment in process.env
  try {
    // imported after the environment is set: table modules read it on first use
    const { badCaseArb, contractHandlers, describeFailure, prepareWorld, runCases } = await import('../test/functions-support/bad-input');
    const handlers = contractHandlers();
    const world = await prepareWorld();
    const started = Date.now();
    let total = 0;
    const failures: string[] = [];
    const statuses: Record<number, number> = {};
    for (const name of Object.keys(contract) as RouteName[]) {
      const cases = fc.sample(badCaseArb(name, world.hints, world.principals), { seed, numRuns: perRoute });
      const routeStarted = Date.now();
      const result = await runCases(cases, handlers);
      total += cases.length;
      for (const [status, n] of Object.entries(result.statuses)) statuses[Number(status)] = (statuses[Number(status)] ?? 0) + n;
      failures.push(...result.failures.map(describeFailure));
      console.log(
        `${name.padEnd(24)} ${cases.length} cases  ${((Date.now() - routeStarted) / 1000).toFixed(1)} s  ${result.failures.length} failures`,
      );
    }
    await world.close();
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `\n${total} cases over ${Object.keys(contract).length} routes in ${seconds.toFixed(1)} s (${Math.round(total / seconds)}/s), seed ${seed}`,
    );
    console.log(
      `answers: ${Object.entries(statuses)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}`,
    );
    console.log(failures.length ? `\n${failures.length} failures:\n${failures.join('\n')}` : 'no failures');
    process.exitCode = failures.length ? 1 : 0;
  } finally {
    const { closeDb } = await import('../functions/lib/db');
    closeDb();
    await globalTeardown();
  }
}

void main();
