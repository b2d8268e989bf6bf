import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { roleLabel, type Session } from '@shared/schemas/session';
import { signOut } from '../../lib/session-store';
import './me-card.css';

/** 我的: who is signed in, the worker's own sections (children), and the staff workbench for staff and admins. */
export function MeCard({ session, children }: { session: Session; children?: ReactNode }) {
  const { me } = session;
  const isStaff = me.role === 'staff' || me.role === 'admin';
  return (
    <View>
      <View className="page-header me-card">
        <View className="me-card__avatar">
          <Text>{Array.from(me.displayName)[0] ?? '工'}</Text>
        </View>
        <View>
          <Text className="page-header__title">{me.displayName}</Text>
          <Text className="page-header__sub">{roleLabel[me.role]}</Text>
        </View>
      </View>
      {children}
      {isStaff ? (
        <View className="card">
          <Text className="card__title">工作台</Text>
          <Text className="muted">查看您负责的工会组织范围</Text>
          <Button className="big-button me-card__action" onClick={() => Taro.navigateTo({ url: '/staff/pages/scope/index' })}>
            进入工作台
          </Button>
          <Button
            className="big-button big-button--ghost me-card__action"
            onClick={() => Taro.navigateTo({ url: '/staff/pages/join-codes/index' })}
          >
            扫码入会 · 二维码与统计
          </Button>
          <Button
            className="big-button big-button--ghost me-card__action"
            onClick={() => Taro.navigateTo({ url: '/staff/pages/members/index' })}
          >
            入会审核
          </Button>
          <Button
            className="big-button big-button--ghost me-card__action"
            onClick={() => Taro.navigateTo({ url: '/staff/pages/activities/index' })}
          >
            活动报名与签到
          </Button>
          <Button
            className="big-button big-button--ghost me-card__action"
            onClick={() => Taro.navigateTo({ url: '/staff/pages/reports/index' })}
          >
            驿站问题待办
          </Button>
        </View>
      ) : null}
      {process.env.TARO_ENV === 'h5' ? (
        <View className="card">
          <Button className="big-button big-button--ghost" onClick={signOut}>
            切换演示身份
          </Button>
        </View>
      ) : null}
    </View>
  );
}
