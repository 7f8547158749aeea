// Rollup 4 with the usual resolver for browsers.
import { nodeResolve } from "@rollup/plugin-node-resolve";

export default {
  input: "apps/browser.js",
  output: { file: "out/rollup/main.js", format: "es" },
  plugins: [nodeResolve({ browser: true })],
};
