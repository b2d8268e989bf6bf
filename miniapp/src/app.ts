import type { PropsWithChildren } from 'react';
import { useDidShow } from '@tarojs/taro';
import '@shared/zod-locale';
import './app.css';
import { watchWechatPrivacyRequests } from './lib/privacy-consent';
import { onSessionChange } from './lib/session-store';
import { refreshUnreadBadgeOnSessionChange, refreshUnreadBadgeSoon } from './features/messages/unread-badge';
import { doorFromUrl } from './features/stations/door-launch';

// H5: a join QR opens <origin>/j/<token>; the hash router needs it as a page route.
if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') {
  const match = /^\/j\/([A-Za-z0-9_-]{20,32})\/?$/.exec(window.location.pathname);
  if (match) window.location.replace(`/#/pages/join-form/index?token=${match[1]}`);
  // a station's door poster opens <origin>/d/<stationId>/<token>: the station page, which counts the visit
  const door = doorFromUrl(window.location.pathname);
  if (door) window.location.replace(`/#/pages/station/index?id=${door.stationId}&door=${door.door}`);
}

// weapp: WeChat asks before a privacy API (location, phone number) runs without its own record of consent
watchWechatPrivacyRequests();

// the 我的 tab's unread badge as soon as someone signs in (not again when their session is only
// updated, e.g. by the privacy consent's sync); none once they are signed out
onSessionChange(refreshUnreadBadgeOnSessionChange);

function App({ children }: PropsWithChildren) {
  // launch and every return to the foreground (at most once every 30 s)
  useDidShow(() => refreshUnreadBadgeSoon());
  return children;
}

export default App;
