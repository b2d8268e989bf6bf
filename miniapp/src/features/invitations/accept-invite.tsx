import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { invitationFromLaunch } from '@shared/schemas/invitation';
import { roleLabel } from '@shared/schemas/session';
import { saveSession } from '../../lib/session-store';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { ErrorState } from '../../components/states';
import './invitations.css';

/** The page an invitation QR or link opens: one button, then the staff workbench with the new session. */
export function AcceptInvite({ params }: { params: Record<string, string | undefined> }) {
  const invitation = invitationFromLaunch(params);
  const { run, busy, problemOf } = useAction();
  const [done, setDone] = useState(false);
  if (!invitation) return <ErrorState title="邀请链接不完整" message="请重新扫描邀请人给您的二维码" />;

  const accept = () =>
    run('accept', async () => {
      const session = await api.acceptInvitation({ params: { invitationId: invitation.id }, body: { token: invitation.secret } });
      saveSession(session);
      setDone(true);
      void Taro.showToast({ title: `已成为${roleLabel[session.me.role]}`, icon: 'success' });
      setTimeout(() => void Taro.redirectTo({ url: '/staff/pages/scope/index' }), 1200);
    });

  return (
    <View className="invite">
      <Text className="invite__title">工会工作人员邀请</Text>
      <Text className="invite__hint">接受后，您将以工作人员身份管理邀请人指定的工会组织。</Text>
      <Button className="big-button invite__submit" disabled={busy !== null || done} onClick={accept}>
        {done ? '已接受' : busy === 'accept' ? '正在接受…' : '接受邀请'}
      </Button>
      {problemOf('accept') ? <Text className="invite__problem">{problemOf('accept')}</Text> : null}
    </View>
  );
}
