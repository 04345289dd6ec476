#!/usr/bin/env node
// Makes `require("pulumi-ontap-ndmp/...")` resolve inside this checkout the way it does in a consumer project.
//
// Pulumi serializes each dynamic provider into a string whose methods call
// `require("pulumi-ontap-ndmp/runtime")`. The dynamic-provider plugin loads that string with an empty file name and
// resolves modules from its working directory (the Pulumi project directory), so Node's package self-reference never
// applies. Programs inside this repository (the root Pulumi.yaml, examples/, the tests) therefore need
// node_modules/pulumi-ontap-ndmp, exactly as a consumer has after `npm install pulumi-ontap-ndmp`.
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
// When this package is itself installed as a dependency (git install), there is nothing to link.
if (root.split(path.sep).includes("node_modules")) process.exit(0);
const nodeModules = path.join(root, "node_modules");
if (!fs.existsSync(nodeModules)) process.exit(0);

const link = path.join(nodeModules, "pulumi-ontap-ndmp");
try {
  const current = fs.readlinkSync(link);
  if (path.resolve(nodeModules, current) === root) process.exit(0);
  fs.rmSync(link, { recursive: true, force: true });
} catch (err) {
  if (err.code === "EINVAL") fs.rmSync(link, { recursive: true, force: true });
  else if (err.code !== "ENOENT") throw err;
}
fs.symlinkSync(path.relative(nodeModules, root), link, "dir");
