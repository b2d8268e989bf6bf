import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import type { Activity } from '@shared/schemas/activity';
import { api, ApiError } from '../../lib/api';
import { useRequest } from '../../lib/use-request';
import { useAction } from '../../lib/use-action';
import { ErrorState, Loading } from '../../components/states';
import { ActionError } from '../../components/field-error';
import { ActivityDetails } from './activity-details';
import { CapacityEditor } from './capacity-editor';
import { ChildrenForm, useChildrenDraft, type ChildBody } from './children-form';
import { ManualCheckIn } from './manual-check-in';
import { RegisterByPhone } from './register-by-phone';
import { CheckInAnswerView, RegistrationView, type CheckInAnswer, type Registration } from './staff-answers';
import { StaffDraw } from '../draws/staff-draw';
import { staffStatusLabel } from '../draws/draw-status';
import './activities.css';

/**
 * The list comes in queue order (the server sorts it by queueKey, as the waiting list runs): a
 * waiting entry's place is how many wait before it, plus one, what the member is told (候补第 N 位).
 */
function withWaitingPlaces<S extends { status: string }>(signups: S[]): { signup: S; waiting?: number }[] {
  let waiting = 0;
  return signups.map((signup) => (signup.status === 'waitlisted' ? { signup, waiting: (waiting += 1) } : { signup }));
}

/**
 * One activity for staff: counts, the list, check-in by scanning a ticket or card (or by searching
 * when a code cannot be scanned), on-site registration by card or phone number (with the children
 * for a 托管班), CSV; and the activity itself: 修改活动, 调整名额.
 */
export function StaffActivity({ id }: { id: string }) {
  const { data, error, loading, reload } = useRequest(() => api.listActivitySignups({ params: { activityId: id } }), [id]);
  // what the server answered to 修改活动 / 调整名额: newer than the list (read from an index that may lag)
  const [saved, setSaved] = useState<Activity | null>(null);
  // the rules (childcare ages, per-member limit) come with the sign-ups
  const activity = saved?.id === id ? saved : data?.activity;
  const childAges = activity?.eligibility.children;
  const perMemberLimit = activity?.perMemberLimit ?? 1;
  const kids = useChildrenDraft(childAges, perMemberLimit);
  // childcare: 代为报名 first opens the children form
  const [childrenOpen, setChildrenOpen] = useState(false);
  const [code, setCode] = useState('');
  const [answer, setAnswer] = useState<CheckInAnswer | null>(null);
  const [registration, setRegistration] = useState<Registration | null>(null);
  // what went wrong, kept with the button that was tapped (签到 or 代为报名)
  const [problem, setProblem] = useState<{ at: 'check-in' | 'register'; message: string } | null>(null);
  const problemAt = (at: 'check-in' | 'register') => (problem?.at === at ? problem.message : null);
  const [busy, setBusy] = useState(false);

  const run = async (what: 'check-in' | 'register', text: string, children?: ChildBody[]) => {
    if (busy || !text.trim()) return;
    setBusy(true);
    setProblem(null);
    setAnswer(null);
    setRegistration(null);
    try {
      if (what === 'check-in') setAnswer(await api.checkIn({ params: { activityId: id }, body: { ticket: text.trim() } }));
      else {
        setRegistration(
          await api.registerOnSite({ params: { activityId: id }, body: { cardToken: text.trim(), children } }).catch(kids.rejected),
        );
        setChildrenOpen(false);
        kids.reset();
      }
      setCode('');
      reload();
    } catch (e) {
      setProblem({ at: what, message: e instanceof ApiError ? e.message : '操作失败，请重试' });
    } finally {
      setBusy(false);
    }
  };
  const scan = async (what: 'check-in' | 'register', children?: ChildBody[]) => {
    try {
      const reply = await Taro.scanCode({ scanType: ['qrCode'] });
      await run(what, reply.result, children);
    } catch {
      /* closed the scanner */
    }
  };
  // the children are checked before the scanner opens, so a missing name costs no second scan
  const register = () => {
    const children = kids.take();
    if (children === null) return;
    if (process.env.TARO_ENV === 'weapp') void scan('register', children);
    else if (!code.trim()) setProblem({ at: 'register', message: '请先粘贴职工会员卡二维码的内容' });
    else void run('register', code, children);
  };
  const registerLabel = process.env.TARO_ENV === 'weapp' ? '扫会员卡，代为报名' : '代为报名';
  const registerButton = childrenOpen ? null : (
    <View>
      <Button
        className="big-button big-button--ghost activity__cancel"
        disabled={busy}
        onClick={childAges ? () => setChildrenOpen(true) : register}
      >
        {registerLabel}
      </Button>
      <ActionError message={problemAt('register')} />
    </View>
  );
  const exporting = useAction();
  const exportCsv = () =>
    exporting.run('export', async () => {
      const { filename, csv } = await api.exportActivitySignups({ params: { activityId: id } });
      if (process.env.TARO_ENV === 'h5') {
        const link = document.createElement('a');
        link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
        link.download = filename;
        link.click();
      } else {
        // the platform's own toast says 内容已复制 after setClipboardData
        await Taro.setClipboardData({ data: csv });
      }
    });

  const onActivitySaved = (next: Activity) => {
    setSaved(next);
    // a raised capacity turns waiting people into offers: the counts move
    reload();
  };
  const activityCards = activity ? (
    <View>
      <CapacityEditor activity={activity} onSaved={onActivitySaved} />
      <ActivityDetails activity={activity} onSaved={onActivitySaved} />
    </View>
  ) : (
    <View className="card">
      <Text className="muted">找不到这个活动，可能已被删除或不在您的管辖范围内</Text>
    </View>
  );

  if (error) return <ErrorState message={error.message} onRetry={reload} />;
  if (loading && !data) return <Loading />;
  const c = data!.counts;
  // a draw's applications so far (entries, a family is one): the list holds them until the draw counts them
  const applicants = activity?.draw?.applicants ?? data!.signups.filter((s) => s.status === 'applied').length;
  return (
    <View className="page">
      <View className="page-header">
        <Text className="page-header__title">{activity?.title ?? '报名与签到'}</Text>
        <Text className="page-header__sub">
          {activity?.allocation === 'draw' && !activity.draw?.drawnAt
            ? `摇号报名 ${applicants} 个 · 名额 ${activity.capacity ?? 0}`
            : `报名成功 ${c.confirmed} · 候补 ${c.waitlisted} · 待确认 ${c.offered} · 已签到 ${c.checkedIn}`}
        </Text>
      </View>
      {activity?.allocation === 'draw' ? <StaffDraw activity={activity} applicants={applicants} onChanged={reload} /> : null}
      {activity?.category === 'plan' ? (
        <View className="card">
          <Text className="card__title">理赔规则</Text>
          <Text className="muted">这个互助保障计划赔哪些事项、每项要交什么材料、事发后多久内申请</Text>
          <Button
            className="big-button big-button--ghost activity__cancel"
            onClick={() =>
              Taro.navigateTo({
                url: `/staff/pages/claim-rules/index?activityId=${encodeURIComponent(id)}&title=${encodeURIComponent(activity.title)}`,
              })
            }
          >
            理赔规则
          </Button>
        </View>
      ) : null}
      <View className="card">
        <Text className="card__title">签到 / 现场报名</Text>
        {process.env.TARO_ENV === 'weapp' ? (
          <View>
            <Button className="big-button" onClick={() => scan('check-in')}>
              扫码签到（入场票或会员卡）
            </Button>
            <ActionError message={problemAt('check-in')} />
            {registerButton}
          </View>
        ) : (
          <View>
            <Input
              className="join__input"
              name="check-in-code"
              maxlength={2000}
              value={code}
              placeholder="粘贴入场票或会员卡二维码内容"
              onInput={(e) => setCode(e.detail.value)}
            />
            <Button className="big-button join__submit" disabled={busy} onClick={() => run('check-in', code)}>
              签到
            </Button>
            <ActionError message={problemAt('check-in')} />
            {registerButton}
          </View>
        )}
        {childrenOpen && childAges ? (
          <View>
            <Text className="join__label">代为报名：孩子信息</Text>
            <ChildrenForm {...kids.formProps} />
            <Button className="big-button join__submit" disabled={busy} onClick={register}>
              {registerLabel}
            </Button>
            <ActionError message={problemAt('register')} />
            <Button className="big-button big-button--ghost activity__cancel" disabled={busy} onClick={() => setChildrenOpen(false)}>
              先不报了
            </Button>
          </View>
        ) : null}
        {answer ? <CheckInAnswerView answer={answer} /> : null}
        {registration ? <RegistrationView registration={registration} /> : null}
      </View>
      <ManualCheckIn activityId={id} onChanged={reload} />
      <RegisterByPhone activityId={id} childAges={childAges} perMemberLimit={perMemberLimit} onChanged={reload} />
      <View className="card">
        <Text className="card__title">名单</Text>
        {withWaitingPlaces(data!.signups).map(({ signup: s, waiting }, i) => (
          <View key={`${s.memberNo}-${i}`} className="hours-row" data-signup-row>
            <Text>
              {s.name}
              {s.places > 1 ? `（${s.places} 人）` : ''}
            </Text>
            <Text className="muted">
              {s.checkedInAt ? '已签到' : waiting ? `${staffStatusLabel(s.status)}（第 ${waiting} 位）` : staffStatusLabel(s.status)}
            </Text>
          </View>
        ))}
        <Button className="big-button big-button--ghost activity__cancel" disabled={exporting.busy !== null} onClick={exportCsv}>
          {exporting.busy ? '正在导出…' : '导出 CSV'}
        </Button>
        <ActionError message={exporting.problemOf('export')} />
      </View>
      {activityCards}
    </View>
  );
}
