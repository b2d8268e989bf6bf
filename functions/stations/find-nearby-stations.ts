import { z } from 'zod';
import { contract } from '../../shared/contract';
import { toGcj02 } from '../../shared/geo';
import type { OpeningHours } from '../../shared/schemas/station';
import { openStateAt } from '../../shared/station-hours';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { conflict } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { freshReadStats } from '../tables/station-index';
import { hasLive, summarise } from '../tables/station-live';
import { IndexBusyError, searchIndex } from './nearby/search';

const Cursor = z.object({ d: z.number().nonnegative(), id: z.string().max(64) });

export const handler = defineHandler(contract.findNearbyStations, async ({ query }, { log }) => {
  const now = new Date();
  const after = decodeCursor(query.cursor, Cursor);
  const stats = freshReadStats();
  const search = searchIndex({
    center: toGcj02(query.lat, query.lng, query.coord),
    radiusMeters: query.radius,
    want: query.limit,
    more: true,
    after,
    filter: { amenities: query.amenities, openNow: query.openNow, allDay: query.allDay, now },
    stats,
  });
  const { hits, more, coveredMeters } = await search.catch((error) => {
    // edits kept landing between the reads of one search (never seen outside tests): ask again
    if (error instanceof IndexBusyError) throw conflict('附近驿站的信息正在更新，请刷新后重试');
    throw error;
  });
  log.info('nearby search', {
    requests: stats.requests,
    rounds: stats.rounds,
    itemsRead: stats.itemsRead,
    hits: hits.length,
    radius: query.radius,
  });
  const last = hits[hits.length - 1];
  return {
    // the list row needs nothing more: the tile gives position, kind, amenities and hours, the view the
    // rest, and the live items read with the view today's visits and recent reports (shown when any)
    stations: hits.map(({ tile, view, distanceMeters, live }) => {
      const summary = summarise(live, now);
      return {
        id: view.id,
        name: view.name,
        address: view.address,
        kind: tile.kind,
        location: tile.location,
        amenities: tile.amenities,
        honours: view.honours,
        distanceMeters,
        openState: openStateAt(tile.hours as OpeningHours, tile.status, now),
        ...(hasLive(summary) ? { live: summary } : {}),
      };
    }),
    nextCursor: more && last ? encodeCursor({ d: last.distanceMeters, id: last.view.id }) : undefined,
    searchedRadiusMeters: coveredMeters,
  };
});
