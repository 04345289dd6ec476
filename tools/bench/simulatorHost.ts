// Child-process entry of the benchmark's simulator: starts an ONTAP NDMP simulator with the options given as JSON in
// argv[2], prints one JSON line (url, username, password, caCert) on stdout, and stops when its stdin closes (the
// parent exited, however it exited) or on SIGTERM/SIGINT. Run through scripts/run-ts.js.
import { SimulatorOptions, startSimulator } from "../../simulator";

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? "{}") as SimulatorOptions;
  const sim = await startSimulator(options);
  process.stdout.write(
    JSON.stringify({ url: sim.url, username: sim.username, password: sim.password, caCert: sim.caCert }) + "\n",
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sim.stop().finally(() => process.exit(0));
  };
  process.stdin.on("end", stop);
  process.stdin.on("close", stop);
  process.stdin.resume();
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err: Error) => {
  process.stderr.write(`bench simulator: ${err.message}\n`);
  process.exit(1);
});
