import Taro from '@tarojs/taro';
import { useEffect, useState, type ReactNode } from 'react';
import { Button, Text, View } from '@tarojs/components';
import type { Session } from '@shared/schemas/session';
import { onStaffOnly } from '../../lib/session-store';
import { SessionGate } from './session-gate';

/**
 * Wraps every staff page (but 接受邀请, which workers open): signs in as SessionGate does, then shows
 * the page only to staff and admins. A worker (a revoked staff member signed in again, or anyone
 * opening a staff link) gets one clear page with a way back to 我的, never the page's buttons over a
 * 重试 that cannot succeed; so does any session a staff route refuses with 403 staff_only.
 */
export function StaffGate({ children }: { children: (session: Session) => ReactNode }) {
  return (
    <SessionGate>
      {(session) => (session.me.role === 'worker' ? <StaffOnly /> : <Refusable key={session.token} session={session} render={children} />)}
    </SessionGate>
  );
}

function Refusable({ session, render }: { session: Session; render: (session: Session) => ReactNode }) {
  const [refused, setRefused] = useState(false);
  useEffect(() => onStaffOnly(() => setRefused(true)), []);
  return refused ? <StaffOnly /> : <>{render(session)}</>;
}

export function StaffOnly() {
  return (
    <View className="state" role="alert">
      <Text className="state__icon">!</Text>
      <Text className="state__title">此页面仅限工会工作人员使用</Text>
      <Text className="state__text">您的工作人员身份可能已被取消；如有疑问请联系上级工会。</Text>
      <Button className="big-button" onClick={() => void Taro.switchTab({ url: '/pages/me/index' })}>
        返回「我的」
      </Button>
    </View>
  );
}
