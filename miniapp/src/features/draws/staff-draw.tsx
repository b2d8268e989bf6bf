import { useEffect, useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import type { Activity } from '@shared/schemas/activity';
import type { DrawSummary } from '@shared/schemas/draw';
import type { z } from 'zod';
import { beijingDisplay } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useFieldErrors } from '../../lib/use-field-errors';
import { ActionError, FieldError } from '../../components/field-error';
import { keepNumbersWhole } from '../../components/keep-numbers-whole';
import { CopyText } from './copy-text';
import { DrawLink } from './draw-facts';
import { noShowText } from './draw-status';
import './draws.css';

type Summary = z.infer<typeof DrawSummary>;

export const summaryText = (s: Pick<Summary, 'drawnNow' | 'won' | 'placesWon' | 'waitlisted'>) =>
  `${s.drawnNow ? '摇号完成' : '此前已摇号，结果不变'}：中签 ${s.won} 个报名 / ${s.placesWon} 个名额，候补 ${s.waitlisted}`;

/** The result of a draw already run (by staff or by the sweeper after the close), from the activity's draw fields. */
const storedSummary = (d: Activity['draw']) =>
  d?.drawnAt && d.won !== undefined && d.placesWon !== undefined && d.waitlisted !== undefined
    ? { drawnNow: true, won: d.won, placesWon: d.placesWon, waitlisted: d.waitlisted }
    : null;

/** Whether `iso` has come: true from that moment without a reload (a timer to it, re-armed past setTimeout's limit). */
export function useReached(iso: string): boolean {
  const at = new Date(iso).getTime();
  const [tick, setTick] = useState(0);
  const reached = Date.now() >= at;
  useEffect(() => {
    if (reached) return undefined;
    const timer = setTimeout(() => setTick((n) => n + 1), Math.min(at - Date.now() + 100, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [at, reached, tick]);
  return reached;
}

/** After the close the sweeper draws within about 20 s: the page looks again a few times until it has. */
const SWEEPER_CHECK_MS = 15_000;
const SWEEPER_CHECKS = 8;

/**
 * Staff, an activity allocated by draw: the commitment and the applications so far; at the close
 * (a timer: no reload) 开始摇号 (confirmed first: the result is final); once drawn, by staff or by
 * the sweeper (the page reads the activity again until it shows), the result and the way to
 * 摇号公示; and 准许参加 for a member the no-show rule bars.
 */
export function StaffDraw({ activity: a, applicants, onChanged }: { activity: Activity; applicants: number; onChanged: () => void }) {
  const { busy, problemOf, run } = useAction();
  const [ran, setRan] = useState<Summary | null>(null);
  const summary = ran ?? storedSummary(a.draw);
  const drawnAt = a.draw?.drawnAt;
  const closed = useReached(a.signupClosesAt);
  // closed, not drawn yet: read the activity again until the sweeper's draw shows (or staff start it)
  const waiting = closed && !drawnAt && !ran;
  const changed = useRef(onChanged);
  changed.current = onChanged;
  useEffect(() => {
    if (!waiting) return undefined;
    let checks = 0;
    const timer = setInterval(() => {
      checks += 1;
      if (checks >= SWEEPER_CHECKS) clearInterval(timer);
      changed.current();
    }, SWEEPER_CHECK_MS);
    return () => clearInterval(timer);
  }, [waiting]);
  const start = async () => {
    if (busy) return;
    const answer = await Taro.showModal({
      title: '开始摇号',
      content: '摇号结果确定后不能更改。确定现在开始摇号吗？',
      confirmText: '开始摇号',
      cancelText: '再等等',
      confirmColor: '#c8102e',
    });
    if (!answer.confirm) return;
    await run('draw', async () => {
      const result = await api.runDraw({ params: { activityId: a.id } });
      setRan(result);
      void Taro.showToast({ title: '摇号完成', icon: 'success' });
      onChanged();
    });
  };

  return (
    <View className="card" data-card="draw">
      <Text className="card__title">摇号</Text>
      <Text className="draw__state">
        {drawnAt
          ? `已于 ${beijingDisplay(drawnAt)} 摇号`
          : closed
            ? '报名已截止，可以开始摇号'
            : `报名中，${beijingDisplay(a.signupClosesAt)} 截止后可开始摇号`}
      </Text>
      <Text className="muted activity__line">
        {keepNumbersWhole(`${a.draw?.drawnAt ? '共' : '已有'} ${applicants} 个报名 · ${a.capacity ?? 0} 个名额`)}
        {a.noShow ? `；${noShowText(a.noShow)}` : ''}
      </Text>
      {a.draw ? <CopyText label="承诺值（截止前已向职工公布）" value={a.draw.commitment} name="commitment" /> : null}
      {summary ? (
        <Text className="draw-summary" data-draw-summary>
          {keepNumbersWhole(summaryText(summary))}
        </Text>
      ) : null}
      {closed && !drawnAt && !summary ? (
        <View>
          <Button className="big-button join__submit" disabled={busy !== null} onClick={() => void start()}>
            {busy === 'draw' ? '正在摇号…' : '开始摇号'}
          </Button>
          <Text className="muted activity__line">截止后系统也会自动摇号；两者结果相同，不会重复分配名额。</Text>
        </View>
      ) : null}
      <ActionError message={problemOf('draw')} />
      {drawnAt || summary ? <DrawLink activityId={a.id} /> : null}
      {a.noShow && !drawnAt && !summary ? <PardonForm activityId={a.id} /> : null}
    </View>
  );
}

/** 准许参加: a member barred by the no-show rule may enter this draw (会员号 + 原因; audited). */
export function PardonForm({ activityId }: { activityId: string }) {
  const [memberNo, setMemberNo] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const form = useFieldErrors((key) => key === 'memberNo' || key === 'reason');
  const { busy, problemOf, run } = useAction(form);
  const submit = () => {
    const errors: Record<string, string[]> = {};
    if (!memberNo.trim()) errors.memberNo = ['请填写会员号'];
    if (reason.trim().length < 2) errors.reason = ['请写明原因'];
    if (Object.keys(errors).length > 0) return form.show(errors);
    form.reset();
    setDone(null);
    return run('pardon', async () => {
      const result = await api.pardonNoShow({ params: { activityId }, body: { memberNo: memberNo.trim(), reason: reason.trim() } });
      void Taro.showToast({ title: `已准许${result.name}参加`, icon: 'none' });
      setDone(result.message);
      setMemberNo('');
      setReason('');
    });
  };
  return (
    <View className={form.scope} data-pardon>
      <Text className="join__label">准许参加</Text>
      <Text className="muted rules__hint">因未签到被限制的会员，核实原因后可准许其参加这次摇号（记入操作日志）。</Text>
      <Input
        className="join__input"
        name="pardon-member-no"
        maxlength={32}
        value={memberNo}
        placeholder="会员号"
        onInput={(e) => {
          setMemberNo(e.detail.value);
          form.clear('memberNo');
        }}
      />
      <FieldError messages={form.errors.memberNo} />
      <Input
        className="join__input join__submit"
        name="pardon-reason"
        maxlength={200}
        value={reason}
        placeholder="原因，如：住院未能到场，有证明"
        onInput={(e) => {
          setReason(e.detail.value);
          form.clear('reason');
        }}
      />
      <FieldError messages={form.errors.reason} />
      <Button className="big-button big-button--ghost join__submit" disabled={busy !== null} onClick={submit}>
        {busy === 'pardon' ? '正在提交…' : '准许参加'}
      </Button>
      <ActionError message={form.others[0] ?? problemOf('pardon')} />
      {done ? <Text className="activity__status">{done}</Text> : null}
    </View>
  );
}
