import Taro from '@tarojs/taro';
import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { ApiError } from '@shared/client';
import type { z } from 'zod';
import { AppointSupervisor, type Supervisor as SupervisorSchema } from '@shared/schemas/network';
import { occupationLabel } from '@shared/schemas/membership';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useFieldErrors } from '../../lib/use-field-errors';
import { usePages } from '../../lib/use-pages';
import { ListFooter } from '../../components/list-footer';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { ActionError, FieldError } from '../../components/field-error';
import { yearDay } from './year-day';
import './station-network.css';

type Supervisor = z.infer<typeof SupervisorSchema>;

/**
 * 义务监督员 of one station: who inspects it (masked name, 会员号, occupation, since when), 任命 a
 * worker by the 会员号 on their member card, 取消 after a red confirm.
 */
export function StationSupervisors({ stationId, stationName }: { stationId: string; stationName?: string }) {
  const pages = usePages(
    async (cursor) => {
      const page = await api.listStationSupervisors({ params: { stationId }, query: cursor ? { cursor } : {} });
      return { items: page.supervisors, nextCursor: page.nextCursor };
    },
    [stationId],
  );
  const { items, error, loading, reload } = pages;
  const { busy, problemOf, run } = useAction();

  const remove = async (s: Supervisor) => {
    const { confirm } = await Taro.showModal({
      title: `取消 ${s.name} 的监督？`,
      content: '取消后 TA 不能再检查这个驿站；已提交的检查记录和整改任务都保留。',
      confirmText: '取消监督',
      cancelText: '保留',
      confirmColor: '#c8102e',
    });
    if (!confirm) return;
    await run(s.userId, async () => {
      await api.removeSupervisor({ params: { stationId, userId: s.userId } });
      void Taro.showToast({ title: '已取消监督', icon: 'success' });
      reload();
    });
  };

  return (
    <View className="page">
      <View className="page-header">
        <Text className="page-header__title">义务监督员</Text>
        <Text className="page-header__sub">{stationName ? `${stationName} · ` : ''}按七有标准到站检查，每季度至少一次</Text>
      </View>
      <AppointForm stationId={stationId} onAppointed={reload} />
      <View className="card">
        <Text className="card__title">本驿站的监督员</Text>
        {error ? <ErrorState message={error.message} onRetry={reload} /> : null}
        {loading && !items ? <Loading /> : null}
        {items && items.length === 0 ? <EmptyState title="还没有监督员" hint="在上面输入职工的会员号即可任命" /> : null}
        {items?.map((s) => (
          <View key={s.userId} className="net-row" data-supervisor={s.userId}>
            <Text className="net-row__name">{s.name}</Text>
            <Text className="net-row__facts">
              会员号 {s.memberNo}
              {s.occupation ? ` · ${occupationLabel[s.occupation]}` : ''}
            </Text>
            <Text className="net-row__facts">{yearDay(s.appointedAt)} 任命</Text>
            <View className="net-row__actions">
              <Button className="big-button big-button--ghost net-row__remove" disabled={busy !== null} onClick={() => remove(s)}>
                {busy === s.userId ? '正在取消…' : '取消监督'}
              </Button>
            </View>
            <ActionError message={problemOf(s.userId)} />
          </View>
        ))}
        <ListFooter pages={pages} />
      </View>
    </View>
  );
}

const memberNoRule = AppointSupervisor.shape.memberNo;

/** 任命监督员: by 会员号, for this station; a problem with the number is said under the box. */
function AppointForm({ stationId, onAppointed }: { stationId: string; onAppointed: () => void }) {
  const [memberNo, setMemberNo] = useState('');
  const form = useFieldErrors((key) => key === 'memberNo');
  const { busy, problemOf, run } = useAction(form);

  const appoint = () => {
    const typed = memberNo.trim();
    if (!typed) return form.show({ memberNo: ['请填写会员号'] });
    const checked = memberNoRule.safeParse(typed);
    if (!checked.success) return form.show({ memberNo: [checked.error.issues[0]!.message] });
    return run('appoint', async () => {
      const reply = await api.appointSupervisors({ body: { memberNo: checked.data, stationIds: [stationId] } }).catch((e: unknown) => {
        // no member with that number: the number is what to change, so it is said under the box
        if (e instanceof ApiError && e.status === 404 && !e.fieldErrors)
          throw new ApiError(404, e.code, e.message, { memberNo: [e.message] });
        throw e;
      });
      setMemberNo('');
      void Taro.showToast({ title: `已任命 ${reply.supervisor.name}`, icon: 'success' });
      onAppointed();
    });
  };

  return (
    <View className={`card ${form.scope}`}>
      <Text className="card__title">任命监督员</Text>
      <Text className="muted">监督员是自愿到站检查的职工，须是工会会员。请输入 TA 电子会员卡上的会员号。</Text>
      <Text className="join__label">会员号</Text>
      <Input
        className="join__input appoint__input"
        name="supervisor-member-no"
        value={memberNo}
        maxlength={32}
        placeholder="如 261126000123"
        onInput={(e) => {
          setMemberNo(e.detail.value);
          form.clear('memberNo');
        }}
        onConfirm={appoint}
      />
      <FieldError messages={form.errors.memberNo} />
      <Button className="big-button join__submit" disabled={busy !== null} onClick={appoint}>
        {busy ? '正在任命…' : '任命监督员'}
      </Button>
      <ActionError message={problemOf('appoint')} />
    </View>
  );
}
