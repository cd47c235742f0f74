import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import antdStylesheet from 'virtual:antd-base-css';
import { Root } from './app/Root.js';
import { i18nReady } from './i18n/index.js';

/**
 * Ant Design's styles as static, cacheable stylesheets: the theme runs with zeroRuntime (app/Root.tsx), so no
 * component computes and injects its CSS when it first renders (seconds of a phone's main thread otherwise). This one
 * holds the design tokens and the first load's components; each lazy page's components come with its chunk
 * (web/vite-antd-css-split.ts). Linked
 * here rather than in index.html, so it does not hold back the boot screen's first paint; applied before the first render.
 */
const antdStyles = new Promise<void>((resolve) => {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  // not for the screen until it has arrived: a stylesheet for another medium never blocks a paint
  link.media = 'print';
  link.href = antdStylesheet;
  link.onload = () => {
    link.media = 'all';
    resolve();
  };
  link.onerror = () => resolve();
  document.head.appendChild(link);
});

// the first screen needs its words (a failed download still renders: keys instead of words) and its styles
await Promise.all([i18nReady.catch(() => undefined), antdStyles]);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
