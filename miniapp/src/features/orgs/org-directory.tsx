import { Text, View } from '@tarojs/components';
import { ErrorState, Loading } from '../../components/states';
import { OrgTreeView } from './org-tree-view';
import { OrgSearch } from './org-search';
import { useOrgTree } from './use-org-tree';

/** The union orgs, a level at a time from the API, with a name search. */
export function OrgDirectory() {
  const { data, error, loading, reload } = useOrgTree();
  if (error) return <ErrorState message={error.message} onRetry={reload} />;
  if (loading && !data) return <Loading text="正在加载工会组织…" />;
  const districts = data!.roots.flatMap((root) => (root.level === 'city' ? root.children.filter((c) => c.level === 'district') : []));
  return (
    <View className="card" style={{ padding: 0, overflow: 'hidden' }}>
      <View style={{ padding: '32px 32px 16px' }}>
        <Text className="card__title">工会组织</Text>
        <Text className="muted">点击展开下级，或按名称查找</Text>
      </View>
      <OrgSearch districts={districts}>
        <OrgTreeView roots={data!.roots} rootCursor={data!.childrenCursor} />
      </OrgSearch>
    </View>
  );
}
