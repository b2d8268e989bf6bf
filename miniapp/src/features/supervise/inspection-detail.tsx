import Taro from '@tarojs/taro';
import { Image, Text, View } from '@tarojs/components';
import { beijingDisplay } from '@shared/beijing-time';
import { formatDistance } from '@shared/geo';
import { inspectionItemLabel, type EvidencePhoto, type Inspection } from '@shared/schemas/network';
import { api } from '../../lib/api';
import { useRequest } from '../../lib/use-request';
import { useRefreshOnShow } from '../../lib/use-refresh-on-show';
import { ErrorState, Loading } from '../../components/states';
import './supervise.css';

const resultLabel = { pass: '合格', fail: '不合格', na: '不适用' } as const;

/** Thumbnails; a tap opens the full photos of the same row, to swipe between. */
export function EvidenceThumbs({ photos }: { photos: EvidencePhoto[] }) {
  if (photos.length === 0) return null;
  const urls = photos.map((p) => p.url);
  return (
    <View className="evidence__grid">
      {photos.map((photo) => (
        <Image
          key={photo.id}
          className="evidence__image evidence__thumb"
          src={photo.thumbUrl}
          mode="aspectFill"
          onClick={() => Taro.previewImage({ urls, current: photo.url })}
        />
      ))}
    </View>
  );
}

type Item = Inspection['items'][number];

/** A failed item's task in the station union's queue: 待整改 until staff resolve it, then what they did. */
function TaskStatus({ task }: { task: NonNullable<Item['task']> }) {
  if (task.status === 'open')
    return (
      <View className="task task--open">
        <Text className="task__status">待整改</Text>
        <Text className="task__text">已交给驿站所属工会处理，处理后会通知您</Text>
      </View>
    );
  return (
    <View className="task task--resolved">
      <Text className="task__status">已整改{task.resolvedAt ? ` · ${beijingDisplay(task.resolvedAt)}` : ''}</Text>
      {task.resolutionNote ? <Text className="task__text">{task.resolutionNote}</Text> : null}
      <EvidenceThumbs photos={task.photos} />
    </View>
  );
}

/** 检查详情: the score, each item as judged with its note and photos, and each failed item's task. */
export function InspectionDetail({ inspectionId }: { inspectionId: string }) {
  const { data, error, reload } = useRequest(() => api.getInspection({ params: { inspectionId } }), [inspectionId]);
  // a task resolved while this was open in the background
  useRefreshOnShow(reload);
  if (error && !data) return <ErrorState message={error.message} onRetry={reload} />;
  if (!data) return <Loading />;
  const open = data.items.filter((i) => i.task?.status === 'open').length;
  return (
    <View className="page">
      <View className="page-header">
        <Text className="page-header__title">{data.stationName}</Text>
        <Text className="page-header__sub">
          {beijingDisplay(data.submittedAt)} · {data.supervisorName} 检查
        </Text>
      </View>
      <View className="card inspection-score">
        <View className="inspection-score__head">
          <Text className="inspection-score__value">{data.score}</Text>
          <Text className="inspection-score__unit">分</Text>
        </View>
        <Text className="muted">
          {data.failed > 0 ? `${data.failed} 项不合格${open > 0 ? `，${open} 项待整改` : '，已全部整改'}` : '全部合格'} · 距驿站{' '}
          {formatDistance(data.distanceMeters)}提交
        </Text>
      </View>
      <View className="card">
        <Text className="card__title">检查项目</Text>
        {data.items.map((it) => (
          <View key={it.item} className="inspection-item" data-item={it.item}>
            <View className="inspection-item__head">
              <Text className="inspection-item__label">{inspectionItemLabel[it.item]}</Text>
              <Text className={`result result--${it.result}`}>{resultLabel[it.result]}</Text>
            </View>
            {it.note ? <Text className="inspection-item__note">{it.note}</Text> : null}
            <EvidenceThumbs photos={it.photos} />
            {it.task ? <TaskStatus task={it.task} /> : null}
          </View>
        ))}
      </View>
    </View>
  );
}
