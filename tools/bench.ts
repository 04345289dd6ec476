// `npm run bench`: request counts, in-flight peaks and wall times of the provider at scale through the real Pulumi CLI,
// against the naive reference (coalescing off) and the engine floor (a do-nothing dynamic provider). A script, not a
// test: it prints figures and exits non-zero when a target the README quotes is missed. See tools/bench/args.ts for
// the flags and tools/bench/README.md for the method.
import * as fs from "fs";
import * as path from "path";
import { ensurePulumiCli } from "./pulumi-cli/cli";
import { parseBenchArgs, USAGE } from "./bench/args";
import { summariseCliProfile, summariseProfiles } from "./bench/profile";
import { startRemoteSimulator, RemoteSimulator } from "./bench/remoteSimulator";
import {
  checkTargets,
  floorOf,
  phaseJson,
  PhaseRow,
  renderSizes,
  renderTable,
  RunInfo,
  TARGETS,
  Targets,
} from "./bench/report";
import { PHASES, runScenario, ScenarioResult, Scope, Variant } from "./bench/scenario";
import { interrupted, onExit, untilExit } from "./demo/cleanup";

async function main(): Promise<number> {
  const args = parseBenchArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const say = (line: string): void => void (args.json ? process.stderr : process.stdout).write(`${line}\n`);
  const cli = ensurePulumiCli({ log: say });
  const info: RunInfo = {
    engine: `pulumi ${cli.version}`,
    parallel: args.parallel ?? null,
    checkpoints: args.checkpoints,
  };
  const targets: Targets = { ...TARGETS, maxInFlight: args.maxInFlight };
  const misses: string[] = [];
  const started = Date.now();
  say(`Engine: ${info.engine} (${cli.path})`);
  for (const scope of args.scopes) {
    const count = scope === "svm" ? args.svms : args.nodes;
    const label = scope === "svm" ? `${count} NdmpSvmConfig` : `${count} NdmpNodeConfig`;
    say(
      `\n== ${scope} scope: 1 NdmpMode + ${label}, latency ${args.latencyMs} ms, in-flight limit ${args.maxInFlight}`,
    );
    let sim: RemoteSimulator | undefined;
    const stopSim = onExit(() => sim?.stop());
    let result: ScenarioResult;
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
        parallel: args.parallel,
        checkpoints: args.checkpoints,
        profileDir: args.profileDir && path.resolve(args.profileDir),
        cli,
        log: (line: string) => say(`  ${line}`),
      };
      result = await runScenario(sim, settings, {
        naive: args.naive,
        floor: args.floor,
        floorOutputs: args.floorOutputs,
        repeat: args.repeat,
      });
    } finally {
      await stopSim();
    }
    const phaseOf = (variant: Exclude<Variant, "coalesced">, phase: string) =>
      result[variant]?.phases.find((p) => p.phase === phase);
    const rows: PhaseRow[] = PHASES.map((phase) => ({
      scope,
      phase,
      measured: result.coalesced.phases.find((p) => p.phase === phase)!,
      naive: phaseOf("naive", phase),
      engineFloor: phaseOf("floor", phase),
      engineFloorOutputs: phaseOf("floor-outputs", phase),
      floor: floorOf(phase, count, args.maxInFlight, args.latencyMs),
    }));
    if (args.json) {
      for (const row of rows) process.stdout.write(`${JSON.stringify(phaseJson(row, info))}\n`);
      const sizes = {
        sizes: result.coalesced.sizes,
        engineFloorSizes: result.floor?.sizes ?? null,
        ...(result["floor-outputs"] ? { engineFloorOutputsSizes: result["floor-outputs"].sizes } : {}),
      };
      process.stdout.write(`${JSON.stringify({ scope, phase: "state-size", engine: info.engine, ...sizes })}\n`);
    }
    // The table goes with the progress lines: stdout, or stderr next to --json's lines on stdout.
    say("");
    say(renderTable(`${scope} scope (1 NdmpMode + ${label})`, rows, args.latencyMs, info));
    say("");
    say(renderSizes("the provider", result.coalesced.sizes));
    if (result.floor) say(renderSizes("the engine floor", result.floor.sizes));
    const floorOutputs = result["floor-outputs"];
    if (floorOutputs) say(renderSizes("the engine floor with the provider's outputs", floorOutputs.sizes));
    if (args.profileDir) {
      const root = path.join(path.resolve(args.profileDir), scope);
      for (const phase of fs.readdirSync(root).filter((d) => fs.statSync(path.join(root, d)).isDirectory())) {
        const floor = /^(floor(?:-outputs)?)-(.+)$/.exec(phase);
        const what = floor ? `engine ${floor[1].replace("-", " with ")} ${floor[2]}` : `${phase} (coalesced)`;
        say(`\nCPU profile, ${scope} ${what}; files in ${path.join(root, phase)}:`);
        say(
          [...summariseCliProfile(path.join(root, phase), cli.path), summariseProfiles(path.join(root, phase))].join(
            "\n",
          ),
        );
      }
    }
    const sizes = [result.coalesced.sizes, result.naive?.sizes ?? {}];
    misses.push(...checkTargets(scope, rows, sizes, targets));
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
