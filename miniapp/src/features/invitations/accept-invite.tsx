import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { invitationFromLaunch, type InvitationPreview } from '@shared/schemas/invitation';
import { roleLabel } from '@shared/schemas/session';
import { beijingDisplay } from '@shared/beijing-time';
import { saveSession } from '../../lib/session-store';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useRequest } from '../../lib/use-request';
import { ErrorState, Loading } from '../../components/states';
import './invitations.css';

const unusable: Record<Exclude<InvitationPreview['state'], 'valid'>, string> = {
  used: '这个邀请已经被使用过了，请向邀请人重新索取',
  expired: '邀请已过期，请向邀请人重新索取',
  revoked: '邀请已被撤销',
};

/**
 * The page an invitation QR or link opens: who invites the person, to which union and as what, until
 * when; one button, then the staff workbench with the new session.
 */
export function AcceptInvite({ params }: { params: Record<string, string | undefined> }) {
  const invitation = invitationFromLaunch(params);
  if (!invitation) return <ErrorState title="邀请链接不完整" message="请重新扫描邀请人给您的二维码" />;
  return <AcceptValid id={invitation.id} secret={invitation.secret} />;
}

function AcceptValid({ id, secret }: { id: string; secret: string }) {
  const preview = useRequest(() => api.previewInvitation({ params: { invitationId: id }, body: { token: secret } }), [id, secret]);
  const { run, busy, problemOf } = useAction();
  const [done, setDone] = useState(false);
  if (preview.error) return <ErrorState message={preview.error.message} onRetry={preview.reload} />;
  if (!preview.data) return <Loading />;
  const { orgName, role, inviterName, expiresAt, state } = preview.data;
  const roleName = role === 'admin' ? '管理员' : '工作人员';

  const accept = () =>
    run('accept', async () => {
      const session = await api.acceptInvitation({ params: { invitationId: id }, body: { token: secret } });
      saveSession(session);
      setDone(true);
      void Taro.showToast({ title: `已成为${roleLabel[session.me.role]}`, icon: 'success' });
      setTimeout(() => void Taro.redirectTo({ url: '/staff/pages/scope/index' }), 1200);
    });

  return (
    <View className="invite">
      <Text className="invite__title">{`${orgName} 邀请您成为${roleName}`}</Text>
      <Text className="invite__hint">{`邀请人：${inviterName}`}</Text>
      <Text className="invite__hint">{`有效期至 ${beijingDisplay(expiresAt)}，仅可使用一次`}</Text>
      <Text className="invite__hint">{`接受后，您将以${roleName}身份管理 ${orgName} 及其下级组织。`}</Text>
      {state === 'valid' ? (
        <Button className="big-button invite__submit" disabled={busy !== null || done} onClick={accept}>
          {done ? '已接受' : busy === 'accept' ? '正在接受…' : '接受邀请'}
        </Button>
      ) : (
        <View className="invite__problem" role="alert">
          <Text>{unusable[state]}</Text>
        </View>
      )}
      {problemOf('accept') ? <Text className="invite__problem">{problemOf('accept')}</Text> : null}
    </View>
  );
}
