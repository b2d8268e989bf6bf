import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { api } from '../../lib/api';
import { useRequest } from '../../lib/use-request';
import { useRefreshOnShow } from '../../lib/use-refresh-on-show';
import { superviseUrls } from './urls';
import './supervision-link.css';

/**
 * 我监督的驿站 on 我的, only for a worker appointed as a volunteer supervisor: the first page of their
 * stations says whether there is anything to show (nothing at all for everyone else, nor when it
 * could not be read). Read again when 我的 shows again (an inspection done meanwhile).
 */
export function SupervisionLink() {
  const { data, reload } = useRequest(() => api.listMySupervision({ query: {} }), []);
  useRefreshOnShow(reload);
  const stations = data?.stations ?? [];
  if (stations.length === 0) return null;
  const due = stations.filter((s) => s.due).length;
  const hint =
    due > 0
      ? `本季度 ${due}${data?.nextCursor ? '+' : ''} 个驿站待检查`
      : data?.nextCursor
        ? '查看您负责监督的驿站'
        : '本季度都已检查，谢谢您';
  return (
    <View className="card supervision-link" role="link" onClick={() => Taro.navigateTo({ url: superviseUrls.myStations })}>
      <View className="supervision-link__text">
        <Text className="supervision-link__title">我监督的驿站</Text>
        <Text className={due > 0 ? 'supervision-link__due' : 'muted'}>{hint}</Text>
      </View>
      <Text className="supervision-link__arrow" aria-hidden>
        ›
      </Text>
    </View>
  );
}
