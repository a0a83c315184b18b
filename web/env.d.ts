/** Vite inlines a file's text for `?raw` imports: the page's GraphQL operations. */
declare module '*.graphql?raw' {
  const text: string;
  export { text as default };
}
