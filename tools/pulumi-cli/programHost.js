#!/usr/bin/env node
// Serves one Pulumi program to the Pulumi CLI the way the Automation API serves an inline program: a gRPC
// LanguageRuntime server (the SDK's own `LanguageServer`, @pulumi/pulumi/automation/server.js) on a loopback port that
// the CLI reaches through `--client=127.0.0.1:<port>`. It stands where the `pulumi-language-nodejs` host would: that
// host is a Go module the Go module proxy reachable here does not serve (see tools/pulumi-cli/README.md).
//
//   node tools/pulumi-cli/programHost.js <entry .ts/.js file>
//
// Prints the port on the first line of stdout, then serves until stdin closes (its parent is gone) or SIGTERM.
// The program runs as the Node language host runs it (@pulumi/pulumi 3.248.0 cmd/run/run.js): TypeScript through
// ts-node with the project's tsconfig.json when there is one, type-checking unless PULUMI_NODEJS_TRANSPILE_ONLY=true,
// ES2020/nodenext; the entry module's exports (or its default export, called when it is a function) become the stack
// outputs. Every run loads the program afresh, so a program edit between two commands takes effect.
"use strict";
const fs = require("fs");
const path = require("path");

const entry = process.argv[2] && path.resolve(process.argv[2]);
if (!entry || !fs.existsSync(entry)) {
  process.stderr.write(`usage: programHost.js <entry file> (got ${JSON.stringify(process.argv[2])})\n`);
  process.exit(2);
}
const programDir = path.dirname(entry);
// Modules resolve from the program, as they do under the language host.
const fromProgram = (id) => require(require.resolve(id, { paths: [programDir] }));

if (/\.tsx?$/.test(entry)) {
  const tsconfig = path.join(programDir, process.env.PULUMI_NODEJS_TSCONFIG_PATH ?? "tsconfig.json");
  fromProgram("ts-node").register({
    transpileOnly: process.env.PULUMI_NODEJS_TRANSPILE_ONLY === "true",
    project: fs.existsSync(tsconfig) ? tsconfig : undefined,
    skipProject: !fs.existsSync(tsconfig),
    compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: true },
  });
}

const grpc = fromProgram("@grpc/grpc-js");
const { LanguageServer } = fromProgram("@pulumi/pulumi/automation/server");
const langrpc = fromProgram("@pulumi/pulumi/proto/language_grpc_pb");
const { grpcChannelOptions } = fromProgram("@pulumi/pulumi/runtime");

/** Loads the program afresh: every module of the program's own folder is evicted from the module cache first. */
async function program() {
  for (const id of Object.keys(require.cache)) {
    if (id.startsWith(programDir + path.sep) && !id.includes(`${path.sep}node_modules${path.sep}`)) {
      delete require.cache[id];
    }
  }
  let exported = require(entry);
  if (Object.getOwnPropertyDescriptor(exported, "default") !== undefined) {
    if (Object.keys(exported).some((k) => k !== "default" && k !== "__esModule")) {
      throw new Error("expected entrypoint module to have either a default export or named exports but not both");
    }
    exported = exported.default;
  }
  if (typeof exported === "function") exported = exported();
  return await exported;
}

const server = new grpc.Server(grpcChannelOptions);
server.addService(langrpc.LanguageRuntimeService, new LanguageServer(program));
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) {
    process.stderr.write(`programHost: cannot listen: ${error.message}\n`);
    process.exit(1);
  }
  process.stdout.write(`${port}\n`);
});

const stop = () => {
  server.forceShutdown();
  process.exit(0);
};
process.stdin.on("end", stop).on("error", stop).resume();
process.on("SIGTERM", stop);
