#!/usr/bin/env node
/**
 * `ontap-ndmp-simulator`: runs the ONTAP NDMP simulator until SIGINT/SIGTERM. Prints exactly one line on stdout,
 * `ONTAP NDMP simulator listening on <url>`; a generated password goes to stderr (one line), never to stdout.
 */
import * as fs from "fs";
import { parseArgs } from "util";
import { startSimulator } from "./index";

const USAGE = `Usage: ontap-ndmp-simulator [options]

  --host <address>     interface to listen on (default 127.0.0.1)
  --port <n>           port (default 0: an ephemeral port)
  --http               plain HTTP instead of HTTPS (loopback hosts only)
  --nodes <n>          number of nodes (default 2)
  --svms <n>           number of data SVMs (default 2)
  --username <name>    administrator user (default admin)
  --password <pw>      administrator password (default: generated, printed on stderr)
  --state <file>       JSON state file, loaded at start and rewritten after each change
  --latency-ms <ms>    delay added to every API request
  --ca-out <file>      write the self-signed CA certificate (PEM) to this file
  --help               show this help
`;

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a non-negative integer, not "${value}"`);
  return Number(value);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: "string" },
      port: { type: "string" },
      http: { type: "boolean" },
      nodes: { type: "string" },
      svms: { type: "string" },
      username: { type: "string" },
      password: { type: "string" },
      state: { type: "string" },
      "latency-ms": { type: "string" },
      "ca-out": { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const simulator = await startSimulator({
    host: values.host,
    port: integer("port", values.port),
    http: values.http,
    nodes: integer("nodes", values.nodes),
    svms: integer("svms", values.svms),
    username: values.username,
    password: values.password,
    stateFile: values.state,
    latencyMs: integer("latency-ms", values["latency-ms"]),
  });
  if (values["ca-out"] && simulator.caCert) fs.writeFileSync(values["ca-out"], simulator.caCert);
  if (values.password === undefined) {
    process.stderr.write(`Generated password for ${simulator.username}: ${simulator.password}\n`);
  }
  console.log(`ONTAP NDMP simulator listening on ${simulator.url}`);

  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    simulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((err: Error) => {
  process.stderr.write(`ontap-ndmp-simulator: ${err.message}\n`);
  process.exit(1);
});
