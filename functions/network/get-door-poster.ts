import QRCode from 'qrcode';
import { contract } from '../../shared/contract';
import { doorUrl } from '../lib/door-token';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { assertInScope } from '../orgs/scope';
import { getStation } from '../tables/stations';

/**
 * The door poster of a station (A4: name, address, QR) for staff of its org or one above it. The QR
 * carries the door URL with the station's door token: scanning it opens the station and counts a visit.
 */
export const handler = defineHandler(contract.getDoorPoster, async ({ params }, { principal }) => {
  const station = await getStation(params.stationId);
  if (!station) throw notFound('找不到这个驿站');
  await assertInScope(principal, station.orgId);
  const url = doorUrl(station.id);
  // level M survives a scuffed poster; 512 px is ~13 px a module, which prints sharp scaled up
  const dataUrl = await QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 512 });
  return { stationName: station.name, address: station.address, url, dataUrl };
});
