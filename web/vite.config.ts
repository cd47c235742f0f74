import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { compression } from 'vite-plugin-compression2';

const root = fileURLToPath(new URL('.', import.meta.url));

// The web app lives in web/; the server serves the built files from dist/web.
export default defineConfig({
  root,
  plugins: [
    react(),
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
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack)[\\/]/, priority: 20 },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/, priority: 10 },
            // the libraries every page needs before it runs (antd's core, its theme and CSS-in-JS) in one file
            { name: 'vendor', test: /node_modules[\\/]/, tags: ['$initial'], priority: 5 },
          ],
        },
      },
    },
  },
});
