import * as assert from "assert";
import { filterableFields } from "../../provider/ontap";
import type { SessionJson } from "../../provider/cli/commands/sessions";
import { asAdmin, assertAligned, parseJson, runCli, useSimulator } from "./helpers";

describe("cli: sessions", () => {
  const sim = useSimulator({ svms: 3 });

  /** Sessions of the active scope as the simulator holds them. */
  function current(): Array<{ owner: string; id: string; svm?: string; node?: string }> {
    const mode = sim().control.state().mode;
    return sim()
      .control.sessions()
      .filter((s) => s.scope === mode)
      .map((s) => ({ owner: s.record.uuid!, id: s.record.id!, svm: s.record.svm?.name, node: s.record.node?.name }));
  }

  function first(): { owner: string; id: string } {
    const [session] = current();
    return session;
  }

  describe("list", () => {
    it("prints an aligned table with <owner-uuid>/<id> in the SESSION column", async () => {
      const { code, stdout, stderr } = await runCli(sim(), ["sessions", "list"]);
      assert.strictEqual(code, 0, stderr);
      const lines = stdout.trimEnd().split("\n");
      assert.match(lines[0], /^SESSION\s+NODE\s+SVM\s+ENGINE\s+OPERATION\s+DATA\s+MOVER\s+BYTES\s+CLIENT\s+PATH$/);
      const sessions = current();
      assert.strictEqual(lines.length, 1 + sessions.length);
      for (const s of sessions) {
        assert.ok(
          lines.some((l) => l.startsWith(`${s.owner}/${s.id} `) && l.includes(` ${s.svm} `)),
          `${s.owner}/${s.id} missing:\n${stdout}`,
        );
        assert.match(s.id, /^\d+:\d+$/, "SVM-scope ids contain a colon");
      }
      assertAligned(stdout, ["SESSION", "NODE", "SVM", "ENGINE", "OPERATION", "DATA", "MOVER", "CLIENT", "PATH"]);
    });

    it("prints {sessions: [...]} with ref, owner and ONTAP's fields (no _links) in JSON", async () => {
      const { code, stdout } = await runCli(sim(), ["sessions", "list", "--json"]);
      assert.strictEqual(code, 0);
      const { sessions } = parseJson<{ sessions: SessionJson[] }>(stdout);
      const expected = sim()
        .control.sessions()
        .filter((s) => s.scope === "svm");
      assert.strictEqual(sessions.length, expected.length);
      for (const s of sessions) {
        assert.deepStrictEqual(Object.keys(s).slice(0, 3), ["ref", "owner", "id"]);
        assert.strictEqual(s.ref, `${s.owner}/${s.id}`);
        assert.strictEqual(s.owner, s.uuid);
        assert.strictEqual(s.owner, s.svm?.uuid);
        assert.ok(!JSON.stringify(s).includes("_links"));
        const record = expected.find((e) => e.record.id === s.id)!.record;
        assert.strictEqual(s.data?.bytes_processed, record.data?.bytes_processed);
        assert.strictEqual(s.backup_engine, record.backup_engine);
      }
    });

    it("passes --filter to ONTAP, with its operators, and ANDs several filters", async () => {
      const bySvm = await runCli(sim(), ["sessions", "list", "--json", "--filter", "svm.name=svm2"]);
      assert.strictEqual(bySvm.code, 0, bySvm.stderr);
      assert.deepStrictEqual(
        parseJson<{ sessions: SessionJson[] }>(bySvm.stdout).sessions.map((s) => s.svm?.name),
        ["svm2"],
      );

      const or = await runCli(sim(), ["sessions", "list", "--json", "--filter=svm.name=svm1|svm3"]);
      assert.deepStrictEqual(
        parseJson<{ sessions: SessionJson[] }>(or.stdout)
          .sessions.map((s) => s.svm?.name)
          .sort(),
        ["svm1", "svm3"],
      );

      const all = parseJson<{ sessions: SessionJson[] }>((await runCli(sim(), ["sessions", "list", "--json"])).stdout);
      const threshold = Math.min(...all.sessions.map((s) => s.data!.bytes_processed!));
      const bigger = await runCli(sim(), [
        "sessions",
        "list",
        "--json",
        "--filter",
        `data.bytes_processed=>${threshold}`,
        "--filter",
        "svm.name=svm*",
      ]);
      const names = parseJson<{ sessions: SessionJson[] }>(bigger.stdout).sessions;
      assert.strictEqual(names.length, all.sessions.length - 1);
      assert.ok(names.every((s) => s.data!.bytes_processed! > threshold));

      const query = sim()
        .control.requestLog()
        .map((e) => e.query)
        .filter((q) => q.includes("bytes_processed"));
      assert.strictEqual(query.length, 1);
      assert.match(decodeURIComponent(query[0]), /data\.bytes_processed=>\d+/);
      assert.match(decodeURIComponent(query[0]), /svm\.name=svm\*/);
    });

    it("says so when nothing matches ({sessions: []} in JSON)", async () => {
      const table = await runCli(sim(), ["sessions", "list", "--filter", "svm.name=nope"]);
      assert.strictEqual(table.code, 0);
      assert.strictEqual(table.stdout, "No NDMP sessions match.\n");
      const json = await runCli(sim(), ["sessions", "list", "--json", "--filter", "svm.name=nope"]);
      assert.deepStrictEqual(parseJson(json.stdout), { sessions: [] });
    });

    it("refuses an unknown filter field with the allowed list, before any request (exit 2)", async () => {
      sim().control.clearRequestLog();
      const { code, stdout, stderr } = await runCli(sim(), ["sessions", "list", "--filter", "password=x"]);
      assert.strictEqual(code, 2);
      assert.strictEqual(stdout, "");
      assert.match(stderr, /'password' is not a session field ONTAP can filter on/);
      for (const field of filterableFields("ndmp_session")) assert.ok(stderr.includes(field), field);
      assert.deepStrictEqual(sim().control.requestLog(), []);
    });

    it("refuses a filter without '=' or without a value, and a field given twice (exit 2)", async () => {
      for (const filter of [["data.state"], ["data.state="], ["svm.name=a", "svm.name=b"]]) {
        const args = filter.flatMap((f) => ["--filter", f]);
        const { code, stderr } = await runCli(sim(), ["sessions", "list", ...args]);
        assert.strictEqual(code, 2, `${filter}: ${stderr}`);
        assert.match(stderr, /^ontap-ndmp: --filter /);
      }
    });

    it("reports ONTAP's refusal of a filter value with its code and hint (exit 1)", async () => {
      const { code, stderr } = await runCli(sim(), ["sessions", "list", "--filter", "data.state=sleeping"]);
      assert.strictEqual(code, 1);
      assert.match(stderr, /400 262197/);
      assert.match(stderr, /\n {2}hint: /);
    });

    it("lists node-scope sessions (ids without a colon, no SVM column)", async () => {
      await asAdmin(sim(), (client) => client.patchNdmpMode("node"));
      const { code, stdout } = await runCli(sim(), ["sessions", "list"]);
      assert.strictEqual(code, 0);
      assert.match(stdout.split("\n")[0], /^SESSION\s+NODE\s+ENGINE\s/);
      for (const s of current()) {
        assert.match(s.id, /^\d+$/);
        assert.ok(stdout.includes(`${s.owner}/${s.id} `), stdout);
      }
    });
  });

  describe("show", () => {
    it("shows every field as aligned key: value lines, with a colon in the id", async () => {
      const s = first();
      const { code, stdout, stderr } = await runCli(sim(), ["sessions", "show", `${s.owner}/${s.id}`]);
      assert.strictEqual(code, 0, stderr);
      const lines = stdout.trimEnd().split("\n");
      assert.match(lines[0], new RegExp(`^session: +${s.owner}/${s.id}$`));
      assert.ok(lines.some((l) => /^owner: +/.test(l) && l.endsWith(s.owner)));
      assert.ok(lines.some((l) => /^id: +/.test(l) && l.endsWith(s.id)));
      assert.ok(lines.some((l) => /^data\.bytes_processed: +\d+$/.test(l)));
      assert.ok(lines.some((l) => /^svm\.name: +svm\d$/.test(l)));
      const valueColumn = new Set(lines.map((l) => l.search(/: +\S/) + l.match(/: +/)![0].length));
      assert.strictEqual(valueColumn.size, 1, `values not aligned:\n${stdout}`);
      assert.ok(!stdout.includes("_links") && !stdout.includes("href"));
    });

    it("prints the session object in JSON, the same as in the list", async () => {
      const s = first();
      const { stdout } = await runCli(sim(), ["sessions", "show", `${s.owner}/${s.id}`, "--json"]);
      const shown = parseJson<SessionJson>(stdout);
      const listed = parseJson<{ sessions: SessionJson[] }>(
        (await runCli(sim(), ["sessions", "list", "--json"])).stdout,
      ).sessions.find((x) => x.ref === shown.ref);
      assert.deepStrictEqual(shown, listed);
    });

    it("reports an unknown session: 404 code 4 with a hint pointing at 'sessions list' (exit 1)", async () => {
      const s = first();
      const { code, stdout, stderr } = await runCli(sim(), ["sessions", "show", `${s.owner}/9999:9999`]);
      assert.strictEqual(code, 1);
      assert.strictEqual(stdout, "");
      assert.match(stderr, /failed: 404 4 /);
      assert.match(stderr, /hint: No such session .*'ontap-ndmp sessions list'/);
    });

    it("refuses a malformed owner uuid as a usage error before any request (exit 2)", async () => {
      const { code, stderr } = await runCli(sim(), ["sessions", "show", "not-a-uuid/2000:4000"]);
      assert.strictEqual(code, 2);
      assert.match(
        stderr,
        /'not-a-uuid\/2000:4000' is not a session <owner-uuid>\/<id>: the owner is the UUID of a node/,
      );
      assert.strictEqual(sim().control.counters().total, 0);
    });

    it("gives the ONTAP error as JSON on stderr with --json", async () => {
      const s = first();
      const { code, stdout, stderr } = await runCli(sim(), ["sessions", "show", `${s.owner}/1:1`, "--json"]);
      assert.strictEqual(code, 1);
      assert.strictEqual(stdout, "");
      const { error } = parseJson(stderr);
      assert.strictEqual(error.exit_code, 1);
      assert.strictEqual(error.kind, "http");
      assert.strictEqual(error.status, 404);
      assert.strictEqual(error.code, "4");
      assert.strictEqual(error.target, "session.id");
      assert.match(error.hint, /sessions list/);
      assert.match(error.message, /^ONTAP GET \/api\/protocols\/ndmp\/sessions\//);
    });

    it("refuses a reference that is not <owner-uuid>/<id> (exit 2)", async () => {
      for (const ref of ["2000", "/2000", "abc/"]) {
        const { code, stderr } = await runCli(sim(), ["sessions", "show", ref]);
        assert.strictEqual(code, 2, ref);
        assert.match(stderr, /is not a session: expected <owner-uuid>\/<id>/);
      }
    });
  });

  describe("kill", () => {
    const exists = (s: { owner: string; id: string }): boolean =>
      current().some((x) => x.owner === s.owner && x.id === s.id);

    it("kills with --yes, without asking", async () => {
      const s = first();
      const { code, stdout, stderr } = await runCli(sim(), ["sessions", "kill", `${s.owner}/${s.id}`, "--yes"]);
      assert.strictEqual(code, 0, stderr);
      assert.strictEqual(stdout, `Killed NDMP session ${s.owner}/${s.id}.\n`);
      assert.strictEqual(stderr, "");
      assert.ok(!exists(s));
      const again = await runCli(sim(), ["sessions", "show", `${s.owner}/${s.id}`]);
      assert.strictEqual(again.code, 1);
    });

    it("prints {killed, owner, id} with --json (and -y works)", async () => {
      const s = first();
      const { code, stdout } = await runCli(sim(), ["sessions", "kill", "-y", `${s.owner}/${s.id}`, "--json"]);
      assert.strictEqual(code, 0);
      assert.deepStrictEqual(parseJson(stdout), { killed: true, owner: s.owner, id: s.id });
    });

    it("refuses without a terminal and without --yes, before any request (exit 4)", async () => {
      const s = first();
      sim().control.clearRequestLog();
      const { code, stdout, stderr } = await runCli(sim(), ["sessions", "kill", `${s.owner}/${s.id}`], {
        stdinTTY: false,
        stdoutTTY: true,
      });
      assert.strictEqual(code, 4);
      assert.strictEqual(stdout, "");
      assert.match(stderr, /not killing session .*stdin is not a terminal/);
      assert.match(stderr, /--yes/);
      assert.deepStrictEqual(sim().control.requestLog(), []);
      assert.ok(exists(s));
    });

    it("asks on a terminal and kills when the answer is yes", async () => {
      const s = first();
      const { code, stdout, stderr } = await runCli(sim(), ["sessions", "kill", `${s.owner}/${s.id}`], {
        stdinTTY: true,
        input: "y\n",
      });
      assert.strictEqual(code, 0, stderr);
      assert.match(stderr, new RegExp(`NDMP session ${s.owner}/${s.id} \\(cluster1-0\\d, svm\\d\\)`));
      assert.match(stderr, /Kill this session\? \[y\/N\] $/);
      assert.strictEqual(stdout, `Killed NDMP session ${s.owner}/${s.id}.\n`);
      assert.ok(!exists(s));
    });

    it("keeps the session when the answer is no, empty or missing (exit 4)", async () => {
      const s = first();
      for (const [input, end] of [
        ["n\n", false],
        ["\n", false],
        ["", true],
      ] as const) {
        const { code, stdout, stderr } = await runCli(sim(), ["sessions", "kill", `${s.owner}/${s.id}`], {
          stdinTTY: true,
          input,
          endInput: end,
        });
        assert.strictEqual(code, 4, JSON.stringify(input));
        assert.strictEqual(stdout, "");
        assert.match(stderr, /not killed: not confirmed/);
        assert.ok(exists(s));
      }
    });

    it("reports an unknown session before asking (exit 1)", async () => {
      const s = first();
      const { code, stderr } = await runCli(sim(), ["sessions", "kill", `${s.owner}/7777:7777`], {
        stdinTTY: true,
        input: "y\n",
      });
      assert.strictEqual(code, 1);
      assert.match(stderr, /404 4 /);
      assert.ok(!stderr.includes("[y/N]"));
    });

    it("reports an unknown session with --yes: 404 code 4 (exit 1)", async () => {
      const s = first();
      const { code, stderr } = await runCli(sim(), ["sessions", "kill", `${s.owner}/7777:7777`, "--yes"]);
      assert.strictEqual(code, 1);
      assert.match(stderr, /ONTAP DELETE .* failed: 404 4 /);
    });

    it("kills a node-scope session", async () => {
      await asAdmin(sim(), (client) => client.patchNdmpMode("node"));
      const s = first();
      assert.match(s.id, /^\d+$/);
      const { code } = await runCli(sim(), ["sessions", "kill", `${s.owner}/${s.id}`, "--yes"]);
      assert.strictEqual(code, 0);
      assert.ok(!exists(s));
    });
  });
});
