// `npm run bench`: request counts, in-flight peaks and wall times of the read path at scale, against the naive
// reference (coalescing off), through the real dynamic-provider plugin. A script, not a test: it prints figures and
// exits non-zero when a target the README quotes is missed. See tools/bench/args.ts for the flags.
import * as fs from "fs";
import * as path from "path";
import { parseBenchArgs, USAGE } from "./bench/args";
import { summariseProfiles } from "./bench/profile";
import { startRemoteSimulator, RemoteSimulator } from "./bench/remoteSimulator";
import { checkTargets, floorOf, phaseJson, PhaseRow, renderSizes, renderTable } from "./bench/report";
import { PHASES, runScenario, ScenarioResult, Scope } from "./bench/scenario";
import { interrupted, onExit, untilExit } from "./demo/cleanup";

async function main(): Promise<number> {
  const args = parseBenchArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const say = (line: string): void => void (args.json ? process.stderr : process.stdout).write(`${line}\n`);
  const misses: string[] = [];
  const started = Date.now();
  for (const scope of args.scopes) {
    const count = scope === "svm" ? args.svms : args.nodes;
    const label = scope === "svm" ? `${count} NdmpSvmConfig` : `${count} NdmpNodeConfig`;
    say(
      `\n== ${scope} scope: 1 NdmpMode + ${label}, latency ${args.latencyMs} ms, in-flight limit ${args.maxInFlight}`,
    );
    let sim: RemoteSimulator | undefined;
    const stopSim = onExit(() => sim?.stop());
    let result: ScenarioResult;
    let naive: ScenarioResult | undefined;
    try {
      sim = await startRemoteSimulator({
        svms: scope === "svm" ? count : 2,
        nodes: scope === "node" ? count : 2,
        mode: scope,
        latencyMs: args.latencyMs,
        requestLogLimit: 10_000,
      });
      const settings = {
        scope: scope as Scope,
        count,
        latencyMs: args.latencyMs,
        maxInFlight: args.maxInFlight,
        drift: args.drift,
        quietMs: args.quietMs,
        maxWaitMs: args.maxWaitMs,
        profileDir: args.profileDir && path.resolve(args.profileDir),
        log: (line: string) => say(`  ${line}`),
      };
      ({ coalesced: result, naive } = await runScenario(sim, settings, { naive: args.naive, repeat: args.repeat }));
    } finally {
      await stopSim();
    }
    const rows: PhaseRow[] = PHASES.map((phase) => ({
      scope,
      phase,
      measured: result.phases.find((p) => p.phase === phase)!,
      naive: naive?.phases.find((p) => p.phase === phase),
      floor: floorOf(phase, count, args.maxInFlight, args.latencyMs),
    }));
    if (args.json) {
      for (const row of rows) process.stdout.write(`${JSON.stringify(phaseJson(row))}\n`);
      process.stdout.write(`${JSON.stringify({ scope, phase: "state-size", sizes: result.sizes })}\n`);
    }
    // The table goes with the progress lines: stdout, or stderr next to --json's lines on stdout.
    say("");
    say(renderTable(`${scope} scope (1 NdmpMode + ${label})`, rows, args.latencyMs));
    say("");
    say(renderSizes(result.sizes));
    if (args.profileDir) {
      const root = path.join(path.resolve(args.profileDir), scope);
      for (const phase of fs.readdirSync(root).filter((d) => fs.statSync(path.join(root, d)).isDirectory())) {
        say(`\nCPU profile, ${scope} ${phase} (coalesced; files in ${path.join(root, phase)}):`);
        say(summariseProfiles(path.join(root, phase)));
      }
    }
    misses.push(...checkTargets(scope, rows, result, naive, { maxInFlight: args.maxInFlight }));
  }
  say(`\nBench finished in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  if (misses.length > 0) {
    say(`Targets missed:\n${misses.map((m) => `  - ${m}`).join("\n")}`);
    return 1;
  }
  say("Every target met.");
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    if (interrupted()) return untilExit();
    process.stderr.write(`bench: ${err.stack ?? err.message}\n`);
    process.exit(2);
  },
);
