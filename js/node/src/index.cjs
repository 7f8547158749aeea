// @guifan/node for `require`: the native addon, or where no binary fits this platform, the
// WebAssembly package `guifan` (same API and answers) after a one-time warning.
"use strict";
const { binding, fallback } = require("./binding.cjs");

module.exports = binding ? require("./addon/index.cjs") : fallback(() => require("guifan"));
