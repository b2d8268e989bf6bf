import { useRouter } from '@tarojs/taro';
import { View } from '@tarojs/components';
import { SessionGate } from '../../features/auth/session-gate';
import { MySignups } from '../../features/activities/my-signups';

/** 我的报名; `?activity=<id>` (a message's 查看) opens it at that activity's entry, highlighted. */
export default function MySignupsPage() {
  const { params } = useRouter();
  return (
    <SessionGate offline>
      {(session) => (
        <View className="page">
          <MySignups userId={session.me.id} focus={params.activity} />
        </View>
      )}
    </SessionGate>
  );
}
