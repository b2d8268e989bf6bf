import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { roleLabel } from '@shared/schemas/session';
import type { StaffMember } from '@shared/schemas/invitation';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useRequest } from '../../lib/use-request';
import { EmptyState, ErrorState, Loading } from '../../components/states';
import './invitations.css';

/** 本组织工作人员: names masked, a page at a time, 撤销 for everyone but oneself (refused on their next request). */
export function OrgStaff({ orgId, myId }: { orgId: string; myId: string }) {
  const first = useRequest(() => api.listOrgStaff({ params: { orgId }, query: {} }), [orgId]);
  const [more, setMore] = useState<{ staff: StaffMember[]; nextCursor?: string } | null>(null);
  const [revoked, setRevoked] = useState<Set<string>>(new Set());
  const { run, busy, problemOf } = useAction();
  if (first.error) return <ErrorState message={first.error.message} onRetry={first.reload} />;
  if (!first.data) return <Loading />;
  const staff = [...first.data.staff, ...(more?.staff ?? [])].filter((s) => !revoked.has(s.id));
  const nextCursor = more ? more.nextCursor : first.data.nextCursor;

  const loadMore = () =>
    run('more', async () => {
      const page = await api.listOrgStaff({ params: { orgId }, query: { cursor: nextCursor } });
      setMore({ staff: [...(more?.staff ?? []), ...page.staff], nextCursor: page.nextCursor });
    });
  const revoke = async (person: StaffMember) => {
    const { confirm } = await Taro.showModal({
      title: '撤销工作人员身份',
      content: `撤销后 ${person.displayName} 将立即失去工作人员权限。`,
      confirmText: '撤销',
      confirmColor: '#c8102e',
    });
    if (!confirm) return;
    await run(person.id, async () => {
      await api.revokeStaff({ params: { userId: person.id } });
      setRevoked(new Set([...revoked, person.id]));
      void Taro.showToast({ title: '已撤销', icon: 'success' });
    });
  };

  return (
    <View className="org-staff">
      <Text className="invite__title">本组织工作人员</Text>
      {staff.length === 0 ? <EmptyState title="还没有工作人员" hint="用上面的邀请二维码邀请" /> : null}
      {staff.map((person) => (
        <View key={person.id} className="org-staff__row">
          <Text className="org-staff__name">{`${person.displayName} · ${roleLabel[person.role]}`}</Text>
          {person.id === myId ? (
            <Text className="invite__hint">（我）</Text>
          ) : (
            <Button className="big-button big-button--ghost org-staff__revoke" disabled={busy !== null} onClick={() => void revoke(person)}>
              撤销
            </Button>
          )}
          {problemOf(person.id) ? <Text className="invite__problem">{problemOf(person.id)}</Text> : null}
        </View>
      ))}
      {nextCursor ? (
        <Button className="big-button big-button--ghost" disabled={busy !== null} onClick={loadMore}>
          加载更多
        </Button>
      ) : null}
    </View>
  );
}
