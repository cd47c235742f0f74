import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Locale } from '../../../contracts/errors.js';

/**
 * index.html, made for the one who asks: the built page plus what its first screen needs, named up front.
 *
 * Without it the browser learns of the stylesheet, the dictionary and the page's chunks only once the entry has
 * downloaded and run (a round trip and the entry's evaluation later, on a phone ~1 s), and a signed-in user whose
 * browser speaks another language than their saved one got the app drawn twice (once per dictionary). The server
 * knows the session and the language, so the page carries:
 *
 * - `<html lang>` and `<meta name="accord-locale">` — the signed-in user's saved language (else the browser's):
 *   the web app starts in it (web/src/i18n) and downloads one dictionary;
 * - `<link rel="preload" as="style">` for Ant Design's base stylesheet, which main.tsx applies before the first render,
 *   and for the first screen's components' parts (web/vite-antd-css-split.ts), which its chunks load before they run;
 * - `<link rel="modulepreload">` for that dictionary and for the first screen's code: the shell (signed in) or the
 *   sign-in page (not), each with the chunks it imports (from the build's manifest, dist/web/.vite/manifest.json).
 *
 * Six variants (2 languages × shell, sign-in or another page), built once per build and kept with their brotli and gzip bytes.
 * No inline script: the CSP (script-src 'self') still holds.
 */
interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

interface Variant {
  plain: Buffer;
  br: Buffer;
  gzip: Buffer;
}

const DICTIONARY: Record<Locale, string> = { 'zh-CN': 'src/i18n/zh-CN.ts', 'en-US': 'src/i18n/en-US.ts' };
const SIGNED_IN_FIRST = 'src/app/AppLayout.tsx';
const SIGNED_OUT_FIRST = 'src/identity/LoginPage.tsx';

/** The files a chunk needs, itself first, without the entry's own (already named by index.html); and their stylesheets. */
function closure(manifest: Manifest, key: string, skip: Set<string>): { js: string[]; css: string[] } {
  const js: string[] = [];
  const css: string[] = [];
  const seen = new Set<string>();
  const walk = (k: string) => {
    if (seen.has(k) || skip.has(k)) return;
    seen.add(k);
    const chunk = manifest[k];
    if (!chunk) return;
    js.push(chunk.file);
    css.push(...(chunk.css ?? []));
    for (const i of chunk.imports ?? []) walk(i);
  };
  walk(key);
  return { js, css };
}

/** What the request will show first: the shell (signed in), the sign-in page, or a page of its own (the portal, a customer's link). */
export type FirstScreen = 'shell' | 'sign-in' | 'other';

/** Pages that are neither the staff shell nor the sign-in page: the portal and a customer's tokenised links. */
export function firstScreen(url: string, signedIn: boolean): FirstScreen {
  if (/^\/(portal|s|c)(\/|$|\?)/.test(url)) return 'other';
  return signedIn ? 'shell' : 'sign-in';
}

export interface IndexPage {
  /** the page for this request's language and session, in the encoding the browser accepts */
  send(locale: Locale, first: FirstScreen, acceptEncoding: string | undefined): { body: Buffer; encoding?: 'br' | 'gzip' };
}

/** null when the web app is not built (or its manifest is missing: then the built file is sent as it is). */
export function loadIndexPage(webDist: string): IndexPage | null {
  let html: string;
  let manifest: Manifest;
  try {
    html = fs.readFileSync(path.join(webDist, 'index.html'), 'utf8');
    manifest = JSON.parse(fs.readFileSync(path.join(webDist, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return null;
  }
  const entry = manifest['index.html'];
  if (!entry) return null;
  // the entry and its static imports are in index.html already (script + Vite's own modulepreloads)
  const named = new Set<string>(['index.html', ...(entry.imports ?? [])]);
  // Ant Design's base stylesheet (web/vite-antd-css-split.ts), which main.tsx links before the first render
  const stylesheet = fs.readdirSync(path.join(webDist, 'assets')).find((f) => /^antd-base-[\w-]+\.css$/.test(f));
  const variants = new Map<string, Variant>();
  const render = (locale: Locale, first: FirstScreen): Variant => {
    const page = first === 'shell' ? SIGNED_IN_FIRST : first === 'sign-in' ? SIGNED_OUT_FIRST : null;
    const dictionary = closure(manifest, DICTIONARY[locale], named);
    const screen = page ? closure(manifest, page, named) : { js: [], css: [] };
    const files = [...dictionary.js, ...screen.js];
    // the first screen's own components' styles, which Vite's loader fetches with its chunks (in CORS mode: `crossorigin`,
    // or the preload would not be used); the base sheet is linked by main.tsx without it
    const links = [
      // "user": the signed-in user's saved language, which wins over a choice made earlier in the tab
      `<meta name="accord-locale" content="${locale}" data-source="${first === 'shell' ? 'user' : 'browser'}" />`,
      ...(stylesheet ? [`<link rel="preload" as="style" href="/assets/${stylesheet}" />`] : []),
      ...[...new Set(screen.css)].map((f) => `<link rel="preload" as="style" crossorigin href="/${f}" />`),
      ...[...new Set(files)].map((f) => `<link rel="modulepreload" crossorigin href="/${f}" />`),
    ];
    const text = html.replace(/<html lang="[^"]*">/, `<html lang="${locale}">`).replace('</head>', `    ${links.join('\n    ')}\n  </head>`);
    const plain = Buffer.from(text, 'utf8');
    return {
      plain,
      br: zlib.brotliCompressSync(plain, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
      gzip: zlib.gzipSync(plain, { level: 9 }),
    };
  };
  return {
    send(locale, first, acceptEncoding) {
      const key = `${locale}|${first}`;
      let v = variants.get(key);
      if (!v) variants.set(key, (v = render(locale, first)));
      const accepts = (acceptEncoding ?? '').toLowerCase();
      if (/\bbr\b/.test(accepts)) return { body: v.br, encoding: 'br' };
      if (/\bgzip\b/.test(accepts)) return { body: v.gzip, encoding: 'gzip' };
      return { body: v.plain };
    },
  };
}
