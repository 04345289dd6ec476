#!/usr/bin/env node
/**
 * `ontap-ndmp-simulator`: runs the ONTAP NDMP simulator until SIGINT/SIGTERM. Prints exactly one line on stdout,
 * `ONTAP NDMP simulator listening on <url>`; a generated password goes to stderr (one line), never to stdout. With
 * `--cert-user` and no `--client-certs-out`, the certificates cannot reach anyone: that is refused.
 */
import * as fs from "fs";
import { parseArgs } from "util";
import { SimulatorOptions, startSimulator } from "./index";

export const USAGE = `Usage: ontap-ndmp-simulator [options]

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
  --cert-user <name>   a certificate login (repeatable): authenticates with a client certificate, no password
  --client-certs-out <dir>
                       write the client CA (client-ca.pem) and, for each --cert-user, its certificate and key
                       (<name>.crt.pem, <name>.key.pem) into this directory
  --help               show this help
`;

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a non-negative integer, not "${value}"`);
  return Number(value);
}

export interface CommandLine {
  help: boolean;
  options: SimulatorOptions;
  /** Where to write the CA certificate. */
  caOut?: string;
}

/** Parses the flags (throws on an unknown flag or a bad number). */
export function parseCommandLine(args: string[]): CommandLine {
  const { values } = parseArgs({
    args,
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
      "cert-user": { type: "string", multiple: true },
      "client-certs-out": { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
    allowPositionals: false,
  });
  return {
    help: values.help ?? false,
    caOut: values["ca-out"],
    options: {
      host: values.host,
      port: integer("port", values.port),
      http: values.http,
      nodes: integer("nodes", values.nodes),
      svms: integer("svms", values.svms),
      username: values.username,
      password: values.password,
      stateFile: values.state,
      latencyMs: integer("latency-ms", values["latency-ms"]),
      certUsers: values["cert-user"],
      clientCertsOut: values["client-certs-out"],
    },
  };
}

async function main(): Promise<void> {
  const command = parseCommandLine(process.argv.slice(2));
  if (command.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (command.options.certUsers?.length && command.options.clientCertsOut === undefined) {
    throw new Error("--cert-user needs --client-certs-out <dir>: the certificates and keys are written there");
  }
  const simulator = await startSimulator(command.options);
  if (command.caOut && simulator.caCert) fs.writeFileSync(command.caOut, simulator.caCert);
  if (command.options.password === undefined) {
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

// Run only as a program: tests import parseCommandLine without starting a server.
if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`ontap-ndmp-simulator: ${err.message}\n`);
    process.exit(1);
  });
}
