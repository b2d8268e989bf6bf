import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { reportTypeLabel } from '@shared/schemas/feedback';
import { beijingDisplay } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { usePages } from '../../lib/use-pages';
import { ListFooter } from '../../components/list-footer';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { ActionError } from '../../components/field-error';
import './stations.css';

/** Staff queue: problem reports for the stations of their org subtree, newest first. */
export function ReportQueue() {
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const pages = usePages(
    async (cursor) => {
      const page = await api.listStaffReports({ query: cursor ? { status, cursor } : { status } });
      return { items: page.reports, nextCursor: page.nextCursor };
    },
    [status],
  );
  const { items, error, loading, reload } = pages;
  const { busy, problemOf, run } = useAction();
  // the card leaves the 待处理 list; the toast says it was the tap that did it
  const resolve = (reportId: string) =>
    run(reportId, async () => {
      await api.resolveReport({ params: { reportId }, body: {} });
      Taro.showToast({ title: '已标记处理', icon: 'success' });
      reload();
    });

  return (
    <View className="page">
      <View className="page-header">
        <Text className="page-header__title">驿站问题待办</Text>
        <Text className="page-header__sub">职工反映的问题，处理后点“已处理”</Text>
      </View>
      <View className="chips">
        {(['open', 'resolved'] as const).map((s) => (
          <View key={s} className={status === s ? 'chip chip--on' : 'chip'} onClick={() => setStatus(s)}>
            <Text>{s === 'open' ? '待处理' : '已处理'}</Text>
          </View>
        ))}
      </View>
      {error ? <ErrorState message={error.message} onRetry={reload} /> : null}
      {loading && !items ? <Loading /> : null}
      {items && items.length === 0 ? <EmptyState title={status === 'open' ? '没有待处理的问题' : '还没有已处理的问题'} /> : null}
      {items?.map((r) => (
        <View key={r.id} className="card" data-report={r.id}>
          <Text className="card__title">{reportTypeLabel[r.type]}</Text>
          <Text className="muted">
            {r.stationName} · {r.reporterName} · {beijingDisplay(r.createdAt)}
          </Text>
          {r.note ? <Text style={{ display: 'block', marginTop: '12px' }}>{r.note}</Text> : null}
          {r.status === 'open' ? (
            <Button className="big-button" style={{ marginTop: '24px' }} disabled={busy === r.id} onClick={() => resolve(r.id)}>
              {busy === r.id ? '正在提交…' : '已处理'}
            </Button>
          ) : (
            <Text className="notice">
              由 {r.resolvedBy} 处理{r.resolvedAt ? `（${beijingDisplay(r.resolvedAt)}）` : ''}
            </Text>
          )}
          <ActionError message={problemOf(r.id)} />
        </View>
      ))}
      <ListFooter pages={pages} />
    </View>
  );
}
