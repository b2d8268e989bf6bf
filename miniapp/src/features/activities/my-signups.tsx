import { Text, View } from '@tarojs/components';
import { beijingDisplay } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { useRefreshOnShow } from '../../lib/use-refresh-on-show';
import { useRequest } from '../../lib/use-request';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { isLiveSignup, MySignup } from './my-signup';
import './activities.css';

/**
 * 我的报名: every sign-up of the member, the ones still on first, each with when and where it is
 * (the API sends them with each sign-up), queue place, offer and ticket.
 */
export function MySignups() {
  const { data, error, loading, reload } = useRequest(() => api.listMySignups(), []);
  useRefreshOnShow(reload);

  if (error) return <ErrorState message={error.message} onRetry={reload} />;
  if (loading && !data) return <Loading text="正在加载我的报名…" />;
  const signups = [...data!.signups.filter(isLiveSignup), ...data!.signups.filter((s) => !isLiveSignup(s))];
  if (signups.length === 0) return <EmptyState title="您还没有报名活动" hint="在「活动」页报名后，候补位次和入场票都在这里" />;
  return (
    <View>
      {signups.map((s) => {
        return (
          <View key={s.activityId} className="card activity" data-signup={s.activityId}>
            <Text className="activity__title">{s.activityTitle}</Text>
            {s.activityStartsAt ? (
              <Text className="activity__line activity__where">{`${beijingDisplay(s.activityStartsAt)} · ${s.activityPlace ?? ''}`}</Text>
            ) : (
              <Text className="muted activity__line">{`${beijingDisplay(s.createdAt)} 报名`}</Text>
            )}
            {s.children.length === 0 && s.places > 1 ? <Text className="muted activity__line">{`${s.places} 个名额`}</Text> : null}
            <MySignup signup={s} ticket={s.ticket} onChanged={reload} />
          </View>
        );
      })}
    </View>
  );
}
