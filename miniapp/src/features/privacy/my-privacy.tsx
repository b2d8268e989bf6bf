import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { beijingDisplay } from '@shared/beijing-time';
import { genderLabel, membershipStatusLabel, occupationLabel, type Membership } from '@shared/schemas/membership';
import { PRIVACY_GUIDELINE_TITLE } from '@shared/schemas/privacy';
import { roleLabel, type Session } from '@shared/schemas/session';
import { ErrorState, Loading } from '../../components/states';
import { api } from '../../lib/api';
import { forgetPrivacyConsent, markWithdrawalSeen, PRIVACY_PAGE_URL, storedConsent } from '../../lib/privacy-consent';
import { confirmSignOut, signOutAndForget } from '../../lib/sign-out';
import { useAction } from '../../lib/use-action';
import { useRequest } from '../../lib/use-request';
import { CorrectProfile } from './correct-profile';
import { DeleteAccount } from './delete-account';
import { ExportData } from './export-data';
import './privacy.css';

const ME_TAB_URL = '/pages/me/index';

/**
 * 我的 → 个人信息与隐私: what the union holds about me (read from the routes that already serve it),
 * the guideline, and the choices PIPL gives: 导出我的数据, 更正信息 and 注销账号 (each its own card),
 * 撤回同意 and 退出登录.
 */
export function MyPrivacy({ session }: { session: Session }) {
  const membership = useRequest(() => api.getMyMembership(), []);
  const { busy, problemOf, run } = useAction();

  const signOut = async () => {
    if (await confirmSignOut()) void Taro.switchTab({ url: ME_TAB_URL });
  };

  const withdraw = async () => {
    const { confirm } = await Taro.showModal({
      title: '撤回同意',
      content:
        '撤回后，我们停止处理您的个人信息（法律法规要求保存的除外），您将退出登录；再次使用需要重新同意隐私保护指引。已保存的会员信息不会因此删除，如需删除请注销账号。',
      confirmText: '撤回同意',
      confirmColor: '#c8102e',
    });
    if (!confirm) return;
    const done = await run('withdraw', async () => {
      const { consent } = await api.withdrawPrivacyConsent();
      // this phone asks again now: the withdrawal must not make it ask once more after the next 同意
      if (consent.withdrawnAt) markWithdrawalSeen(consent.withdrawnAt);
    });
    if (!done) return;
    forgetPrivacyConsent();
    signOutAndForget();
    void Taro.showToast({ title: '已撤回同意', icon: 'success' });
    void Taro.switchTab({ url: ME_TAB_URL });
  };

  const consent = storedConsent();
  return (
    <View className="page privacy">
      <View className="page-header">
        <Text className="page-header__title">个人信息与隐私</Text>
        <Text className="page-header__sub">我们保存的您的信息，以及您可以做的选择</Text>
      </View>

      <View className="card">
        <Text className="card__title">账号</Text>
        <Row label="身份" value={roleLabel[session.me.role]} />
        <Row label="称呼" value={session.me.displayName} />
        <Row label="微信身份" value="登录用不可还原的摘要；openid 只用于发送您允许的订阅消息" />
        {consent ? <Row label="同意隐私保护指引" value={`${consent.version} 版 · ${beijingDisplay(consent.at)}`} /> : null}
      </View>

      <View className="card">
        <Text className="card__title">会员信息</Text>
        {membership.error ? (
          <ErrorState message={membership.error.message} onRetry={membership.reload} />
        ) : membership.data === undefined ? (
          <Loading />
        ) : membership.data.membership ? (
          <MembershipRows membership={membership.data.membership} />
        ) : (
          <Text className="muted">您还没有入会，我们没有保存您的姓名、手机号等入会信息。</Text>
        )}
      </View>

      <View className="card">
        <Text className="card__title">导出我的数据</Text>
        <ExportData />
      </View>

      {membership.data?.membership ? (
        <View className="card">
          <Text className="card__title">更正信息</Text>
          <Text className="muted">姓名、手机号或工作单位有误，可以在这里更正，会员卡和工会名单随之更新。</Text>
          <CorrectProfile membership={membership.data.membership} onSaved={() => membership.reload()} />
        </View>
      ) : null}

      <View className="card">
        <Text className="card__title">注销账号</Text>
        <DeleteAccount />
      </View>

      <View className="card">
        <View className="privacy__link" role="link" onClick={() => Taro.navigateTo({ url: PRIVACY_PAGE_URL })}>
          <Text>查看{PRIVACY_GUIDELINE_TITLE} ›</Text>
        </View>
        <Button className="big-button big-button--ghost privacy__action privacy__danger" disabled={busy !== null} onClick={withdraw}>
          {busy === 'withdraw' ? '正在撤回…' : '撤回同意'}
        </Button>
        {problemOf('withdraw') ? (
          <View className="privacy__problem" role="alert">
            <Text>{problemOf('withdraw')}</Text>
          </View>
        ) : null}
        <Button className="big-button privacy__action" disabled={busy !== null} onClick={signOut}>
          退出登录
        </Button>
      </View>
    </View>
  );
}

function MembershipRows({ membership: m }: { membership: Membership }) {
  return (
    <>
      <Row label="姓名" value={m.name} />
      <Row label="手机号" value={m.mobile} />
      <Row label="工作单位或平台" value={m.employer} />
      <Row label="职业" value={occupationLabel[m.occupation]} />
      {m.gender ? <Row label="性别" value={genderLabel[m.gender]} /> : null}
      <Row label="所属工会" value={m.orgName} />
      <Row label="会员号" value={m.memberNo} />
      <Row label="会籍状态" value={membershipStatusLabel[m.status]} />
      <Row label="入会时间" value={beijingDisplay(m.joinedAt)} />
    </>
  );
}

function Row({ label, value }: { label: string; value: ReactNode }) {
  return (
    <View className="privacy__row">
      <Text className="privacy__row-label">{label}</Text>
      <Text className="privacy__row-value">{value}</Text>
    </View>
  );
}
