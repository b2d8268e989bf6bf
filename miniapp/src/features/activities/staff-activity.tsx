import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { signupStatusLabel } from '@shared/schemas/activity';
import { api, ApiError } from '../../lib/api';
import { useRequest } from '../../lib/use-request';
import { ErrorState, Loading } from '../../components/states';
import './activities.css';

type CheckInAnswer = Awaited<ReturnType<typeof api.checkIn>>;

/** One activity for staff: counts, the list, check-in by scanning a ticket or card, on-site registration, CSV. */
export function StaffActivity({ id }: { id: string }) {
  const { data, error, loading, reload } = useRequest(() => api.listActivitySignups({ params: { activityId: id } }), [id]);
  const [code, setCode] = useState('');
  const [answer, setAnswer] = useState<CheckInAnswer | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (what: 'check-in' | 'register', text: string) => {
    if (busy || !text.trim()) return;
    setBusy(true);
    setProblem(null);
    setAnswer(null);
    try {
      if (what === 'check-in') setAnswer(await api.checkIn({ params: { activityId: id }, body: { ticket: text.trim() } }));
      else {
        const r = await api.registerOnSite({ params: { activityId: id }, body: { cardToken: text.trim() } });
        setProblem(`已为职工报名：${signupStatusLabel[r.signup.status]}`);
      }
      setCode('');
      reload();
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : '操作失败，请重试');
    } finally {
      setBusy(false);
    }
  };
  const scan = async (what: 'check-in' | 'register') => {
    try {
      const reply = await Taro.scanCode({ scanType: ['qrCode'] });
      await run(what, reply.result);
    } catch {
      /* closed the scanner */
    }
  };
  const exportCsv = async () => {
    const { filename, csv } = await api.exportActivitySignups({ params: { activityId: id } });
    if (process.env.TARO_ENV === 'h5') {
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
      link.download = filename;
      link.click();
    } else {
      await Taro.setClipboardData({ data: csv });
    }
  };

  if (error) return <ErrorState message={error.message} onRetry={reload} />;
  if (loading && !data) return <Loading />;
  const c = data!.counts;
  return (
    <View className='page'>
      <View className='page-header'>
        <Text className='page-header__title'>报名与签到</Text>
        <Text className='page-header__sub'>
          报名成功 {c.confirmed} · 候补 {c.waitlisted} · 待确认 {c.offered} · 已签到 {c.checkedIn}
        </Text>
      </View>
      <View className='card'>
        <Text className='card__title'>签到 / 现场报名</Text>
        {process.env.TARO_ENV === 'weapp' ? (
          <View>
            <Button className='big-button' onClick={() => scan('check-in')}>
              扫码签到（入场票或会员卡）
            </Button>
            <Button className='big-button big-button--ghost activity__cancel' onClick={() => scan('register')}>
              扫会员卡，代为报名
            </Button>
          </View>
        ) : (
          <View>
            <Input className='join__input' name='check-in-code' maxlength={2000} value={code} placeholder='粘贴入场票或会员卡二维码内容' onInput={(e) => setCode(e.detail.value)} />
            <Button className='big-button join__submit' disabled={busy} onClick={() => run('check-in', code)}>
              签到
            </Button>
            <Button className='big-button big-button--ghost activity__cancel' disabled={busy} onClick={() => run('register', code)}>
              代为报名
            </Button>
          </View>
        )}
        {answer ? (
          <Text className={answer.result === 'checked-in' ? 'checkin checkin--ok' : 'checkin'}>
            {answer.message}
            {answer.name ? ` · ${answer.name}` : ''}
          </Text>
        ) : null}
        {problem ? <Text className='field-error'>{problem}</Text> : null}
      </View>
      <View className='card'>
        <Text className='card__title'>名单</Text>
        {data!.signups.map((s) => (
          <View key={s.memberNo} className='hours-row'>
            <Text>
              {s.name}
              {s.places > 1 ? `（${s.places} 人）` : ''}
            </Text>
            <Text className='muted'>{s.checkedInAt ? '已签到' : signupStatusLabel[s.status]}</Text>
          </View>
        ))}
        <Button className='big-button big-button--ghost activity__cancel' onClick={exportCsv}>
          导出 CSV
        </Button>
      </View>
    </View>
  );
}
