import { z } from 'zod';
import { contract } from '../../shared/contract';
import { toGcj02 } from '../../shared/geo';
import { isOpen, openStateAt } from '../../shared/station-hours';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { defineHandler } from '../lib/http/handler';
import { queryCellRange } from '../tables/stations';
import { searchNearby } from './geo-search';

const Cursor = z.object({ d: z.number().nonnegative(), id: z.string().max(64) });

export const handler = defineHandler(contract.findNearbyStations, async ({ query }, { log }) => {
  const now = new Date();
  const after = decodeCursor(query.cursor, Cursor);
  const { hits, coveredMeters, stats } = await searchNearby({
    center: toGcj02(query.lat, query.lng, query.coord),
    radiusMeters: query.radius,
    want: query.limit + 1,
    after,
    fetchRange: queryCellRange,
    accept: (s) =>
      query.amenities.every((a) => s.amenities.includes(a)) &&
      (!query.openNow || isOpen(openStateAt(s.hours, s.status, now))) &&
      (!query.allDay || (s.hours.allDay && s.status === 'open')),
  });
  log.info('nearby search', { requests: stats.requests, itemsRead: stats.itemsRead, hits: hits.length, radius: query.radius });
  const page = hits.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    stations: page.map(({ station: s, distanceMeters }) => ({
      id: s.id,
      name: s.name,
      address: s.address,
      kind: s.kind,
      location: s.location,
      amenities: s.amenities,
      honours: s.honours,
      distanceMeters,
      openState: openStateAt(s.hours, s.status, now),
    })),
    nextCursor: hits.length > query.limit && last ? encodeCursor({ d: last.distanceMeters, id: last.station.id }) : undefined,
    searchedRadiusMeters: coveredMeters,
  };
});
