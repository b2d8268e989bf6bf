import { useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import { Button, Text, View } from '@tarojs/components';
import { WorkerReportType, reportTypeLabel } from '@shared/schemas/feedback';
import { api } from '../../lib/api';
import { newRequestId } from '../../lib/request-id';
import { useAction } from '../../lib/use-action';
import { ASKS, askSubscriptions, prepareSubscriptions } from '../../lib/subscribe';
import { ActionError } from '../../components/field-error';

/** 反映问题: pick what is wrong in one tap; it goes to the staff of the station's union. */
export function ReportProblem({ stationId }: { stationId: string }) {
  const [type, setType] = useState<z.infer<typeof WorkerReportType> | null>(null);
  const [sent, setSent] = useState(false);
  const { busy, problemOf, run } = useAction();
  const requestId = useRef(newRequestId());

  useEffect(prepareSubscriptions, []);

  const send = () => {
    if (!type) return;
    // WeChat's 处理结果 subscription: asked here, before any await, or WeChat shows no dialog
    if (busy === null) askSubscriptions(ASKS.report);
    return run('send', async () => {
      await api.reportStationProblem({ params: { stationId }, body: { type, clientRequestId: requestId.current } });
      setSent(true);
    });
  };

  if (sent) {
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
        {WorkerReportType.options.map((t) => (
          <View key={t} className={type === t ? 'report-type report-type--on' : 'report-type'} onClick={() => setType(t)}>
            <Text>{reportTypeLabel[t]}</Text>
          </View>
        ))}
      </View>
      {/* visibly disabled (grey, app.css), and saying why in a readable label, until a problem is picked */}
      <Button className="big-button big-button--ghost" disabled={!type || busy !== null} onClick={send}>
        {busy ? '正在提交…' : type ? `提交：${reportTypeLabel[type]}` : '请先选择问题'}
      </Button>
      <ActionError message={problemOf('send')} />
    </View>
  );
}
