import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Station } from '../../shared/schemas/station';
import { db, tableName } from '../lib/db';
import { toStation } from '../tables/stations';

/**
 * A station with the nearby layers it is in (`ixl` on its item: where its live items are written,
 * tables/station-live.ts). Kept out of station-live.ts, which the nearby search imports, so the search
 * does not carry the station module.
 */
export async function getLiveStation(stationId: string): Promise<{ station: Station; layers: string } | null> {
  const { Item } = await db().send(new GetCommand({ TableName: tableName('stations'), Key: { id: stationId } }));
  if (!Item) return null;
  // a station from before the nearby index is in no layer yet: its visits still count (layer a)
  return { station: toStation(Item), layers: typeof Item.ixl === 'string' && Item.ixl ? Item.ixl : 'a' };
}
