import type { PropsWithChildren } from 'react';
import '@shared/zod-locale';
import './app.css';

function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
