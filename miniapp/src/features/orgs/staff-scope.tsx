import { Text, View } from '@tarojs/components';
import { ErrorState, Loading } from '../../components/states';
import { OrgTreeView } from './org-tree-view';
import { OrgSearch } from './org-search';
import { useStaffScope } from './use-org-tree';

/** Staff workbench: the org the staff member acts for and, a level at a time, everything below it. */
export function StaffScope() {
  const { data, error, loading, reload } = useStaffScope();
  if (error) return <ErrorState message={error.message} onRetry={reload} />;
  if (loading && !data) return <Loading />;
  const { actingOrg, tree } = data!;
  // the answer holds the acting org and its first page of direct children only
  const direct = tree.roots.reduce((n, root) => n + root.children.length, 0);
  return (
    <View>
      <View className="page-header">
        <Text className="page-header__title">{actingOrg.name}</Text>
        <Text className="page-header__sub">您可代表本组织及其下级组织开展工作</Text>
      </View>
      <View className="card" style={{ padding: 0, overflow: 'hidden' }}>
        <View style={{ padding: '32px 32px 16px' }}>
          <Text className="muted">{tree.childrenCursor ? `直属下级 ${direct} 个以上` : `直属下级 ${direct} 个`}</Text>
        </View>
        <OrgSearch>
          <OrgTreeView roots={tree.roots} rootCursor={tree.childrenCursor} />
        </OrgSearch>
      </View>
    </View>
  );
}
