/** Files that wrangler.toml's [[rules]] bundle as text (type "Text"). */
declare module '*/dist/browser/standalone.js' {
  const text: string
  export default text
}
