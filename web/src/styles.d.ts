/** Style sheets imported for their side effect (React Flow's); Vite bundles them. */
declare module '*.css';
