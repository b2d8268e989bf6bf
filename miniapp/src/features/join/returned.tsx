import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { beijingDisplay } from '@shared/beijing-time';
import { REAPPLY_URL } from './reapply-url';
import './join.css';

/**
 * A returned (退回) application: why, when, and the way to correct it and send it again. On the
 * membership card (入会 tab, 我的) and on the member card page, where the return's 消息 opens.
 */
export function Returned({ reason, at }: { reason?: string; at?: string }) {
  return (
    <View className="card" data-returned>
      <Text className="card__title">入会申请已退回</Text>
      <Text className="field-error join__reason">退回原因：{reason ?? '未说明'}</Text>
      {at ? <Text className="muted join__returned-at">退回时间 {beijingDisplay(at)}</Text> : null}
      <Text className="muted">按原因修改后可以重新提交，原来填写的信息会自动带出。</Text>
      <Button className="big-button join__submit" onClick={() => Taro.navigateTo({ url: REAPPLY_URL })}>
        修改后重新提交
      </Button>
    </View>
  );
}
