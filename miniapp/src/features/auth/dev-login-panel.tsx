import { Button, Text, View } from '@tarojs/components';
import { useAction } from '../../lib/use-action';
import { signInAsDemo } from './sign-in';
import './dev-login-panel.css';

const identities = [
  { login: 'worker', title: '职工', who: '外卖骑手 王师傅', hint: '找驿站、扫码入会、报名活动' },
  { login: 'staff', title: '工会工作人员', who: '卢沟桥街道 李老师', hint: '审核入会、现场登记、管理驿站' },
  { login: 'admin', title: '工会管理员', who: '丰台区总工会 张主任', hint: '查看全区组织与数据' },
];

/** Local H5 only (no wx.login in a browser): pick a demo identity to sign in as. */
export function DevLoginPanel() {
  // a double tap signs in once
  const { busy, problem: error, run } = useAction();
  const choose = (login: string) => run(login, () => signInAsDemo(login));

  return (
    <View className="page dev-login">
      <View className="page-header">
        <Text className="page-header__title">工会服务 · 本地演示</Text>
        <Text className="page-header__sub">浏览器里没有微信登录，请选择一个演示身份</Text>
      </View>
      {identities.map((id) => (
        <Button
          key={id.login}
          className="dev-login__option"
          data-login={id.login}
          disabled={busy !== null}
          onClick={() => choose(id.login)}
        >
          <Text className="dev-login__title">{busy === id.login ? '正在登录…' : id.title}</Text>
          <Text className="dev-login__who">{id.who}</Text>
          <Text className="dev-login__hint">{id.hint}</Text>
        </Button>
      ))}
      {error ? (
        <View className="dev-login__error" role="alert">
          <Text>{error}</Text>
        </View>
      ) : null}
    </View>
  );
}
