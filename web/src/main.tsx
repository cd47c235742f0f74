import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Ant Design's styles as one static, cacheable file: the theme runs with zeroRuntime (web/src/app/Root.tsx), so no
// component computes and injects its CSS when it first renders (seconds of a phone's main thread otherwise)
import 'antd/dist/antd.css';
import { Root } from './app/Root.js';
import { i18nReady } from './i18n/index.js';

// the first screen needs its words (a failed download still renders: keys instead of words)
await i18nReady.catch(() => undefined);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
