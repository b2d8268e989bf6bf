import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { LiveStatusKind, liveStatusLabel, type LiveSummary } from '@shared/schemas/live';
import { api } from '../../lib/api';
import { newRequestId } from '../../lib/request-id';
import { useAction } from '../../lib/use-action';
import { ActionError } from '../../components/field-error';

type LiveReport = LiveSummary['reports'][number];

/** 「2 人 30 分钟内反映：门关着」: how many people, since when, what they said. */
export function liveReportText(report: LiveReport): string {
  const when = report.withinMinutes <= 1 ? '刚刚' : ` ${report.withinMinutes} 分钟内`;
  return `${report.people} 人${when}反映：${liveStatusLabel[report.status]}`;
}

/** A standing problem is said in red on a light band; 一切正常 in green, as the latest good news. */
function ReportChip({ report }: { report: LiveReport }) {
  return (
    <Text
      className={report.status === 'ok' ? 'live-report live-report--good' : 'live-report live-report--problem'}
      data-status={report.status}
    >
      {liveReportText(report)}
    </Text>
  );
}

/**
 * 现在情况 on a station's page: today's visits, what people said in the last two hours (problems
 * still standing first, then any 一切正常), and four big buttons to say what one sees. The card takes
 * the server's answer to a tap as it is (the reports as they now stand).
 */
export function LiveStatusCard({
  stationId,
  live,
  onAnswer,
}: {
  stationId: string;
  live: LiveSummary;
  onAnswer: (live: LiveSummary) => void;
}) {
  const { busy, problemOf, run } = useAction();
  const problems = live.reports.filter((r) => r.status !== 'ok');
  const good = live.reports.find((r) => r.status === 'ok');

  const tap = (status: LiveStatusKind) =>
    run('tap', async () => {
      // one id per tap: a retry of the same tap counts once, a later tap is a new report
      const summary = await api.reportLiveStatus({ params: { stationId }, body: { status, clientRequestId: newRequestId() } });
      onAnswer(summary);
      void Taro.showToast({ title: '谢谢反映', icon: 'success' });
    });

  return (
    <View className="card live-card">
      <View className="live-card__head">
        <Text className="card__title live-card__title">现在情况</Text>
        <Text className="live-card__visits">今天 {live.todayVisits} 人次</Text>
      </View>
      {problems.length === 0 && !good ? <Text className="muted live-card__quiet">最近两小时没有人反映问题</Text> : null}
      <View className="live-card__reports">
        {problems.map((r) => (
          <ReportChip key={r.status} report={r} />
        ))}
        {good ? <ReportChip report={good} /> : null}
      </View>
      <Text className="live-card__ask">您在驿站看到的情况，点一下告诉大家：</Text>
      <View className="live-taps">
        {LiveStatusKind.options.map((status) => (
          <Button
            key={status}
            className={`live-tap live-tap--${status === 'ok' ? 'good' : 'problem'}`}
            disabled={busy !== null}
            onClick={() => tap(status)}
          >
            {liveStatusLabel[status]}
          </Button>
        ))}
      </View>
      <ActionError message={problemOf('tap')} />
    </View>
  );
}

/** A nearby row's line: 今天 N 人次 and the most recent standing report, when there is either. */
export function LiveLine({ live }: { live?: LiveSummary }) {
  const latest = live?.reports[0];
  if (!live || (live.todayVisits === 0 && !latest)) return null;
  return (
    <View className="live-line">
      {live.todayVisits > 0 ? <Text className="live-line__visits">今天 {live.todayVisits} 人次</Text> : null}
      {latest ? <ReportChip report={latest} /> : null}
    </View>
  );
}
