import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import postcss from 'postcss';
import type { Plugin } from 'vite';

/**
 * Ant Design's stylesheet cut by component, each part loaded with the code that draws the component.
 *
 * With zeroRuntime (app/Root.tsx) the components take their styles from the pre-built `antd/dist/antd.css`: ~1 MB of
 * CSS for all 70-odd components, parsed and matched against the page on every first load (on a phone ~0.4 s of main
 * thread for the sign-in page alone, which draws five components). Here, at build time:
 *
 * - the stylesheet's rules are sorted into one part per component folder of antd (`.ant-btn…` → button,
 *   `.ant-picker…` → date-picker, `.ant-row`/`.ant-col` → grid, …: the class prefixes each folder asks for with
 *   `getPrefixCls('…')`), and one BASE part with what belongs to none (the design tokens as CSS variables, keyframes,
 *   icons, links, motion classes, any prefix not owned by a folder) — in the stylesheet's own order within each part;
 * - a chunk that holds a component's style hook module (`antd/es/<folder>/style/…`, imported by the component itself,
 *   so it is loaded whenever the component is) gets that folder's part as its CSS, which Vite loads before the chunk
 *   runs, like any CSS a chunk imports (preloaded with lazy pages, no flash of unstyled content);
 * - the chunks of the first load (the entry and what it imports) put their parts into the base file, which main.tsx
 *   links before the first render without holding back the boot screen's paint (`virtual:antd-base-css` is its URL).
 *
 * In the dev server the whole stylesheet is used, as before.
 */
const BASE_MODULE = 'virtual:antd-base-css';
const RESOLVED_BASE = '\0virtual:antd-base-css';
const PLACEHOLDER = '__ACCORD_ANTD_BASE_CSS__';

/** Class prefixes whose component folder is not named like them. */
const OWNERS: Record<string, string> = {
  btn: 'button',
  'btn-group': 'button',
  ribbon: 'badge',
  'scroll-number': 'badge',
  picker: 'date-picker',
  'picker-calendar': 'calendar',
  row: 'grid',
  col: 'grid',
  'layout-sider': 'layout',
  'input-group': 'input',
  'input-password': 'input',
  'input-search': 'input',
  otp: 'input',
  'space-addon': 'space',
  'space-compact': 'space',
  qrcode: 'qr-code',
  'select-tree': 'tree-select',
};

const require = createRequire(import.meta.url);
const antdEs = path.dirname(require.resolve('antd/es/index.js'));
const antdCss = require.resolve('antd/dist/antd.css');

/** The component folders of antd that have styles, and the class prefixes each owns. */
function prefixOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const dir of fs.readdirSync(antdEs)) {
    if (fs.existsSync(path.join(antdEs, dir, 'style'))) owners.set(dir, dir);
  }
  for (const [prefix, dir] of Object.entries(OWNERS)) owners.set(prefix, dir);
  return owners;
}

export interface CssParts {
  /** what belongs to no component folder: always loaded */
  base: string;
  /** per antd component folder */
  byFolder: Map<string, string>;
  /** rules left out (antd's own `.css-var-_R_…` tokens) */
  dropped: number;
}

/** Cuts antd's stylesheet into its parts (exported for the build's test). */
export function splitAntdCss(css: string): CssParts {
  const owners = prefixOwners();
  // the longest owned prefix of a class name: `ant-input-number-handler` → input-number, `ant-picker-calendar-…` → calendar
  const ownerOf = (cls: string): string | undefined => {
    const words = cls.split('-');
    for (let n = words.length; n > 0; n--) {
      const owner = owners.get(words.slice(0, n).join('-'));
      if (owner) return owner;
    }
    return undefined;
  };
  const firstClass = (selector: string) => selector.match(/\.ant-([a-z]+(?:-[a-z]+)*)/)?.[1];
  const base: string[] = [];
  const byFolder = new Map<string, string[]>();
  let dropped = 0;
  for (const node of postcss.parse(css).nodes) {
    // the design tokens of antd's own server-rendered pages (`.css-var-_R_0_`, ~80 kB): this app's ConfigProvider
    // registers its tokens under its own key at run time (`css-var-_r_0_`), so these never match
    if (node.type === 'rule' && node.selectors.every((s) => /\.css-var-_R_\w*_/.test(s))) {
      dropped++;
      continue;
    }
    let selector: string | undefined;
    if (node.type === 'rule') selector = node.selector;
    else if (node.type === 'atrule' && node.name !== 'keyframes') {
      // @media / @supports / @layer around a component's rules: by the first rule inside
      node.walkRules((r) => {
        selector ??= r.selector;
      });
    }
    const cls = selector ? firstClass(selector) : undefined;
    const folder = cls ? ownerOf(cls) : undefined;
    const text = node.toString();
    if (!folder) base.push(text);
    else byFolder.set(folder, [...(byFolder.get(folder) ?? []), text]);
  }
  return { base: base.join(''), byFolder: new Map([...byFolder].map(([k, v]) => [k, v.join('')])), dropped };
}

/** The antd component folders whose style modules a chunk holds. */
function foldersIn(moduleIds: readonly string[]): string[] {
  const out = new Set<string>();
  for (const id of moduleIds) {
    const m = id.match(/[\\/]node_modules[\\/]antd[\\/]es[\\/]([a-z-]+)[\\/]style[\\/]/);
    if (m) out.add(m[1]!);
  }
  return [...out].sort();
}

interface ChunkLike {
  fileName: string;
  isEntry: boolean;
  imports: string[];
  moduleIds: string[];
  viteMetadata?: { importedCss: Set<string> };
}

/** The chunks of the first load: the entries and what they import statically. */
function firstLoad(all: Record<string, ChunkLike>): Set<string> {
  const out = new Set<string>();
  const visit = (file: string) => {
    if (out.has(file) || !all[file]) return;
    out.add(file);
    for (const i of all[file]!.imports) visit(i);
  };
  for (const c of Object.values(all)) if (c.isEntry) visit(c.fileName);
  return out;
}

export function antdCssSplit(): Plugin {
  let serve = false;
  let parts: CssParts | undefined;
  let initial: Set<string> | undefined;
  return {
    name: 'accord:antd-css-split',
    configResolved(config) {
      serve = config.command === 'serve';
    },
    resolveId(id) {
      return id === BASE_MODULE ? RESOLVED_BASE : undefined;
    },
    load(id) {
      if (id !== RESOLVED_BASE) return undefined;
      // the dev server: the whole stylesheet, served by Vite
      if (serve) return `export { default } from 'antd/dist/antd.css?url';`;
      return `export default ${JSON.stringify(PLACEHOLDER)};`;
    },
    buildStart() {
      if (!serve) parts = splitAntdCss(fs.readFileSync(antdCss, 'utf8'));
      initial = undefined;
    },
    renderChunk(code, chunk, _options, meta) {
      if (serve || !parts) return null;
      const all = (meta as unknown as { chunks: Record<string, ChunkLike> }).chunks;
      // the first load: the entries and what they import statically (the same for every chunk of the build: once)
      initial ??= firstLoad(all);
      const c = chunk as unknown as ChunkLike;
      if (!initial.has(c.fileName)) {
        const folders = foldersIn(c.moduleIds).filter((f) => parts!.byFolder.has(f));
        if (!folders.length) return null;
        const ref = this.emitFile({ type: 'asset', name: 'antd.css', source: folders.map((f) => parts!.byFolder.get(f)).join('') });
        c.viteMetadata?.importedCss.add(this.getFileName(ref));
        return null;
      }
      if (!code.includes(PLACEHOLDER)) return null;
      // the chunk naming the base stylesheet: the base part and the first load's components
      const folders = [...new Set([...initial!].flatMap((f) => foldersIn(all[f]!.moduleIds)))].filter((f) => parts!.byFolder.has(f)).sort();
      const ref = this.emitFile({ type: 'asset', name: 'antd-base.css', source: parts.base + folders.map((f) => parts!.byFolder.get(f)).join('') });
      return { code: code.replaceAll(PLACEHOLDER, `/${this.getFileName(ref)}`), map: null };
    },
  };
}
