import { useState } from 'react';
import { Button, Text, View } from '@tarojs/components';
import { reportTypeLabel, type Report } from '@shared/schemas/feedback';
import { inspectionItemLabel } from '@shared/schemas/network';
import { beijingDisplay } from '@shared/beijing-time';
import { api } from '../../lib/api';
import { usePages } from '../../lib/use-pages';
import { ListFooter } from '../../components/list-footer';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import { ResolveReportForm } from './resolve-report';
import { TaskPhotos } from './task-photos';
import './stations.css';
import './station-network.css';

/** What the card is about: a supervisor's failed item says which of the 七有 / amenity checks failed. */
function titleOf(r: Report): string {
  if (r.source === 'inspection' && r.item) return `检查发现：「${inspectionItemLabel[r.item]}」不合格`;
  return reportTypeLabel[r.type];
}
const sourceLabel: Partial<Record<NonNullable<Report['source']>, string>> = {
  inspection: '监督员检查',
  live: '职工一键反映',
};

/**
 * Staff queue: problem reports for the stations of their org subtree, newest first — workers'
 * reports and the tasks a supervisor's inspection opened (with the item and its photos). 已处理
 * asks what was done and for a photo of it; the resolved list shows both.
 */
export function ReportQueue() {
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const [resolving, setResolving] = useState<string | null>(null);
  const pages = usePages(
    async (cursor) => {
      const page = await api.listStaffReports({ query: cursor ? { status, cursor } : { status } });
      return { items: page.reports, nextCursor: page.nextCursor };
    },
    [status],
  );
  const { items, error, loading, reload } = pages;

  return (
    <View className="page">
      <View className="page-header">
        <Text className="page-header__title">驿站问题待办</Text>
        <Text className="page-header__sub">职工反映和监督员检查发现的问题，处理后点“已处理”</Text>
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
          {r.source && sourceLabel[r.source] ? <Text className="task-source">{sourceLabel[r.source]}</Text> : null}
          <Text className="card__title">{titleOf(r)}</Text>
          <Text className="muted">
            {r.stationName} · {r.source === 'inspection' ? `监督员 ${r.reporterName}` : r.reporterName} · {beijingDisplay(r.createdAt)}
          </Text>
          {r.note ? <Text style={{ display: 'block', marginTop: '12px' }}>{r.note}</Text> : null}
          <TaskPhotos label="检查照片" photos={r.photos} />
          {r.status === 'open' ? (
            resolving === r.id ? (
              <ResolveReportForm
                reportId={r.id}
                onCancel={() => setResolving(null)}
                onResolved={() => {
                  // the card leaves the 待处理 list; the toast said it was the tap that did it
                  setResolving(null);
                  reload();
                }}
              />
            ) : (
              <Button className="big-button" style={{ marginTop: '24px' }} onClick={() => setResolving(r.id)}>
                已处理
              </Button>
            )
          ) : (
            <View>
              <Text className="notice">
                由 {r.resolvedBy} 处理{r.resolvedAt ? `（${beijingDisplay(r.resolvedAt)}）` : ''}
              </Text>
              {r.resolutionNote ? <Text className="muted">处理说明：{r.resolutionNote}</Text> : null}
              <TaskPhotos label="整改照片" photos={r.resolutionPhotos} />
            </View>
          )}
        </View>
      ))}
      <ListFooter pages={pages} />
    </View>
  );
}
