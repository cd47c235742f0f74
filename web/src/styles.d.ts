/** Style sheets imported for their side effect (React Flow's); Vite bundles them. */
declare module '*.css';
/** A style sheet's URL in the build (`?url`): linked by hand (main.tsx). */
declare module '*.css?url' {
  const url: string;
  export default url;
}

/** The URL of Ant Design's base stylesheet (web/vite-antd-css-split.ts): the design tokens and the first load's components. */
declare module 'virtual:antd-base-css' {
  const url: string;
  export default url;
}
