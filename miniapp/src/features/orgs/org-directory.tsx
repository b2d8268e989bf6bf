import { Text, View } from '@tarojs/components';
import { ErrorState, Loading } from '../../components/states';
import { OrgTreeView } from './org-tree-view';
import { useOrgTree } from './use-org-tree';

/** Every union org, loaded from the API, with loading and retry states. */
export function OrgDirectory() {
  const { data, error, loading, reload } = useOrgTree();
  if (error) return <ErrorState message={error.message} onRetry={reload} />;
  if (loading && !data) return <Loading text="正在加载工会组织…" />;
  return (
    <View className="card" style={{ padding: 0, overflow: 'hidden' }}>
      <View style={{ padding: '32px 32px 8px' }}>
        <Text className="card__title">工会组织</Text>
        <Text className="muted">共 {data!.count} 个组织，点击可展开下级</Text>
      </View>
      <OrgTreeView roots={data!.roots} />
    </View>
  );
}
