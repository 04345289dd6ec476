#!/usr/bin/env node
// Makes this checkout resolve and run its own package the way a consumer project does after
// `npm install pulumi-ontap-ndmp`:
//
// - node_modules/pulumi-ontap-ndmp -> the checkout. Pulumi serializes each dynamic provider into a string whose
//   methods call `require("pulumi-ontap-ndmp/runtime")`. The dynamic-provider plugin loads that string with an empty
//   file name and resolves modules from its working directory (the Pulumi project directory), so Node's package
//   self-reference never applies. Programs inside this repository (the root Pulumi.yaml, examples/, the tests)
//   therefore need this link.
// - node_modules/.bin/<bin> -> the built bins (`ontap-ndmp`, `ontap-ndmp-simulator`), so `npx ontap-ndmp-simulator`
//   works in a checkout as it does in a consumer project (npm does not link a root package's own bins).
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
// When this package is itself installed as a dependency (git install), npm links it itself.
if (root.split(path.sep).includes("node_modules")) process.exit(0);
const nodeModules = path.join(root, "node_modules");
if (!fs.existsSync(nodeModules)) process.exit(0);

/** Points `link` at `target` (relative), replacing whatever is there unless it already does. */
function ensureLink(link, target, type) {
  const relative = path.relative(path.dirname(link), target);
  try {
    if (path.resolve(path.dirname(link), fs.readlinkSync(link)) === target) return;
  } catch (err) {
    if (err.code !== "ENOENT" && err.code !== "EINVAL") throw err;
  }
  fs.rmSync(link, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(relative, link, type);
}

ensureLink(path.join(nodeModules, "pulumi-ontap-ndmp"), root, "dir");

const { bin = {} } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
for (const [name, file] of Object.entries(bin)) {
  const target = path.join(root, file);
  ensureLink(path.join(nodeModules, ".bin", name), target, "file");
  if (fs.existsSync(target)) fs.chmodSync(target, 0o755);
}
