import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Image, Text, View } from '@tarojs/components';
import type { Session } from '@shared/schemas/session';
import { INVITATION_DEFAULT_DAYS, type StaffRole } from '@shared/schemas/invitation';
import type { z } from 'zod';
import type { CreatedInvitation } from '@shared/schemas/invitation';
import { beijingDisplay } from '@shared/beijing-time';
import { Choices } from '../../components/choices';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import './invitations.css';

/**
 * 邀请工作人员: the role (admin only for admins: nobody grants more than they hold), how long the
 * invitation lasts, then its QR and link to show or send. Single use: one invitation per person.
 */
export function InviteStaff({ session, org }: { session: Session; org?: { id: string; name: string } }) {
  const { me } = session;
  const [role, setRole] = useState<StaffRole>('staff');
  const [days, setDays] = useState<number>(INVITATION_DEFAULT_DAYS);
  const [created, setCreated] = useState<z.infer<typeof CreatedInvitation> | null>(null);
  const { run, busy, problemOf } = useAction();
  // an org picked in 组织管理 (the server checks it lies in the inviter's subtree), else their own
  const orgId = org?.id ?? me.actingOrgId;
  if (!orgId) return <Text className="invite__problem">您的账号还没有绑定工会组织，请联系上级工会</Text>;

  const create = () =>
    run('create', async () => {
      setCreated(await api.createInvitation({ body: { role, orgId, days } }));
    });

  if (created) {
    const { invitation, url, dataUrl } = created;
    return (
      <View className="invite">
        <Text className="invite__title">{`邀请 ${invitation.role === 'admin' ? '管理员' : '工作人员'} · ${invitation.orgName}`}</Text>
        <Image className="invite__qr" src={dataUrl} data-url={url} />
        <Text className="invite__hint">{`请对方用微信扫码接受。单次有效，有效期至 ${beijingDisplay(invitation.expiresAt)}。`}</Text>
        <Text className="invite__url" selectable>
          {url}
        </Text>
        <Button className="big-button big-button--ghost" onClick={() => void Taro.setClipboardData({ data: url })}>
          复制链接
        </Button>
        <Button
          className="big-button big-button--ghost"
          disabled={busy !== null}
          onClick={() =>
            void run('withdraw', async () => {
              await api.revokeInvitation({ params: { invitationId: invitation.id } });
              setCreated(null);
              void Taro.showToast({ title: '邀请已撤回', icon: 'success' });
            })
          }
        >
          撤回这个邀请
        </Button>
        {problemOf('withdraw') ? <Text className="invite__problem">{problemOf('withdraw')}</Text> : null}
        <Button className="big-button big-button--ghost" onClick={() => setCreated(null)}>
          再邀请一位
        </Button>
      </View>
    );
  }

  return (
    <View className="invite">
      <Text className="invite__title">{org ? `邀请到：${org.name}` : '邀请到：本组织'}</Text>
      <Text className="invite__hint">要邀请到下级组织，请在「组织管理」里点该组织的「邀请工作人员」。</Text>
      <Text className="invite__label">身份</Text>
      <Choices
        options={[
          { value: 'staff' as const, label: '工作人员' },
          ...(me.role === 'admin' ? [{ value: 'admin' as const, label: '管理员' }] : []),
        ]}
        value={role}
        onChange={(next) => next && setRole(next)}
      />
      <Text className="invite__label">有效期</Text>
      <Choices options={[1, 3, 7].map((d) => ({ value: d, label: `${d} 天` }))} value={days} onChange={(next) => next && setDays(next)} />
      <Button className="big-button invite__submit" disabled={busy !== null} onClick={create}>
        {busy === 'create' ? '正在生成…' : '生成邀请二维码'}
      </Button>
      {problemOf('create') ? <Text className="invite__problem">{problemOf('create')}</Text> : null}
    </View>
  );
}
