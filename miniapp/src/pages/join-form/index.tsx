import { useRouter } from '@tarojs/taro';
import { SessionGate } from '../../features/auth/session-gate';
import { JoinFormScreen, ReapplyScreen } from '../../features/join/join-form';
import { tokenFromLaunch } from '../../features/join/launch-token';
import { ErrorState } from '../../components/states';

/**
 * The one join page, whether opened from a plain-link QR (q), a mini-program code (scene), 扫一扫 or
 * a URL; with `reapply=1`, a returned member's 修改后重新提交 (no code needed).
 */
export default function JoinFormPage() {
  const { params } = useRouter();
  const token = tokenFromLaunch(params);
  return (
    <SessionGate>
      {() =>
        params.reapply === '1' ? (
          <ReapplyScreen />
        ) : token ? (
          <JoinFormScreen token={token} />
        ) : (
          <ErrorState title="无法入会" message="没有读到入会码，请重新扫描工作人员出示的二维码" />
        )
      }
    </SessionGate>
  );
}
