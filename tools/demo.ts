// `npm run demo`: the quickstart stack (examples/quickstart) through its whole life cycle against the embedded ONTAP
// simulator: up (creates), up again (no changes), a change made on the cluster outside Pulumi, drift detection
// (preview --refresh --expect-no-changes fails and shows the field), up (repairs), destroy. With a Pulumi CLI (on PATH
// or named by PULUMI_CLI) it runs exactly that; without one it runs the same steps through the project's engine
// driver. Exits 0 when every step behaved as expected, 1 with the reason otherwise.
import { performance } from "perf_hooks";
import { startSimulator, SimulatorHandle } from "../simulator";
import { interrupted, onExit, untilExit } from "./demo/cleanup";
import { findPulumiCli, runCliDemo } from "./demo/cli";
import { DemoFailure } from "./demo/cluster";
import { runEngineDemo } from "./demo/engineDemo";
import { narrator, STEP_COUNT, STEPS } from "./demo/narrator";

const USAGE = `Usage: npm run demo [-- --engine-driver]

Runs the quickstart stack through up, up (no changes), a change outside Pulumi, preview --refresh
--expect-no-changes (drift), up (repair) and destroy, against an embedded ONTAP simulator.

  --engine-driver   use the project's engine driver even when a Pulumi CLI is available
  --help            this text

Environment: PULUMI_CLI=<path or name> picks the Pulumi CLI (default: pulumi on PATH); PULUMI_CLI=none turns it off.
`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help")) {
    process.stdout.write(USAGE);
    return 0;
  }
  const unknown = argv.filter((a) => a !== "--engine-driver");
  if (unknown.length > 0) {
    process.stderr.write(`demo: unknown argument ${unknown[0]}\n${USAGE}`);
    return 2;
  }
  const started = performance.now();
  const color = Boolean(process.stdout.isTTY);
  const say = narrator(STEP_COUNT, (s) => void process.stdout.write(s), color);
  let sim: SimulatorHandle | undefined;
  const stopSimulator = onExit(() => sim?.stop());
  try {
    say.line("pulumi-ontap-ndmp demo: the quickstart stack (examples/quickstart) through its whole life cycle.");
    const found = argv.includes("--engine-driver") ? { reason: "--engine-driver given" } : findPulumiCli();
    if (found.cli) say.line(`Pulumi CLI: ${found.cli.path} (${found.cli.version}).`);
    else {
      say.line(
        `No Pulumi CLI (${found.reason}): running the same steps through the engine driver (the real dynamic-provider plugin over gRPC).`,
      );
    }

    say.step(STEPS.simulator);
    sim = await startSimulator({ svms: 2 });
    say.ok(`listening on ${sim.url}; NDMP is disabled on svm1 and svm2, as on a new cluster.`);

    if (found.cli) await runCliDemo({ sim, say, cli: found.cli, color });
    else await runEngineDemo({ sim, say, color });
  } catch (error) {
    if (interrupted()) return untilExit();
    const message = error instanceof DemoFailure ? error.message : ((error as Error).stack ?? String(error));
    say.line();
    say.fail(`Demo failed: ${message}`);
    await stopSimulator();
    return 1;
  }
  await stopSimulator();
  if (interrupted()) return untilExit();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  say.line();
  say.line(`Demo passed: every step behaved as expected (${seconds} s). Simulator stopped, nothing left behind.`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`demo: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
