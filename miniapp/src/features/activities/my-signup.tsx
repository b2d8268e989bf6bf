import Taro from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import { signupStatusLabel, type Signup } from '@shared/schemas/activity';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { beijingDisplay } from '@shared/beijing-time';
import { ActionError } from '../../components/field-error';
import './activities.css';

/** As the API returns it with 我的报名 (a signed token and its QR picture). */
export type Ticket = NonNullable<Awaited<ReturnType<typeof api.listMySignups>>['signups'][number]['ticket']>;

/** Statuses the member can still act on; cancelled and expired ones are history. */
export const isLiveSignup = (s: Pick<Signup, 'status'>) => s.status === 'confirmed' || s.status === 'waitlisted' || s.status === 'offered';

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
}: {
  signup: Pick<Signup, 'activityId' | 'status' | 'position' | 'holdExpiresAt' | 'children' | 'checkedInAt'>;
  ticket?: Ticket;
  onChanged: () => void;
  /** a copy kept for offline use: the ticket shows, nothing can be sent */
  readOnly?: boolean;
}) {
  const { busy, problemOf, run } = useAction();
  const params = { activityId: s.activityId };
  const confirm = () => run('confirm', () => api.confirmOffer({ params }).then(onChanged));
  const cancel = async () => {
    if (busy) return;
    // a place given up goes to the next person in the queue and cannot be taken back
    const answer = await Taro.showModal({
      title: '取消报名',
      content: '取消后名额会让给候补的职工，确定取消吗？',
      confirmText: '取消报名',
      cancelText: '不取消',
      // giving up a place is destructive: red, not the platform's default green
      confirmColor: '#c8102e',
    });
    if (answer.confirm)
      await run('cancel', async () => {
        await api.cancelSignup({ params });
        void Taro.showToast({ title: '已取消报名', icon: 'success' });
        onChanged();
      });
  };

  if (s.checkedInAt) return <CheckedIn signup={s} at={s.checkedInAt} />;

  return (
    <View>
      <Text className={isLiveSignup(s) ? 'activity__status' : 'activity__status activity__status--past'}>
        {s.status === 'offered' && s.holdExpiresAt
          ? // one 确认, with what it is for and what happens after the deadline
            `候补到名额了，请在 ${beijingDisplay(s.holdExpiresAt)} 前确认参加，过时名额将让给下一位`
          : signupStatusLabel[s.status]}
        {s.status === 'waitlisted' && s.position ? `（第 ${s.position} 位）` : ''}
      </Text>
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
      {isLiveSignup(s) && !readOnly ? (
        <Button className="big-button big-button--ghost activity__cancel" disabled={busy !== null} onClick={cancel}>
          {busy === 'cancel' ? '正在取消…' : '取消报名'}
        </Button>
      ) : null}
      <ActionError message={problemOf('cancel')} />
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
