import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { invitationFromLaunch, StaffName, type InvitationPreview } from '@shared/schemas/invitation';
import { roleLabel } from '@shared/schemas/session';
import { beijingDisplay } from '@shared/beijing-time';
import { saveSession } from '../../lib/session-store';
import { api } from '../../lib/api';
import { useAction } from '../../lib/use-action';
import { useFieldErrors } from '../../lib/use-field-errors';
import { useRequest } from '../../lib/use-request';
import { FieldError } from '../../components/field-error';
import { ErrorState, Loading } from '../../components/states';
import './invitations.css';

const WORKBENCH = '/staff/pages/scope/index';

const unusable: Record<Exclude<InvitationPreview['state'], 'valid' | 'accepted'>, string> = {
  used: '这个邀请已经被使用过了，请向邀请人重新索取',
  expired: '邀请已过期，请向邀请人重新索取',
  revoked: '邀请已被撤回，请向邀请人重新索取',
};

/**
 * The page an invitation QR or link opens: who invites the person, to which union and as what, until
 * when; their name (WeChat gives none: staff lists and the audit log show it, masked), one button,
 * then the staff workbench with the new session. Opened again by the person who accepted: 进入工作台.
 */
export function AcceptInvite({ params }: { params: Record<string, string | undefined> }) {
  const invitation = invitationFromLaunch(params);
  if (!invitation) return <ErrorState title="邀请链接不完整" message="请重新扫描邀请人给您的二维码" />;
  return <AcceptValid id={invitation.id} secret={invitation.secret} />;
}

function AcceptValid({ id, secret }: { id: string; secret: string }) {
  const preview = useRequest(() => api.previewInvitation({ params: { invitationId: id }, body: { token: secret } }), [id, secret]);
  const [name, setName] = useState('');
  const fields = useFieldErrors((key) => key === 'name');
  const { run, busy, problemOf } = useAction(fields);
  const [done, setDone] = useState(false);
  if (preview.error) return <ErrorState message={preview.error.message} onRetry={preview.reload} />;
  if (!preview.data) return <Loading />;
  const { orgName, role, inviterName, expiresAt, state } = preview.data;
  const roleName = role === 'admin' ? '管理员' : '工作人员';

  const accept = () =>
    run('accept', async () => {
      const checked = StaffName.safeParse(name);
      if (!checked.success) return fields.show({ name: checked.error.issues.map((i) => i.message) });
      const session = await api.acceptInvitation({ params: { invitationId: id }, body: { token: secret, name: checked.data } });
      saveSession(session);
      setDone(true);
      void Taro.showToast({ title: `已成为${roleLabel[session.me.role]}`, icon: 'success' });
      setTimeout(() => void Taro.redirectTo({ url: WORKBENCH }), 1200);
    });

  if (state === 'accepted') {
    return (
      <View className="invite">
        <Text className="invite__title">您已接受这个邀请</Text>
        <Text className="invite__hint">{`您是 ${orgName} 的${roleName}。`}</Text>
        <Button className="big-button invite__submit" onClick={() => void Taro.redirectTo({ url: WORKBENCH })}>
          进入工作台
        </Button>
      </View>
    );
  }

  if (state !== 'valid') {
    // no offer above the reason: it would read as still open
    return (
      <View className="invite">
        <Text className="invite__title">{`${orgName} 的${roleName}邀请`}</Text>
        <View className="invite__problem" role="alert">
          <Text>{unusable[state]}</Text>
        </View>
        <Text className="invite__hint">{`邀请人：${inviterName}`}</Text>
      </View>
    );
  }

  return (
    <View className={`invite ${fields.scope}`}>
      <Text className="invite__title">{`${orgName} 邀请您成为${roleName}`}</Text>
      <Text className="invite__hint">{`邀请人：${inviterName}`}</Text>
      <Text className="invite__hint">{`有效期至 ${beijingDisplay(expiresAt)}，仅可使用一次`}</Text>
      <Text className="invite__hint">{`接受后，您将以${roleName}身份管理 ${orgName} 及其下级组织。`}</Text>
      <View>
        <Text className="join__label">姓名</Text>
        <Input
          className="join__input"
          name="name"
          aria-label="姓名"
          value={name}
          placeholder="您的真实姓名，工作人员名单里显示"
          maxlength={20}
          onInput={(e) => (setName(e.detail.value), fields.clear('name'))}
        />
        <FieldError messages={fields.errors.name} />
      </View>
      <Button className="big-button invite__submit" disabled={busy !== null || done} onClick={accept}>
        {done ? '已接受' : busy === 'accept' ? '正在接受…' : '接受邀请'}
      </Button>
      {problemOf('accept') ? <Text className="invite__problem">{problemOf('accept')}</Text> : null}
    </View>
  );
}
