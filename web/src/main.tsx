import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './app/Root.js';
import { i18nReady } from './i18n/index.js';

// the first screen needs its words (a failed download still renders: keys instead of words)
await i18nReady.catch(() => undefined);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
