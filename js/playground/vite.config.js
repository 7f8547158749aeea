import { defineConfig } from "vite";

export default defineConfig({
  // Relative asset paths: dist/ works from any folder of any static server.
  base: "./",
  // `guifan` is linked from ../wasm; let the dev server read it.
  server: { fs: { allow: [".."] } },
  build: { outDir: "dist", emptyOutDir: true },
});
