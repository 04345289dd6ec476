// Preloaded (NODE_OPTIONS=--require) into the plugin and program processes by `npm run bench -- --profile <dir>`:
// samples the CPU from start to exit and writes <dir>/<phase>/<plugin|program>-<pid>.cpuprofile (Chrome DevTools
// format), the phase being what the bench wrote in <dir>/phase when the process started.
// The Pulumi CLI ends the plugin with SIGTERM, the program exits by itself: both paths write the profile.
"use strict";
const fs = require("fs");
const inspector = require("inspector");
const path = require("path");

const dir = process.env.BENCH_PROFILE_DIR;
const script = process.argv[1] || "";
const kind = /dynamic-provider/.test(script) ? "plugin" : /programHost\.js$/.test(script) ? "program" : undefined;
if (dir && kind) {
  let phase = "unknown";
  try {
    phase = fs.readFileSync(path.join(dir, "phase"), "utf8").trim() || phase;
  } catch {
    // no phase file: "unknown"
  }
  const out = path.join(dir, phase);
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 500 });
  session.post("Profiler.start");
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // Same-thread inspector sessions answer synchronously, so this also works in an "exit" handler.
    session.post("Profiler.stop", (err, result) => {
      if (err || !result) return;
      fs.mkdirSync(out, { recursive: true });
      fs.writeFileSync(path.join(out, `${kind}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on("exit", write);
  for (const signal of ["SIGTERM", "SIGINT"]) {
    process.on(signal, () => {
      write();
      process.exit(0);
    });
  }
}
