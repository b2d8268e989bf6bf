import type { PropsWithChildren } from 'react';
import '@shared/zod-locale';
import './app.css';
import { watchWechatPrivacyRequests } from './lib/privacy-consent';

// H5: a join QR opens <origin>/j/<token>; the hash router needs it as a page route.
if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') {
  const match = /^\/j\/([A-Za-z0-9_-]{20,32})\/?$/.exec(window.location.pathname);
  if (match) window.location.replace(`/#/pages/join-form/index?token=${match[1]}`);
}

// weapp: WeChat asks before a privacy API (location, phone number) runs without its own record of consent
watchWechatPrivacyRequests();

function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
