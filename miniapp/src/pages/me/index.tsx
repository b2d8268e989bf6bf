import { View } from '@tarojs/components';
import { SessionGate } from '../../features/auth/session-gate';
import { MeCard } from '../../features/home/me-card';
// before MySignupsLink: its styles must load after the shared choices styles, as on the staff pages (one CSS order for the bundler)
import { MyMembership } from '../../features/join/my-membership';
import { MySignupsLink } from '../../features/activities/my-signups-link';
import { AccountCard } from '../../features/home/account-card';
import { MessagesLink } from '../../features/messages/messages-link';
import { SupervisionLink } from '../../features/supervise/supervision-link';
import { MyClaimsLink } from '../../features/claims/claim-links';

export default function MePage() {
  return (
    <SessionGate>
      {(session) => (
        <View className="page">
          <MeCard session={session} membershipDetails={<MyMembership />}>
            <MySignupsLink />
          </MeCard>
          <MessagesLink />
          <MyClaimsLink />
          <SupervisionLink />
          <AccountCard />
        </View>
      )}
    </SessionGate>
  );
}
