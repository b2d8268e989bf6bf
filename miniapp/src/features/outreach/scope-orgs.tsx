import { Picker, View } from '@tarojs/components';
import type { Org } from '@shared/schemas/org';
import { api } from '../../lib/api';
import { useRequest } from '../../lib/use-request';
import { ActionError } from '../../components/field-error';

/**
 * The orgs a staff member picks from for an event's host or a report: the org they act for, then
 * its direct children (the first page the scope answer holds). Deeper orgs report through these:
 * a report of an org covers its whole subtree.
 */
function useScopeOrgs() {
  return useRequest(async (): Promise<Pick<Org, 'id' | 'name'>[]> => {
    const { actingOrg, tree } = await api.getStaffScope();
    const children = tree.roots.flatMap((root) => root.children).filter((c) => c.id !== actingOrg.id);
    return [{ id: actingOrg.id, name: actingOrg.name }, ...children.map((c) => ({ id: c.id, name: c.name }))];
  }, []);
}

/** One org of the scope, picked from a list (the value starts as the acting org). */
export function ScopeOrgPicker({ value, onChange, name }: { value: string; onChange: (orgId: string) => void; name: string }) {
  const orgs = useScopeOrgs();
  if (orgs.error) return <ActionError message={`没能读取可选的组织：${orgs.error.message}`} />;
  const list = orgs.data ?? [];
  const index = list.findIndex((o) => o.id === value);
  return (
    <Picker
      mode="selector"
      name={name}
      range={list.map((o) => o.name)}
      value={Math.max(0, index)}
      onChange={(e) => {
        const org = list[Number(e.detail.value)];
        if (org) onChange(org.id);
      }}
    >
      <View className="join__input event-form__picked">{index >= 0 ? `${list[index]!.name} ▾` : '正在加载组织…'}</View>
    </Picker>
  );
}
