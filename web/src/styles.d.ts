/** Style sheets imported for their side effect (React Flow's); Vite bundles them. */
declare module '*.css';
/** A style sheet's URL in the build (`?url`): linked by hand (main.tsx). */
declare module '*.css?url' {
  const url: string;
  export default url;
}
