import QRCode from 'qrcode';
import { contract } from '../../shared/contract';
import { lastReturn } from '../../shared/schemas/membership';
import { notFound } from '../lib/errors';
import { defineHandler } from '../lib/http/handler';
import { signCardToken } from '../lib/member-card-key';
import { getOrg } from '../tables/orgs';
import { getMember } from '../tables/members';

const qrOf = async ({ token, expiresAt }: { token: string; expiresAt: Date }) => {
  const svg = await QRCode.toString(token, { type: 'svg', errorCorrectionLevel: 'L', margin: 1 });
  return { token, svg: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, expiresAt: expiresAt.toISOString() };
};

/**
 * The electronic member card; its QR is a fresh ES256 token that expires within minutes. The
 * offline QR (12 h) is for the phone to keep and show only when it has no network. Only an active
 * membership gets them: a pending or returned application is answered with its status (and a
 * return's reason and time), and no token that a door or a stall would take for a member.
 */
export const handler = defineHandler(contract.getMemberCard, async (_input, { principal }) => {
  const member = await getMember(principal.userId);
  if (!member) throw notFound('您还不是会员，扫描工会的入会二维码即可加入');
  const orgName = (await getOrg(member.orgId))?.name ?? '';
  const card = { name: member.name, orgName, memberNo: member.memberNo, joinedAt: member.joinedAt, status: member.status };
  if (member.status === 'rejected') {
    const returned = lastReturn(member.history);
    return { ...card, rejectReason: member.rejectReason ?? returned?.reason, returnedAt: returned?.at };
  }
  if (member.status !== 'active') return card;
  const now = new Date();
  const [qr, offlineQr] = await Promise.all([
    qrOf(await signCardToken(member.memberNo, now)),
    qrOf(await signCardToken(member.memberNo, now, { offline: true })),
  ]);
  return { ...card, qr, offlineQr };
});
