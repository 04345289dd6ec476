import * as assert from "assert";
import { startSimulator } from "../../simulator";
import { asAdmin, assertAligned, parseJson, runCli, SENTINEL_PASSWORD, stripAnsi, useSimulator } from "./helpers";
import type { StatusJson } from "../../provider/cli/commands/status";

describe("cli: status", () => {
  const sim = useSimulator();

  it("shows the SVM scope as a table: mode, then each SVM with enabled and authentication types", async () => {
    const state = sim().control.state();
    const { code, stdout, stderr } = await runCli(sim(), ["status"]);
    assert.strictEqual(code, 0, stderr);
    assert.strictEqual(stderr, "");
    const [modeLine, blank, ...table] = stdout.trimEnd().split("\n");
    assert.strictEqual(modeLine, "NDMP mode: svm (SVM scope)");
    assert.strictEqual(blank, "");
    assert.match(table[0], /^SVM\s+UUID\s+ENABLED\s+AUTHENTICATION$/);
    assert.strictEqual(table.length, 1 + state.svms.length);
    for (const svm of state.svms) {
      assert.ok(
        table.some((l) => new RegExp(`^${svm.name}\\s+${svm.uuid}\\s+no\\s+challenge$`).test(l)),
        `no row for ${svm.name} in\n${stdout}`,
      );
    }
    assertAligned(table.join("\n"), ["SVM", "UUID", "ENABLED", "AUTHENTICATION"]);
    assert.ok(!stdout.includes("\u001b["), "no colour when stdout is not a terminal");
  });

  it("shows the SVM scope as JSON: {mode, svms: [{name, uuid, enabled, authentication_types}]}", async () => {
    await asAdmin(sim(), async (client) => {
      const [first] = await client.listSvms();
      await client.patchSvm(first.svm!.uuid!, { enabled: true, authentication_types: ["plaintext", "challenge"] });
    });
    const { code, stdout } = await runCli(sim(), ["status", "--json"]);
    assert.strictEqual(code, 0);
    const result = parseJson<StatusJson>(stdout);
    const state = sim().control.state();
    assert.deepStrictEqual(result, {
      mode: "svm",
      svms: state.svms.map((s, i) => ({
        name: s.name,
        uuid: s.uuid,
        enabled: i === 0,
        authentication_types: i === 0 ? ["plaintext", "challenge"] : ["challenge"],
      })),
    });
  });

  it("shows the node scope after an administrator switches the mode through the REST API", async () => {
    await asAdmin(sim(), (client) => client.patchNdmpMode("node"));
    const state = sim().control.state();

    const table = await runCli(sim(), ["status"]);
    assert.strictEqual(table.code, 0, table.stderr);
    const lines = table.stdout.trimEnd().split("\n");
    assert.strictEqual(lines[0], "NDMP mode: node (node scope)");
    assert.match(lines[2], /^NODE\s+UUID\s+ENABLED\s+AUTHENTICATION\s+USER$/);
    for (const node of state.nodes) {
      assert.ok(
        lines.some((l) => new RegExp(`^${node.name}\\s+${node.uuid}\\s+yes\\s+plaintext,challenge\\s+root$`).test(l)),
        table.stdout,
      );
    }
    assertAligned(lines.slice(2).join("\n"), ["NODE", "UUID", "ENABLED", "AUTHENTICATION", "USER"]);

    const json = await runCli(sim(), ["status", "--json"]);
    assert.deepStrictEqual(parseJson(json.stdout), {
      mode: "node",
      nodes: state.nodes.map((n) => ({
        name: n.name,
        uuid: n.uuid,
        enabled: true,
        authentication_types: ["plaintext", "challenge"],
        user: "root",
      })),
    });
  });

  it("shows the node scope of a simulator started with mode: node", async () => {
    const nodeSim = await startSimulator({ mode: "node", nodes: 3, password: SENTINEL_PASSWORD });
    try {
      const { code, stdout } = await runCli(nodeSim, ["--json", "status"]);
      assert.strictEqual(code, 0);
      const result = parseJson<StatusJson>(stdout);
      assert.strictEqual(result.mode, "node");
      assert.strictEqual(result.mode === "node" && result.nodes.length, 3);
    } finally {
      await nodeSim.stop();
    }
  });

  it("colours a terminal (bold headers, green/red yes/no) unless NO_COLOR is set; alignment ignores colour", async () => {
    await asAdmin(sim(), async (client) => {
      const [first] = await client.listSvms();
      await client.patchSvm(first.svm!.uuid!, { enabled: true });
    });
    const coloured = await runCli(sim(), ["status"], { stdoutTTY: true, env: { NO_COLOR: undefined } });
    assert.strictEqual(coloured.code, 0);
    assert.ok(coloured.stdout.includes("\u001b[1mSVM"), coloured.stdout);
    assert.ok(coloured.stdout.includes("\u001b[32myes"), coloured.stdout);
    assert.ok(coloured.stdout.includes("\u001b[31mno"), coloured.stdout);
    const plain = await runCli(sim(), ["status"], { stdoutTTY: true, env: { NO_COLOR: "1" } });
    assert.ok(!plain.stdout.includes("\u001b["), plain.stdout);
    assert.strictEqual(stripAnsi(coloured.stdout), plain.stdout);
    assertAligned(plain.stdout.split("\n").slice(2).join("\n"), ["SVM", "UUID", "ENABLED", "AUTHENTICATION"]);
  });

  it("reads nothing but the mode and the active scope's collection", async () => {
    sim().control.clearRequestLog();
    await runCli(sim(), ["status"]);
    const paths = sim()
      .control.requestLog()
      .map((e) => `${e.method} ${e.path.split("?")[0]}`);
    assert.deepStrictEqual(paths, ["GET /api/protocols/ndmp", "GET /api/protocols/ndmp/svms"]);
  });
});
