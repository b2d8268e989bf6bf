import { View } from '@tarojs/components';
import { SessionGate } from '../../features/auth/session-gate';
import { TabIntro } from '../../features/home/tab-intro';
import { JoinHome } from '../../features/join/join-home';
import { OrgDirectory } from '../../features/orgs/org-directory';

export default function JoinPage() {
  return (
    <SessionGate>
      {() => (
        <View className="page">
          <TabIntro title="加入工会" subtitle="在活动现场扫码，一屏完成入会" />
          {/* one error for the tab when offline, not one per section */}
          <JoinHome>
            <OrgDirectory />
          </JoinHome>
        </View>
      )}
    </SessionGate>
  );
}
