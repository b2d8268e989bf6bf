import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { activityCategoryLabel, type Signup } from '@shared/schemas/activity';
import { api } from '../../lib/api';
import { newRequestId } from '../../lib/request-id';
import { useAction } from '../../lib/use-action';
import { ASKS, askSubscriptions, prepareSubscriptions } from '../../lib/subscribe';
import { useRefreshOnShow } from '../../lib/use-refresh-on-show';
import { useRequest } from '../../lib/use-request';
import { usePages } from '../../lib/use-pages';
import { ListFooter } from '../../components/list-footer';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { beijingDisplay } from '@shared/beijing-time';
import { ActionError } from '../../components/field-error';
import { ChildrenForm, useChildrenDraft } from './children-form';
import { isLiveSignup, MySignup, type Ticket } from './my-signup';
import { eligibilityToggles, holdLabel } from './activity-rules';
import { ClaimButton } from '../claims/claim-links';
import { DrawFacts } from '../draws/draw-facts';
import { drawPlacesLine } from '../draws/draw-status';
import { keepNumbersWhole } from '../../components/keep-numbers-whole';
import './activities.css';

type ActivityForMember = Awaited<ReturnType<typeof api.listActivities>>['activities'][number];

/** 活动 tab: what the member may sign up for (and why not), places left, sign-up in one tap. */
export function ActivityList() {
  // 20 a page, what ends soonest first; a non-member's list holds only what they can sign up for
  const pages = usePages(async (cursor) => {
    const page = await api.listActivities({ query: cursor ? { cursor } : {} });
    return { items: page.activities, nextCursor: page.nextCursor, member: page.member };
  }, []);
  const { data, items, error, loading, reload } = pages;
  // tickets come with the member's own sign-ups; fetched again whenever the list changes
  const mySignups = useRequest(() => api.listMySignups(), [data]);
  useRefreshOnShow(reload);

  if (error) return <ErrorState message={error.message} onRetry={reload} />;
  if (loading && !items) return <Loading text="正在加载活动…" />;
  const invitation = data?.member === false ? <JoinInvitation /> : null;
  if (items!.length === 0)
    return (
      <View>
        <EmptyState title="近期没有可报名的活动" hint="工会发布新活动后会显示在这里" />
        {invitation}
      </View>
    );
  return (
    <View>
      {items!.map((a) => (
        <ActivityCard
          key={a.id}
          activity={a}
          ticket={mySignups.data?.signups.find((s) => s.activityId === a.id)?.ticket}
          onChanged={reload}
        />
      ))}
      <ListFooter pages={pages} />
      {pages.nextCursor ? null : invitation}
    </View>
  );
}

/** The end of a non-member's list: member-only activities exist, joining opens them. */
function JoinInvitation() {
  return (
    <View className="card activity-invite" data-join-invitation>
      <Text className="activity-invite__text">入会后可报名本工会的专属活动</Text>
      <Button className="big-button" onClick={() => void Taro.switchTab({ url: '/pages/join/index' })}>
        扫码入会
      </Button>
    </View>
  );
}

function ActivityCard({ activity: a, ticket, onChanged }: { activity: ActivityForMember; ticket?: Ticket; onChanged: () => void }) {
  const { busy, problemOf, run } = useAction();
  // the card opens its details (the whole time, deadline, conditions, description) with a tap
  const [open, setOpen] = useState(false);
  // kept across retries so a repeated tap after a timeout is not a second sign-up
  const requestId = useRef<string | null>(null);
  // childcare: 报名 first opens the children form; 提交报名 sends them
  const [childrenOpen, setChildrenOpen] = useState(false);
  const kids = useChildrenDraft(a.eligibility.children, a.perMemberLimit);
  useEffect(prepareSubscriptions, []);
  const signUp = () => {
    const children = kids.take();
    if (children === null) return;
    // WeChat's 活动提醒 (and, joining the waiting list, 候补成功 and 名额即将失效) subscriptions:
    // asked here, before any await, or WeChat shows no dialog
    if (busy === null) askSubscriptions(a.placesLeft === 0 && !draw ? ASKS.waitlist : ASKS.signUp);
    return run('sign-up', async () => {
      requestId.current ??= newRequestId();
      const { signup } = await api
        .signUp({ params: { activityId: a.id }, body: { clientRequestId: requestId.current, children } })
        .catch(kids.rejected);
      requestId.current = null;
      // said by the platform too, so the tap is answered even if the card's change is off screen
      void Taro.showToast(signedUpToast(signup));
      setChildrenOpen(false);
      kids.reset();
      onChanged();
    });
  };
  const draw = a.allocation === 'draw';
  // a draw's entry that was not drawn stays on the card: the member reads the outcome there
  const mine = a.mySignup && (isLiveSignup(a.mySignup) || (draw && a.mySignup.status === 'not-drawn')) ? a.mySignup : null;
  const signUpLabel = draw ? '参加摇号' : a.placesLeft === 0 ? '候补报名' : '报名';

  return (
    <View className="card activity" data-activity={a.id}>
      <View className="activity__head" onClick={() => setOpen(!open)}>
        <View className="activity__top">
          <Text className="activity__title">{a.title}</Text>
          <Text className="activity__category">{activityCategoryLabel[a.category]}</Text>
        </View>
        <Text className="activity__line">
          {beijingDisplay(a.startsAt)} · {a.place} · {a.orgName}
        </Text>
        <Text className="activity__more">{open ? '收起详情 ▴' : '查看详情 ▾'}</Text>
      </View>
      {open ? <ActivityFacts activity={a} /> : null}
      <Text className="activity__places">
        {draw
          ? keepNumbersWhole(drawPlacesLine(a))
          : a.placesLeft === null
            ? '名额不限'
            : a.placesLeft > 0
              ? `剩余 ${a.placesLeft} 个名额`
              : a.waitlist
                ? '名额已满，可候补'
                : '名额已满'}
      </Text>
      {mine ? (
        <MySignup signup={mine} ticket={ticket} onChanged={onChanged} closesAt={draw ? a.signupClosesAt : undefined} />
      ) : !a.eligible ? (
        <View>
          <Text className="muted activity__why">暂不能报名：{a.whyNot}</Text>
          {draw && a.noShow && a.whyNot?.includes('未签到') ? (
            <Text className="muted activity__line">{`确有特殊原因的，可向${a.orgName}说明，核实后可准许参加本期摇号`}</Text>
          ) : null}
        </View>
      ) : childrenOpen ? (
        <View>
          <ChildrenForm {...kids.formProps} />
          <Button className="big-button join__submit" disabled={busy !== null} onClick={signUp}>
            {busy ? '正在报名…' : '提交报名'}
          </Button>
          <Button className="big-button big-button--ghost activity__cancel" disabled={busy !== null} onClick={() => setChildrenOpen(false)}>
            先不报了
          </Button>
        </View>
      ) : (
        <Button className="big-button" disabled={busy !== null} onClick={a.eligibility.children ? () => setChildrenOpen(true) : signUp}>
          {busy ? '正在报名…' : signUpLabel}
        </Button>
      )}
      <ActionError message={problemOf('sign-up')} />
      <ClaimButton activity={a} />
    </View>
  );
}

/** The toast after 报名: in, or on the waiting list and where (icon toasts hold only 7 characters). */
export function signedUpToast(s: Pick<Signup, 'status' | 'position'>): Taro.showToast.Option {
  if (s.status === 'waitlisted') return { title: s.position ? `已加入候补，第 ${s.position} 位` : '已加入候补', icon: 'none' };
  if (s.status === 'applied') return { title: '已报名摇号', icon: 'success' };
  return { title: '报名成功', icon: 'success' };
}

/** What a member reads before signing up: when exactly, until when to sign up, who may, and what it is. */
function ActivityFacts({ activity: a }: { activity: ActivityForMember }) {
  const conditions = eligibilityToggles.filter(([key]) => a.eligibility[key]).map(([, label]) => label);
  const ages = a.eligibility.children;
  const rows: [string, string][] = [
    ['时间', `${beijingDisplay(a.startsAt)} 至 ${beijingDisplay(a.endsAt)}`],
    ['地点', a.place],
    ['主办', a.orgName],
    ['报名截止', beijingDisplay(a.signupClosesAt)],
    [
      '报名条件',
      [...conditions, ...(ages ? [`托管班：${ages.minAge}–${ages.maxAge} 岁的孩子`] : []), `每人限报 ${a.perMemberLimit} 个`].join('；'),
    ],
    [
      '候补',
      a.allocation === 'draw'
        ? a.waitlist
          ? `未中签的按摇号顺序候补，有名额时 ${holdLabel(a.holdMinutes)}内确认`
          : '不开放候补'
        : a.waitlist
          ? `满额后可候补，有名额时 ${holdLabel(a.holdMinutes)}内确认`
          : '不开放候补',
    ],
    ...(a.description ? ([['说明', a.description]] as [string, string][]) : []),
  ];
  return (
    <View className="activity__facts" data-facts={a.id}>
      {rows.map(([label, text]) => (
        <View key={label} className="info-row">
          <Text className="muted info-row__label">{label}</Text>
          <Text className="info-row__value info-row__text info-row__text--long">{text}</Text>
        </View>
      ))}
      {a.allocation === 'draw' ? <DrawFacts activity={a} mine={a.mySignup?.drawPosition} /> : null}
    </View>
  );
}
