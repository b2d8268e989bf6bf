import { Text, View } from '@tarojs/components';
import { ErrorState, Loading } from '../../components/states';
import { OrgTreeView } from './org-tree-view';
import { useStaffScope } from './use-org-tree';

/** Staff workbench: the org the staff member acts for and everything below it. */
export function StaffScope() {
  const { data, error, loading, reload } = useStaffScope();
  if (error) return <ErrorState message={error.message} onRetry={reload} />;
  if (loading && !data) return <Loading />;
  return (
    <View>
      <View className="page-header">
        <Text className="page-header__title">{data!.actingOrg.name}</Text>
        <Text className="page-header__sub">您可代表本组织及下级 {data!.tree.count - 1} 个组织开展工作</Text>
      </View>
      <View className="card" style={{ padding: 0, overflow: 'hidden' }}>
        <OrgTreeView roots={data!.tree.roots} openDepth={3} />
      </View>
    </View>
  );
}
