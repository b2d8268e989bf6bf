import QRCode from 'qrcode';
import { contract } from '../../shared/contract';
import { defineHandler } from '../lib/http/handler';
import { signTicket } from '../lib/ticket';
import { getActivityItems } from '../tables/activities';
import { listSignupsOfMember } from '../tables/signups';
import { signupView } from './views';

export const handler = defineHandler(contract.listMySignups, async (_input, { principal }) => {
  const signups = await listSignupsOfMember(principal.userId);
  // when and where of each, in one batch read, so the list needs no second call per row
  const activities = new Map((await getActivityItems([...new Set(signups.map((s) => s.activityId))])).map((a) => [a.id, a]));
  return {
    signups: await Promise.all(
      signups.map(async (s) => {
        const a = activities.get(s.activityId);
        const view = { ...(await signupView(s)), activityStartsAt: a?.startsAt, activityEndsAt: a?.endsAt, activityPlace: a?.place };
        if (s.status !== 'confirmed') return view;
        // covered by a plan whose org set claim rules: 申请理赔 from 我的报名 and 我的理赔
        const claimable = a?.category === 'plan' && a.claimRules ? { claimable: true } : {};
        const token = await signTicket(s.activityId, s.memberId);
        const svg = await QRCode.toString(token, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
        return { ...view, ...claimable, ticket: { token, svg: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}` } };
      }),
    ),
  };
});
