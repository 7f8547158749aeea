// A static export (`out/`), built with Next.js' default bundler.
export default {
  output: "export",
  turbopack: { root: new URL("..", import.meta.url).pathname },
};
