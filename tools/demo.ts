// `npm run demo`: the quickstart stack (examples/quickstart) through its whole life cycle with the real Pulumi CLI,
// against the embedded ONTAP simulator: up (creates), up again (no changes), a change made on the cluster outside
// Pulumi, drift detection (preview --refresh --expect-no-changes exits 7 and shows the field), up --refresh (repairs),
// destroy. The CLI is a supported `pulumi` on PATH (or PULUMI_CLI), else the pinned one, built first on a machine
// that has none (tools/pulumi-cli/README.md). Exits 0 when every step behaved as expected, 1 with the reason otherwise.
import { performance } from "perf_hooks";
import { startSimulator, SimulatorHandle } from "../simulator";
import { ensurePulumiCli, PulumiCli, PulumiCliError } from "./pulumi-cli/cli";
import { interrupted, onExit, untilExit } from "./demo/cleanup";
import { DemoFailure } from "./demo/cluster";
import { runLifecycle } from "./demo/lifecycle";
import { narrator, STEP_COUNT, STEPS } from "./demo/narrator";

const USAGE = `Usage: npm run demo

Runs the quickstart stack through up, up (no changes), a change outside Pulumi, preview --refresh
--expect-no-changes (drift), up --refresh (repair) and destroy, against an embedded ONTAP simulator,
with the Pulumi CLI.

  --help            this text

Environment: PULUMI_CLI=<path or name> picks the Pulumi CLI (default: pulumi on PATH when it is v3.181.0 or
later, else the version pinned in tools/pulumi-cli/go.mod, built once into .cache/pulumi-cli).
`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help")) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (argv.length > 0) {
    process.stderr.write(`demo: unknown argument ${argv[0]}\n${USAGE}`);
    return 2;
  }
  const started = performance.now();
  const color = Boolean(process.stdout.isTTY);
  const say = narrator(STEP_COUNT, (s) => void process.stdout.write(s), color);
  let sim: SimulatorHandle | undefined;
  const stopSimulator = onExit(() => sim?.stop());
  try {
    say.line("pulumi-ontap-ndmp demo: the quickstart stack (examples/quickstart) through its whole life cycle.");
    const cli: PulumiCli = ensurePulumiCli({ log: (line) => say.line(line) });
    say.line(`Pulumi CLI: ${cli.path} (${cli.version}).`);

    say.step(STEPS.simulator);
    sim = await startSimulator({ svms: 2 });
    say.ok(`listening on ${sim.url}; NDMP is disabled on svm1 and svm2, as on a new cluster.`);

    await runLifecycle({ sim, say, cli, color });
  } catch (error) {
    if (interrupted()) return untilExit();
    const expected = error instanceof DemoFailure || error instanceof PulumiCliError;
    const message = expected ? (error as Error).message : ((error as Error).stack ?? String(error));
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
