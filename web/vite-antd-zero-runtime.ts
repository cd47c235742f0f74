import { parseAst, type Plugin } from 'vite';

/**
 * Ant Design with `zeroRuntime` (app/Root.tsx) takes its styles from the pre-built `antd/dist/antd.css` and never runs
 * the CSS-in-JS style generators — but every component still imports them (`<component>/style/*.js`): ~40 kB of brotli
 * on the customer list's first load that is downloaded, parsed and never called. This plugin hands those generators an empty one at
 * build time, so the bundler drops the real ones and what only they use.
 *
 * What stays: the hooks themselves (`genStyleHooks(...)` still returns the hook a component calls) and each
 * component's token function (its third argument), which the theme needs at run time — the component tokens reach
 * the static stylesheet as CSS variables (`useCSSVarRegister`), so the theme's overrides keep working.
 *
 * Only for a build with zeroRuntime: without it the components would render unstyled.
 */
const STYLE_HOOK_FACTORIES = new Set(['genStyleHooks', 'genComponentStyleHook', 'genSubStyleComponent']);
/** In antd's theme/util/genStyleUtils.js: the reset and common styles, used only by the runtime generators. */
const RUNTIME_ONLY_CONFIG = new Set(['getResetStyles', 'getCommonStyle']);
const EMPTY_STYLE = '() => []';

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';
}

function walk(node: Node, visit: (n: Node) => void) {
  visit(node);
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) for (const v of value) isNode(v) && walk(v, visit);
    else if (isNode(value)) walk(value, visit);
  }
}

const calleeName = (n: Node) => {
  const callee = n.callee as Node & { name?: string };
  return callee.type === 'Identifier' ? callee.name : undefined;
};

/** The replacements for one antd module, or none. Exported for the budget test's sanity check. */
export function stripStyleGenerators(code: string, id: string): string | undefined {
  if (!/[\\/]node_modules[\\/]antd[\\/]es[\\/]/.test(id)) return undefined;
  const isStyleUtils = /[\\/]theme[\\/]util[\\/]genStyleUtils\.js$/.test(id);
  if (!isStyleUtils && !/\bgen(StyleHooks|ComponentStyleHook|SubStyleComponent)\(/.test(code)) return undefined;
  const edits: { start: number; end: number }[] = [];
  walk(parseAst(code) as unknown as Node, (n) => {
    if (n.type === 'CallExpression' && STYLE_HOOK_FACTORIES.has(calleeName(n) ?? '')) {
      const style = (n.arguments as Node[])[1];
      if (style) edits.push({ start: style.start, end: style.end });
    }
    if (isStyleUtils && n.type === 'Property') {
      const key = n.key as Node & { name?: string };
      if (RUNTIME_ONLY_CONFIG.has(key.name ?? '')) edits.push({ start: (n.value as Node).start, end: (n.value as Node).end });
    }
  });
  if (!edits.length) return undefined;
  let out = code;
  for (const e of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + EMPTY_STYLE + out.slice(e.end);
  return out;
}

export function antdZeroRuntime(): Plugin {
  return {
    name: 'accord:antd-zero-runtime',
    apply: 'build',
    transform(code, id) {
      const out = stripStyleGenerators(code, id);
      return out === undefined ? null : { code: out, map: null };
    },
  };
}
