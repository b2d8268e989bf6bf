import Taro from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { signupStatusLabel, type Signup } from '@shared/schemas/activity';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { beijingDisplay } from '@shared/beijing-time';
import { ActionError } from '../../components/field-error';
import { drawStatusText, isDrawEntry } from '../draws/draw-status';
import { DrawLink } from '../draws/draw-facts';
import './activities.css';

/** As the API returns it with 我的报名 (a signed token and its QR picture). */
export type Ticket = NonNullable<Awaited<ReturnType<typeof api.listMySignups>>['signups'][number]['ticket']>;

/** Statuses the member can still act on (an application to a draw: withdraw it); cancelled, expired and not drawn are history. */
export const isLiveSignup = (s: Pick<Signup, 'status'>) =>
  s.status === 'confirmed' || s.status === 'waitlisted' || s.status === 'offered' || s.status === 'applied';

/**
 * One member's sign-up for one activity: status, place in the queue, the offer deadline, the
 * children it is for (childcare), the entry ticket, and the two things they can do (confirm an
 * offer, cancel). Shown on the 活动 tab and on 我的报名.
 */
export function MySignup({
  signup: s,
  ticket,
  onChanged,
  readOnly = false,
  closesAt,
}: {
  signup: Pick<Signup, 'activityId' | 'status' | 'position' | 'holdExpiresAt' | 'children' | 'checkedInAt' | 'drawPosition'>;
  ticket?: Ticket;
  onChanged: () => void;
  /** a copy kept for offline use: the ticket shows, nothing can be sent */
  readOnly?: boolean;
  /** a draw's close: when its result comes, and until when an application can be withdrawn */
  closesAt?: string;
}) {
  const { busy, problemOf, run } = useAction();
  const params = { activityId: s.activityId };
  const confirm = () => run('confirm', () => api.confirmOffer({ params }).then(onChanged));
  const applied = s.status === 'applied';
  const cancel = async () => {
    if (busy) return;
    // a place given up goes to the next person in the queue and cannot be taken back
    const answer = await Taro.showModal(
      applied
        ? {
            title: '撤回报名',
            content: `撤回后不参加这次摇号${closesAt ? `，${beijingDisplay(closesAt)} 截止前还可以再报名` : ''}。确定撤回吗？`,
            confirmText: '撤回',
            cancelText: '不撤回',
            confirmColor: '#c8102e',
          }
        : {
            title: '取消报名',
            content: '取消后名额会让给候补的职工，确定取消吗？',
            confirmText: '取消报名',
            cancelText: '不取消',
            // giving up a place is destructive: red, not the platform's default green
            confirmColor: '#c8102e',
          },
    );
    if (answer.confirm)
      await run('cancel', async () => {
        await api.cancelSignup({ params });
        void Taro.showToast({ title: applied ? '已撤回报名' : '已取消报名', icon: 'success' });
        onChanged();
      });
  };
  const draw = isDrawEntry(s);
  // an application can be withdrawn until the close (after it the server says why not)
  const withdrawable = !applied || !closesAt || Date.now() < new Date(closesAt).getTime();

  if (s.checkedInAt) return <CheckedIn signup={s} at={s.checkedInAt} />;

  return (
    <View>
      <Text className={isLiveSignup(s) ? 'activity__status' : 'activity__status activity__status--past'}>
        {s.status === 'offered' && s.holdExpiresAt
          ? // one 确认, with what it is for and what happens after the deadline
            `候补到名额了，请在 ${beijingDisplay(s.holdExpiresAt)} 前确认参加，过时名额将让给下一位`
          : draw
            ? drawStatusText(s, closesAt)
            : signupStatusLabel[s.status]}
        {s.status === 'waitlisted' && s.position && !draw ? `（第 ${s.position} 位）` : ''}
      </Text>
      {s.drawPosition !== undefined ? (
        <Text className="muted activity__line" data-draw-position={s.drawPosition}>{`摇号顺序第 ${s.drawPosition} 位`}</Text>
      ) : null}
      <Children signup={s} />
      {ticket ? (
        <View>
          <Image className="activity__ticket" src={ticket.svg} data-ticket={ticket.token} />
          <Text className="muted activity__ticket-hint">入场时请出示这个二维码</Text>
        </View>
      ) : null}
      {s.status === 'offered' && !readOnly ? (
        <Button className="big-button" disabled={busy !== null} onClick={confirm}>
          {busy === 'confirm' ? '正在确认…' : '确认参加'}
        </Button>
      ) : null}
      <ActionError message={problemOf('confirm')} />
      {isLiveSignup(s) && !readOnly && withdrawable ? (
        <Button className="big-button big-button--ghost activity__cancel" disabled={busy !== null} onClick={cancel}>
          {busy === 'cancel' ? (applied ? '正在撤回…' : '正在取消…') : applied ? '撤回报名' : '取消报名'}
        </Button>
      ) : null}
      <ActionError message={problemOf('cancel')} />
      {s.drawPosition !== undefined && !readOnly ? <DrawLink activityId={s.activityId} mine={s.drawPosition} label="查看摇号公示" /> : null}
    </View>
  );
}

/** Checked in at the door: done. The ticket has been used and there is nothing left to cancel. */
function CheckedIn({ signup: s, at }: { signup: Pick<Signup, 'children'>; at: string }) {
  return (
    <View data-checked-in={at}>
      <Text className="activity__status">{`已签到（${beijingDisplay(at)}）`}</Text>
      <Children signup={s} />
      <Text className="muted activity__line">入场票已使用，不能再取消报名</Text>
    </View>
  );
}

function Children({ signup: s }: { signup: Pick<Signup, 'children'> }) {
  return s.children.length > 0 ? (
    <Text className="activity__children">{`孩子：${s.children.map((c) => `${c.name}（${c.age}岁）`).join('、')}`}</Text>
  ) : null;
}
