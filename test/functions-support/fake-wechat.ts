// The fake WeChat lives with the local tooling (npm start runs it too): scripts/lib/fake-wechat.ts.
export { FAKE_SESSION_KEY, handedOut, startFakeWechat } from '../../scripts/lib/fake-wechat';
export type { FakeWechat, FakeWechatCall } from '../../scripts/lib/fake-wechat';
export type { SubscribeSend } from '../../scripts/lib/fake-wechat-subscribe';
