import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Image, Input, Text, View } from '@tarojs/components';
import { beijingClock, beijingDisplay } from '@shared/beijing-time';
import { tallyLabel, type StallOutcome, type TallyTarget } from '@shared/schemas/stall';
import { useUndoWindow } from '../../lib/use-undo-window';
import type { QueuedAction } from '../../lib/stall-queue';
import { ErrorState, Loading } from '../../components/states';
import { ActionError } from '../../components/field-error';
import { OfflineNotice } from '../../components/offline-notice';
import { UndoBar } from '../../components/undo-bar';
import { maskedMember, verifyScanned } from './offline-verify';
import { useStall } from './use-stall';
import './stall.css';

type Tone = 'grey' | 'green' | 'amber' | 'red';
const outcomeLine: Record<StallOutcome, { text: string; tone: Tone }> = {
  done: { text: '已完成', tone: 'green' },
  waitlisted: { text: '候补', tone: 'amber' },
  already: { text: '已处理过', tone: 'red' },
  not_eligible: { text: '不符合条件', tone: 'red' },
  closed: { text: '沟通会已结束', tone: 'red' },
  forged: { text: '二维码无效', tone: 'red' },
  expired: { text: '二维码已过期', tone: 'red' },
  unknown_service: { text: '没有这项服务', tone: 'red' },
  wrong_event: { text: '不是本场的活动', tone: 'red' },
};

/** What one line of 最近操作 says: 待同步 until the server answers, then its answer. */
export function stateOf(item: QueuedAction): { text: string; tone: Tone; detail?: string } {
  const { action, result } = item;
  if (!result) {
    if (action.kind === 'register') return { text: action.waitlisted ? '候补（待同步）' : '已报名（待同步）', tone: 'grey' };
    return { text: action.kind === 'checkin' ? '已签到（待同步）' : '待同步', tone: 'grey' };
  }
  const line = outcomeLine[result.outcome];
  const first = result.firstBy && result.firstAt ? `${result.firstBy} 于 ${beijingDisplay(result.firstAt)} 已处理` : undefined;
  return { ...line, detail: [result.name, first ?? result.message].filter(Boolean).join(' · ') };
}

const TALLY_TARGETS: TallyTarget[] = ['consult', 'leaflet', 'aidCard'];
/** What a +1 counts: 咨询 / 宣传册 / 互助服务卡, or people served by a service. */
type Counter = { target?: TallyTarget; service?: string; name: string };
const canScan = process.env.TARO_ENV === 'weapp';

/**
 * Stall mode: one screen for a staff member with one free hand at a street stall (docs/outreach.md).
 * Figures at the top, what happened in the middle, the big buttons at the bottom under the thumb.
 */
export function StallScreen({ eventId }: { eventId: string }) {
  const stall = useStall(eventId);
  const { event, shownFigures: figures } = stall;
  const [scanProblem, setScanProblem] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [qrOpen, setQrOpen] = useState(false);
  const [qrIndex, setQrIndex] = useState(0);
  const [finishProblem, setFinishProblem] = useState<string | null>(null);
  const [finishing, setFinishing] = useState(false);
  const undo = useUndoWindow(5000);
  const [undoTally, setUndoTally] = useState<Counter | null>(null);

  if (!event) {
    if (stall.loadError) return <ErrorState message={stall.loadError} onRetry={() => void stall.refresh()} />;
    if (!stall.online)
      return <ErrorState title="没有网络" message="第一次打开本场摊位需要联网，之后断网也能使用" onRetry={() => void stall.refresh()} />;
    return <Loading />;
  }
  const services = event.services;
  const chosen = services.find((s) => s.key === stall.service) ?? null;

  const handle = (text: string) => {
    setScanProblem(null);
    const scanned = verifyScanned(text, stall.keys);
    if (!scanned.ok) return setScanProblem(scanned.message);
    try {
      if (scanned.kind === 'ticket') {
        stall.act({ kind: 'checkin', eventId, ticket: text.trim() }, `入场票签到 · 票号 ${scanned.memberId.slice(-4)}`);
        void Taro.showToast({ title: '已签到（待同步）', icon: 'none' });
      } else {
        if (!chosen) return setScanProblem('请先在上面选择报名的服务项目');
        // a place from this phone's lease; none left (or none held): 候补, and the server decides at sync
        const waitlisted = chosen.capacity !== undefined && stall.leaseLeft(chosen.key) < 1;
        stall.act(
          { kind: 'register', eventId, service: chosen.key, card: text.trim(), waitlisted },
          `${chosen.name} · ${maskedMember(scanned.memberNo)}`,
        );
        void Taro.showToast({ title: waitlisted ? '候补（待同步）' : '已报名（待同步）', icon: 'none' });
      }
      setCode('');
    } catch {
      setScanProblem('手机存储已满，无法记录：请联网同步或清理手机存储');
    }
  };
  const scan = async () => {
    try {
      const reply = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] });
      if (reply?.result) handle(reply.result);
    } catch {
      // closed the scanner
    }
  };

  const tally = (what: Counter, count: number) => {
    const base = { kind: 'tally' as const, eventId, count };
    const action = what.target ? { ...base, target: what.target } : { ...base, service: what.service };
    stall.act(action, `${what.name} ${count > 0 ? '+1' : '撤销 1'}`);
  };
  const plusOne = (what: Counter) => {
    try {
      tally(what, 1);
      setUndoTally(what);
      // the +1 is queued already: 撤销 queues a −1, so it holds whenever the phone syncs
      undo.schedule({ key: what.target ?? what.service ?? '', label: `${what.name} +1`, send: () => undefined });
    } catch {
      setScanProblem('手机存储已满，无法记录：请联网同步或清理手机存储');
    }
  };
  const takeBack = () => {
    undo.undo();
    if (undoTally) tally(undoTally, -1);
    setUndoTally(null);
  };

  const finish = async () => {
    setFinishProblem(null);
    setFinishing(true);
    try {
      await stall.finish();
    } catch (e) {
      const message = e instanceof Error && e.message ? e.message : '结束失败，请重试';
      setFinishProblem(message);
      setFinishing(false);
      // the line above the buttons may sit under the dock: say it where it is read too
      void Taro.showModal({ title: '还不能结束摊位', content: message, showCancel: false, confirmText: '知道了' });
      return;
    }
    // said before leaving: on H5 a toast shown here is hidden as the page changes, so the user saw nothing
    await Taro.showModal({
      title: '已结束摊位',
      content: '记录已全部同步，本机未用完的名额已归还',
      showCancel: false,
      confirmText: '好的',
    }).catch(() => undefined);
    setFinishing(false);
    try {
      await Taro.navigateBack();
    } catch {
      // opened without a page behind it: stay here
    }
  };

  const tallies: Counter[] = [
    ...TALLY_TARGETS.map((target) => ({ target, name: tallyLabel[target] })),
    ...services.map((s) => ({ service: s.key, name: s.name })),
  ];
  const recent = stall.queue.recent(10);
  const joinQr = stall.joinQr ?? [];
  const shownQr = joinQr[qrIndex % Math.max(1, joinQr.length)];

  return (
    <View className="stall">
      <View className="stall__head">
        <Text className="stall__title">{event.name}</Text>
        <Text className="muted">{event.place}</Text>
        {figures ? (
          <View className="stall__figures">
            <Figure label="入会" value={figures.joins} />
            <Figure label="签到" value={figures.checkins} />
            <Figure label="报名" value={figures.registered} />
          </View>
        ) : null}
      </View>
      {!stall.online && stall.savedAt ? (
        <OfflineNotice
          savedAt={stall.savedAt}
          usable="扫码报名、签到和计数照常记录在本机，联网后自动同步"
          onRetry={() => void stall.refresh()}
        />
      ) : null}
      <View className="stall__sync">
        <Text className={stall.pending.length > 0 ? 'stall__pending' : 'muted'}>
          {stall.pending.length > 0 ? `待同步 ${stall.pending.length} 条` : '全部已同步'}
        </Text>
        {stall.queue.lastError && !stall.queue.lastError.retrying ? <ActionError message={stall.queue.lastError.message} /> : null}
        <Button className="big-button big-button--ghost stall__sync-button" onClick={() => void stall.syncNow()}>
          立即同步
        </Button>
      </View>

      <View className="card">
        <Text className="card__title">报名服务</Text>
        <Text className="muted">选好服务后扫会员卡即报名；扫入场票即签到</Text>
        <View className="stall__chips">
          {services.map((s) => (
            <View key={s.key} className={s.key === chosen?.key ? 'chip chip--on' : 'chip'} onClick={() => stall.chooseService(s.key)}>
              <Text>
                {s.name}
                {s.capacity !== undefined ? `（本机余 ${stall.leaseLeft(s.key)}）` : ''}
              </Text>
            </View>
          ))}
        </View>
      </View>

      <View className="card">
        <Text className="card__title">计数</Text>
        <View className="stall__tallies">
          {tallies.map((t) => (
            <View key={t.target ?? t.service} className="stall__tally">
              <Text className="stall__tally-count">{stall.tallyCount(t)}</Text>
              <Button className="big-button stall__tally-button" onClick={() => plusOne(t)}>
                {`${t.name} +1`}
              </Button>
            </View>
          ))}
        </View>
      </View>

      <View className="card">
        <Text className="card__title">最近操作</Text>
        {recent.length === 0 ? <Text className="muted">还没有操作：扫码或点 +1 开始</Text> : null}
        {recent.map((item) => {
          const state = stateOf(item);
          return (
            <View key={item.action.key} className="stall__line" data-state={state.tone}>
              <View className="stall__line-main">
                <Text className="stall__line-label">{item.label}</Text>
                <Text className={`stall__state stall__state--${state.tone}`}>{state.text}</Text>
              </View>
              <Text className="muted stall__line-detail">
                {beijingClock(item.action.at)}
                {state.detail ? ` · ${state.detail}` : ''}
              </Text>
            </View>
          );
        })}
      </View>

      <View className="stall__finish-problem">
        <ActionError message={finishProblem} />
      </View>
      <View className="stall__row">
        <Button className="big-button big-button--ghost stall__half" onClick={() => setQrOpen(true)}>
          入会二维码
        </Button>
        <Button className="big-button big-button--ghost stall__half" disabled={finishing} onClick={() => void finish()}>
          {finishing ? '正在结束…' : '结束摊位'}
        </Button>
      </View>

      {/* under the thumb: fixed at the bottom of the screen */}
      <View className="stall__dock">
        {undo.pending ? <UndoBar label={undo.pending.label} onUndo={takeBack} /> : null}
        <ActionError message={scanProblem} />
        {canScan ? (
          <Button className="big-button stall__scan" onClick={() => void scan()}>
            扫码
          </Button>
        ) : (
          <View className="stall__manual">
            <Input
              className="join__input stall__code"
              name="stall-code"
              maxlength={2000}
              value={code}
              placeholder="输入二维码"
              // H5 has no scanCode: paste the QR's content; the label is for screen readers and the e2e
              nativeProps={{ 'aria-label': '手动输入二维码' }}
              onInput={(e) => setCode(e.detail.value)}
              onConfirm={() => handle(code)}
            />
            <Button className="big-button stall__enter" onClick={() => handle(code)}>
              确定
            </Button>
          </View>
        )}
      </View>

      {qrOpen ? (
        <View className="stall__qr" role="dialog">
          {shownQr ? (
            <View className="stall__qr-body">
              <Text className="stall__qr-call">微信扫一扫 加入工会</Text>
              {/* a square as wide as the screen allows, white all round; the PNG is square, so no aspectFit
                  (on H5 it positions the img absolutely, and text-align: center pushed it off to the right) */}
              <View className="stall__qr-frame">
                <Image className="stall__qr-image" src={shownQr.dataUrl} />
              </View>
              {joinQr.length > 1 ? (
                <Button className="big-button big-button--ghost" onClick={() => setQrIndex((i) => i + 1)}>
                  {`换一个（${(qrIndex % joinQr.length) + 1}/${joinQr.length}）`}
                </Button>
              ) : null}
            </View>
          ) : (
            <View className="stall__qr-body">
              <Text className="stall__qr-none">本场沟通会还没有入会码</Text>
              <Text className="muted">请在「入会码」页为本场沟通会生成入会码，联网打开摊位模式后即可在这里出示（断网也能出示）。</Text>
              <Button className="big-button" onClick={() => void Taro.navigateTo({ url: '/staff/pages/join-codes/index' })}>
                去生成入会码
              </Button>
            </View>
          )}
          <Button className="big-button big-button--ghost stall__qr-close" onClick={() => setQrOpen(false)}>
            关闭
          </Button>
        </View>
      ) : null}
    </View>
  );
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <View className="stall__figure">
      <Text className="stall__figure-value">{value}</Text>
      <Text className="stall__figure-label">{label}</Text>
    </View>
  );
}
