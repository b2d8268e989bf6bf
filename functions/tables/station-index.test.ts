import { randomBytes } from 'node:crypto';
import { BatchGetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../lib/db';
import { cachedDirectories, forgetDirectories, freshReadStats } from './station-index';
import { cellName } from '../stations/nearby/cells';

/** Directories cached per container (docs/stations.md, "A search", step 0). */
it('a background directory read that started before a forced refresh does not replace the newer directory', async () => {
  forgetDirectories();
  // a random unused geohash-3 region
  const bits = Array.from({ length: 15 }, () => (randomBytes(1)[0]! & 1 ? '1' : '0')).join('');
  const region = cellName(bits);
  const first = await cachedDirectories('t', 'h', [region], freshReadStats());
  expect([...first.get(region)!.keys()]).toEqual([region]);

  const realNow = Date.now;
  const t0 = realNow();
  jest.spyOn(Date, 'now').mockImplementation(() => t0 + 61_000 + (realNow() - t0));
  const client = db();
  const send = client.send.bind(client) as (c: unknown) => Promise<unknown>;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let held = false;
  jest.spyOn(client, 'send').mockImplementation((async (command: unknown) => {
    const reply = await send(command);
    if (!held && command instanceof BatchGetCommand) {
      held = true; // the background read: answered with the old state, delivered late
      await gate;
    }
    return reply;
  }) as never);

  const stale = await cachedDirectories('t', 'h', [region], freshReadStats()); // starts the background read
  expect([...stale.get(region)!.keys()]).toEqual([region]);
  // the region splits meanwhile (its directory now has two leaves)
  await db().send(
    new PutCommand({
      TableName: tableName('stationIndex'),
      Item: { pk: `d#th#${region}`, sk: '-', [cellName(bits + '0')]: 1, [cellName(bits + '1')]: 1 },
    }),
  );
  const forced = await cachedDirectories('t', 'h', [region], freshReadStats(), true);
  expect(forced.get(region)!.size).toBe(2);
  release();
  await new Promise((r) => setTimeout(r, 200));
  const after = await cachedDirectories('t', 'h', [region], freshReadStats());
  jest.restoreAllMocks();
  expect(after.get(region)!.size).toBe(2); // the older background read did not replace it
});
