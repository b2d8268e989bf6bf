import QRCode from 'qrcode';
import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { signTicket } from '../lib/ticket';
import { listSignupsOfMember } from '../tables/signups';
import { signupView } from './views';

export const handler = defineHandler(contract.listMySignups, async (_input, { principal }) => {
  const signups = await listSignupsOfMember(principal.userId);
  return {
    signups: await Promise.all(
      signups.map(async (s) => {
        const view = await signupView(s);
        if (s.status !== 'confirmed') return view;
        const token = await signTicket(s.activityId, s.memberId);
        const svg = await QRCode.toString(token, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
        return { ...view, ticket: { token, svg: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` } };
      }),
    ),
  };
});
