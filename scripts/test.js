#!/usr/bin/env node
// `npm test`: the whole suite, two test files at a time (mocha --parallel --jobs 2), each in its own worker process.
// Extra arguments go to mocha (`npm test -- --grep tls`). `npx mocha <file>` runs single files, one at a time, with
// the same settings (.mocharc.json).
//
// Files share nothing but the CPU: each starts its own simulator on an ephemeral loopback port and its own hermetic
// Pulumi stacks (temporary backend, PULUMI_HOME and secrets passphrase). Two workers keep both CPUs of a small CI
// machine busy (a file running the real engine leaves about half of two CPUs idle), and no more than two, so that the
// timing of the engine runs stays close to what a run of that file alone sees.
//
// The files of test/engine, test/reliability and test/demo run the real Pulumi CLI and take most of the time, so
// they are queued first: a long file queued last would leave one worker idle while the other finishes it.
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const FIRST = ["engine", "reliability", "demo"];

function testFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(file);
    return entry.name.endsWith(".test.ts") ? [file] : [];
  });
}

/** The position of a file's suite (its folder under test/) in the queue. */
function rank(file) {
  const i = FIRST.indexOf(file.split("/")[1]);
  return i === -1 ? FIRST.length : i;
}

process.chdir(ROOT);
const files = testFiles("test")
  .map((file) => file.split(path.sep).join("/"))
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
const mocha = require.resolve("mocha/bin/mocha.js");
const args = [mocha, "--parallel", "--jobs", "2", ...process.argv.slice(2), ...files];
const result = spawnSync(process.execPath, args, { stdio: "inherit" });
if (result.error) throw result.error;
process.exit(result.status ?? 1);
