import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { ACCOUNT_DELETE_CONFIRMATION } from '@shared/schemas/account';
import { ActionError } from '../../components/field-error';
import { api } from '../../lib/api';
import { signOutAndForget } from '../../lib/sign-out';
import { useAction } from '../../lib/use-action';

const ME_TAB_URL = '/pages/me/index';
const RED = '#c8102e';

/**
 * 注销账号: says what happens, asks twice with red confirms, then deletes on the server; only when
 * the server answered does the phone forget the person (session, offline card and tickets).
 */
export function DeleteAccount() {
  const { busy, problemOf, run } = useAction();

  const remove = async () => {
    const first = await Taro.showModal({
      title: '注销账号',
      content: '注销后，您的姓名、手机号、工作单位和微信身份将被立即删除或匿名化，会籍关闭，报名和消息不再与您关联，此操作不能撤销。',
      confirmText: '继续注销',
      confirmColor: RED,
    });
    if (!first.confirm) return;
    const second = await Taro.showModal({
      title: '再次确认',
      content: '确定要注销账号吗？注销后会员卡立即失效，再次使用需要重新入会。',
      confirmText: '确认注销',
      confirmColor: RED,
    });
    if (!second.confirm) return;
    const done = await run('delete', () => api.deleteMyAccount({ body: { confirm: ACCOUNT_DELETE_CONFIRMATION } }));
    if (!done) return;
    // the phone forgets the person (session, offline card and tickets); the sign-in shows again
    signOutAndForget();
    void Taro.showToast({ title: '账号已注销', icon: 'success' });
    void Taro.switchTab({ url: ME_TAB_URL });
  };

  return (
    <View>
      <Text className="muted">
        注销后，姓名、手机号、工作单位和微信身份立即删除或匿名化，会籍关闭，您所属工会会收到通知；工会统计的入会和报名人数不变，但不再能看出是您。
      </Text>
      <Button
        className="big-button big-button--ghost privacy__action privacy__danger privacy__delete"
        disabled={busy !== null}
        onClick={remove}
      >
        {busy === 'delete' ? '正在注销…' : '注销账号'}
      </Button>
      <ActionError message={problemOf('delete')} />
    </View>
  );
}
