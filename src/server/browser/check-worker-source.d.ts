/**
 * The browser check worker's bundle as text, made by esbuild.mjs when it bundles the web server:
 * the server starts its checker from this text, so it needs no URL of its own (an extension's
 * files may be served from another origin, which a worker cannot be started from).
 */
declare module 'gradcheck:check-worker-source' {
  const source: string;
  export default source;
}
