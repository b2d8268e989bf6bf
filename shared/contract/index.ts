import '../zod-locale';
import { authRoutes } from './auth';
import { orgRoutes, staffRoutes } from './orgs';
import { systemRoutes } from './system';
import { staffStationRoutes, stationRoutes } from './stations';
import { joinRoutes, staffJoinRoutes } from './join';
import { activityRoutes, staffActivityRoutes } from './activities';
import { invitationRoutes, staffInvitationRoutes } from './invitations';
import { orgAdminRoutes } from './org-admin';
import { auditRoutes } from './audit';
import { messageRoutes } from './messages';
import { privacyRoutes } from './privacy';
import { accountRoutes } from './account';
import { subscriptionRoutes } from './subscriptions';
import { staffOutreachRoutes } from './outreach';
import { networkRoutes, staffNetworkRoutes } from './network';
import { claimRoutes, staffClaimRoutes } from './claims';
import { drawRoutes, staffDrawRoutes } from './draws';

/** Every endpoint of the API. serverless.yml has exactly one function per entry (tested). */
export const contract = {
  ...systemRoutes,
  ...authRoutes,
  ...orgRoutes,
  ...staffRoutes,
  ...stationRoutes,
  ...staffStationRoutes,
  ...joinRoutes,
  ...staffJoinRoutes,
  ...activityRoutes,
  ...staffActivityRoutes,
  ...invitationRoutes,
  ...staffInvitationRoutes,
  ...orgAdminRoutes,
  ...auditRoutes,
  ...messageRoutes,
  ...privacyRoutes,
  ...accountRoutes,
  ...subscriptionRoutes,
  ...staffOutreachRoutes,
  ...networkRoutes,
  ...staffNetworkRoutes,
  ...claimRoutes,
  ...staffClaimRoutes,
  ...drawRoutes,
  ...staffDrawRoutes,
};

export type Contract = typeof contract;
export type RouteName = keyof Contract;
export * from './route';
