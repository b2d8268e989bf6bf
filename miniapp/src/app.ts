import type { PropsWithChildren } from 'react';
import '@shared/zod-locale';
import './app.css';

// H5: a join QR opens <origin>/j/<token>; the hash router needs it as a page route.
if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') {
  const match = /^\/j\/([A-Za-z0-9_-]{20,32})\/?$/.exec(window.location.pathname);
  if (match) window.location.replace(`/#/pages/join-form/index?token=${match[1]}`);
}

function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
