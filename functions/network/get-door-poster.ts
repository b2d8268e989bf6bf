import QRCode from 'qrcode';
import { contract } from '../../shared/contract';
import { doorUrl } from '../lib/door-token';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { db, tableName } from '../lib/db';
import { recordOf } from '../lib/dynamo';

/**
 * The door poster of a station (A4: name, address, QR) for staff of its org or one above it. The QR
 * carries the door URL with the station's door token: scanning it opens the station and counts a visit.
 */
// the fields the poster needs, read directly: the station module (its index and counters) adds ~55 KB
// to this bundle, past the 500 KB every function is held to (e2e/serverless-package.test.ts)
const PosterStation = z.object({ id: z.string(), name: z.string(), address: z.string(), orgId: z.string() });

export const handler = defineHandler(contract.getDoorPoster, async ({ params }, { principal }) => {
  const { Item } = await db().send(
    new GetCommand({
      TableName: tableName('stations'),
      Key: { id: params.stationId },
      ProjectionExpression: 'id, #name, address, orgId',
      ExpressionAttributeNames: { '#name': 'name' },
    }),
  );
  if (!Item) throw notFound('找不到这个驿站');
  const station = recordOf(PosterStation, Item);
  await assertInScope(principal, station.orgId);
  const url = doorUrl(station.id);
  // level M survives a scuffed poster; 512 px is ~13 px a module, which prints sharp scaled up
  const dataUrl = await QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 512 });
  return { stationName: station.name, address: station.address, url, dataUrl };
});
