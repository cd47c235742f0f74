import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';
import { antdZeroRuntime } from './vite-antd-zero-runtime.js';
import { antdCssSplit } from './vite-antd-css-split.js';

const root = fileURLToPath(new URL('.', import.meta.url));

/** The icons app/AppLayout.tsx and its header draw (keep in step when the menu changes; a missing one only costs a file). Not
 * UserOutlined and SearchOutlined: the sign-in page draws them too (its input brings the search one), and must
 * not download the others. */
const SHELL_ICONS = [
  'Apartment',
  'Api',
  'Audit',
  'Calendar',
  'CheckSquare',
  'Dashboard',
  'Appstore',
  'Shop',
  'ShoppingCart',
  'FileText',
  'Message',
  'Plus',
  'Setting',
  'Team',
  'Smile',
  'Alert',
  'Car',
  'Comment',
  'Schedule',
  'Inbox',
  'Fund',
  'ArrowLeft',
  'Bell',
  'Key',
  'Logout',
  'Mail',
  'SafetyCertificate',
  'FolderOpen',
  'Search',
  'Import',
  'Warning',
  'QuestionCircle',
  'CheckCircle',
];
/** A feature's face (index.ts) and its two-language word list (i18n.ts): re-exports only. */
const faceModule = /[\\/]web[\\/]src[\\/][\w-]+[\\/](index|i18n)\.ts$/;
const shellIcon = new RegExp(`node_modules[\\\\/]@ant-design[\\\\/]icons(-svg)?[\\\\/]es[\\\\/](icons|asn)[\\\\/](${SHELL_ICONS.join('|')})Outlined\\.js$`);

// The web app lives in web/; the server serves the built files from dist/web.
export default defineConfig({
  root,
  plugins: [
    react(),
    // antd's CSS-in-JS style generators never run with zeroRuntime (app/Root.tsx): left out of the build
    antdZeroRuntime(),
    // antd.css cut by component: each part arrives with the chunk that draws the component
    antdCssSplit(),
    // a brotli and a gzip copy beside each text file, served by @fastify/static's preCompressed
    // (server/platform/http/web-assets.ts); the build's own manifest stays out of it
    compression({ algorithms: ['brotliCompress', 'gzip'], exclude: [/\.vite[\\/]/], logLevel: 'silent' }),
  ],
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://localhost:3000', changeOrigin: false } },
  },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // dist/web/.vite/manifest.json: which chunks each entry and page pulls in (read by
    // tests/integration/web-assets.test.ts; not served: the server ignores dotfiles)
    manifest: true,
    // WEB_SOURCEMAP=1: maps beside the files, not linked from them (bench/web-profile.ts reads them; nothing serves them)
    sourcemap: process.env.WEB_SOURCEMAP ? 'hidden' : false,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // a feature's face (web/src/<feature>/index.ts) only re-exports: importing one name through it must not bring the
      // face's other modules (a dialog, a chart) into the importer's chunk — the face is free of side effects (and so
      // is a feature's i18n.ts, which re-exports its two languages)
      treeshake: { moduleSideEffects: (id: string) => !faceModule.test(id) },
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack)[\\/]/, priority: 20 },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/, priority: 10 },
            // the shell's icons (side menu, header) in one file rather than twenty-odd: each small file costs its own
            // request, headers and compression frame on every signed-in first load
            { name: 'shell-icons', test: (id: string) => shellIcon.test(id), priority: 15, includeDependenciesRecursively: false },
            // antd's smallest helpers (form status classes, gap sizes, a force-update hook) that many pages share: one
            // file, not three of a few hundred bytes each that move between chunks whenever a page's imports change
            {
              name: 'antd-utils',
              test: /node_modules[\\/]antd[\\/]es[\\/]_util[\\/](statusUtils|gapSize|hooks[\\/]useForceUpdate)\.js$/,
              priority: 6,
              includeDependenciesRecursively: false,
            },
            // the libraries every page needs before it runs (antd's core, its theme and CSS-in-JS) in one file
            { name: 'vendor', test: /node_modules[\\/]/, tags: ['$initial'], priority: 5 },
          ],
        },
      },
    },
  },
});
