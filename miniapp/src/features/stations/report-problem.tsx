import { useRef, useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { ReportType, reportTypeLabel } from '@shared/schemas/feedback';
import { api, ApiError } from '../../lib/api';
import { newRequestId } from '../../lib/request-id';

/** 反映问题: pick what is wrong in one tap; it goes to the staff of the station's union. */
export function ReportProblem({ stationId }: { stationId: string }) {
  const [type, setType] = useState<ReportType | null>(null);
  const [state, setState] = useState<'idle' | 'sending' | 'sent'>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  const requestId = useRef(newRequestId());

  const send = async () => {
    if (!type || state === 'sending') return;
    setState('sending');
    setProblem(null);
    try {
      await api.reportStationProblem({ params: { stationId }, body: { type, clientRequestId: requestId.current } });
      setState('sent');
    } catch (e) {
      setProblem(e instanceof ApiError ? e.message : '提交失败，请重试');
      setState('idle');
    }
  };

  if (state === 'sent') {
    return (
      <View className="card">
        <Text className="card__title">反映问题</Text>
        <Text className="notice">已收到，工会工作人员会尽快处理。谢谢您！</Text>
      </View>
    );
  }
  return (
    <View className="card">
      <Text className="card__title">反映问题</Text>
      <View className="report-types">
        {ReportType.options.map((t) => (
          <View key={t} className={type === t ? 'report-type report-type--on' : 'report-type'} onClick={() => setType(t)}>
            <Text>{reportTypeLabel[t]}</Text>
          </View>
        ))}
      </View>
      {problem ? <Text className="field-error">{problem}</Text> : null}
      <Button className="big-button big-button--ghost" disabled={!type || state === 'sending'} onClick={send}>
        {state === 'sending' ? '正在提交…' : '提交'}
      </Button>
    </View>
  );
}
