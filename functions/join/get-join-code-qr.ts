import QRCode from 'qrcode';
import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { joinUrl, usableCode } from './join-code-access';

/** The QR image for a code, as a data URL (PNG or SVG), for the poster page and for printing. */
export const handler = defineHandler(contract.getJoinCodeQr, async ({ params, query }) => {
  await usableCode(params.token);
  const url = joinUrl(params.token);
  // level M survives a scuffed poster; margin 2 keeps it scannable on a phone screen
  const options = { errorCorrectionLevel: 'M' as const, margin: 2 };
  const dataUrl =
    query.format === 'svg'
      ? `data:image/svg+xml;base64,${Buffer.from(await QRCode.toString(url, { ...options, type: 'svg' })).toString('base64')}`
      : await QRCode.toDataURL(url, { ...options, width: 512 });
  return { url, dataUrl };
});
