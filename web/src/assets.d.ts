// Vite's `?url` imports: the asset's public URL (vite/client is not in the project's types).
declare module '*?url' {
  const url: string;
  export default url;
}
