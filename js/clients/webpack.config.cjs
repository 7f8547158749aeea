// webpack 5, production mode, no plugins: the page is apps/index.html copied beside the bundle.
const path = require("node:path");

module.exports = {
  mode: "production",
  entry: "./apps/browser.js",
  output: { path: path.resolve(__dirname, "out/webpack"), filename: "main.js", clean: true },
  performance: { hints: false },
};
