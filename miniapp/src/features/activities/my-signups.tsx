import { useEffect } from 'react';
import { Text, View } from '@tarojs/components';
import { beijingDisplay } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { useRefreshOnShow } from '../../lib/use-refresh-on-show';
import { unreachable, useCachedRequest } from '../../lib/use-cached-request';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { OfflineNotice } from '../../components/offline-notice';
import { scrollToFirst } from '../../lib/scroll-to';
import { StartClaimButton } from '../claims/claim-links';
import { isLiveSignup, MySignup } from './my-signup';
import './activities.css';

type MySignupList = Awaited<ReturnType<typeof api.listMySignups>>;

/**
 * The offline copy keeps the QR pictures of tickets that can still open a door (not used, activity
 * not over): a member's history of tickets would not fit the phone's encrypted storage for long.
 */
export function ticketsStillUsable(list: MySignupList, now = Date.now()): MySignupList {
  const over = (s: MySignupList['signups'][number]) =>
    Boolean(s.checkedInAt) || (s.activityEndsAt !== undefined && new Date(s.activityEndsAt).getTime() < now);
  return { ...list, signups: list.signups.map((s) => (s.ticket && over(s) ? { ...s, ticket: undefined } : s)) };
}

/**
 * 我的报名: every sign-up of the member, the ones still on first, each with when and where it is
 * (the API sends them with each sign-up), queue place, offer and ticket. The last list is kept on
 * the phone: without a network it is shown read-only, tickets included (docs/signups.md, Offline).
 */
/** an element id for a sign-up's entry (weapp's pageScrollTo takes ids, not attribute selectors) */
const entryId = (activityId: string) => `signup-${activityId}`;
const ACTIVITY_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;

export function MySignups({ userId, focus }: { userId: string; focus?: string }) {
  const { data, error, loading, reload, savedAt } = useCachedRequest('signups', userId, () => api.listMySignups(), [], ticketsStillUsable);
  useRefreshOnShow(reload);
  // opened from a message (?activity=): that activity's entry, scrolled to once it is there
  const focused = focus && ACTIVITY_ID.test(focus) && data?.signups.some((s) => s.activityId === focus) ? focus : undefined;
  useEffect(() => {
    if (focused) scrollToFirst(`#${entryId(focused)}`);
  }, [focused]);

  if (error && !data)
    return (
      <ErrorState
        message={unreachable(error) ? `${error.message}。在有网络时打开过一次「我的报名」，断网后仍可出示入场票。` : error.message}
        onRetry={reload}
      />
    );
  if (loading && !data) return <Loading text="正在加载我的报名…" />;
  const signups = [...data!.signups.filter(isLiveSignup), ...data!.signups.filter((s) => !isLiveSignup(s))];
  if (signups.length === 0) return <EmptyState title="您还没有报名活动" hint="在「活动」页报名后，候补位次和入场票都在这里" />;
  return (
    <View>
      {savedAt ? (
        <OfflineNotice
          savedAt={savedAt}
          usable="没有网络，下面是保存在手机上的报名，入场票可以照常出示；确认或取消报名要等联网。"
          onRetry={reload}
        />
      ) : null}
      {signups.map((s) => {
        return (
          <View
            key={s.activityId}
            id={entryId(s.activityId)}
            className={s.activityId === focused ? 'card activity activity--focus' : 'card activity'}
            data-signup={s.activityId}
          >
            {s.activityId === focused ? <Text className="activity__focus-tag">消息里说的是这一项</Text> : null}
            <Text className="activity__title">{s.activityTitle}</Text>
            {s.activityStartsAt ? (
              <Text className="activity__line activity__where">{`${beijingDisplay(s.activityStartsAt)} · ${s.activityPlace ?? ''}`}</Text>
            ) : (
              <Text className="muted activity__line">{`${beijingDisplay(s.createdAt)} 报名`}</Text>
            )}
            {s.children.length === 0 && s.places > 1 ? <Text className="muted activity__line">{`${s.places} 个名额`}</Text> : null}
            <MySignup signup={s} ticket={s.ticket} onChanged={reload} readOnly={savedAt !== undefined} />
            {/* covered by a plan with claim rules: the way into a new claim, however far down 活动 the plan is */}
            {s.claimable && savedAt === undefined ? <StartClaimButton activityId={s.activityId} ghost /> : null}
          </View>
        );
      })}
    </View>
  );
}
