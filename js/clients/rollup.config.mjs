// Rollup 4 with the usual resolver for browsers.
import { nodeResolve } from "@rollup/plugin-node-resolve";

export default {
  input: "apps/browser.js",
  // A folder, as for any code-split build: the TOML pack reader is a chunk of its own, loaded on demand.
  output: { dir: "out/rollup", entryFileNames: "main.js", format: "es" },
  plugins: [nodeResolve({ browser: true })],
};
