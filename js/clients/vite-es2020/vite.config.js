import { defineConfig } from "vite";

// A build target without top-level await.
export default defineConfig({
  root: import.meta.dirname,
  base: "./",
  logLevel: "warn",
  build: { outDir: "../out/vite-es2020", emptyOutDir: true, target: "es2020" },
});
