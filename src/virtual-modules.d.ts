declare module 'virtual:skill-docs' {
  const docs: readonly { readonly path: string; readonly title: string; readonly text: string }[];
  export default docs;
}
