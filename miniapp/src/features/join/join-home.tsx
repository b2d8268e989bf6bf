import { useState, type ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { api } from '../../lib/api';
import { useRequest } from '../../lib/use-request';
import { ErrorState, Loading } from '../../components/states';
import { UsableOffline } from '../../components/usable-offline';
import { unreachable } from '../../lib/use-cached-request';
import { MembershipCard } from './membership-card';
import { tokenFromText } from './launch-token';
import './join.css';
import { ActionError } from '../../components/field-error';

/**
 * 入会 tab: members see their card; others scan (weapp) or type (H5) the code from the stall.
 * `children` (the org directory) follow once this loaded: when it cannot, the tab shows one error
 * with 重试, and without a network what the phone still shows (the saved member card, 我的报名).
 */
export function JoinHome({ children }: { children?: ReactNode }) {
  const { data, error, loading, reload } = useRequest(() => api.getMyMembership(), []);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const open = (raw: string) => {
    const token = tokenFromText(raw);
    if (!token) return setProblem('这不是工会的入会码，请扫描工作人员出示的二维码');
    Taro.navigateTo({ url: `/pages/join-form/index?token=${token}` });
  };
  const scan = async () => {
    setProblem(null);
    try {
      const reply = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] });
      // a mini-program code gives `path` with scene; a plain QR gives `result`
      open(reply.path ? decodeURIComponent(reply.path.split('scene=')[1] ?? '') : reply.result);
    } catch {
      /* the worker closed the scanner */
    }
  };

  if (error)
    return (
      <>
        <ErrorState message={error.message} onRetry={reload} />
        {unreachable(error) ? <UsableOffline /> : null}
      </>
    );
  if (loading && !data) return <Loading />;
  if (data?.membership)
    return (
      <>
        <MembershipCard membership={data.membership} />
        {children}
      </>
    );
  return (
    <>
      <View className="card">
        <Text className="card__title">在工会活动现场扫码，一分钟入会</Text>
        <Text className="muted">提交后立即获得电子会员卡，不需要身份证号。</Text>
        {process.env.TARO_ENV === 'weapp' ? (
          <Button className="big-button join__submit" onClick={scan}>
            扫一扫
          </Button>
        ) : (
          <View>
            <Input
              className="join__input"
              style={{ marginTop: '24px' }}
              name="join-code"
              value={text}
              placeholder="输入入会码或链接"
              onInput={(e) => setText(e.detail.value)}
            />
            <Button className="big-button join__submit" onClick={() => open(text)}>
              去入会
            </Button>
          </View>
        )}
        <ActionError message={problem} />
      </View>
      {children}
    </>
  );
}
