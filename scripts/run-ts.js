#!/usr/bin/env node
// Runs a TypeScript entry point of the development tools (demo, bench) without a separate build step.
"use strict";
require("ts-node").register({
  transpileOnly: true,
  project: require("path").join(__dirname, "..", "tsconfig.test.json"),
});
const entry = require("path").resolve(process.argv[2]);
process.argv.splice(1, 2, entry);
require(entry);
