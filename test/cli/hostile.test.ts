// Issue 10 through the CLI, in process and as the built binary, against a hostile server (plain HTTP on loopback,
// which the CLI accepts for a local host): names, states and messages from the network never reach the terminal raw
// (class 6) nor unbounded (7); answers that are not ONTAP's get no ONTAP hint (8); arguments are checked before any
// request, with usage errors exiting 2 in the user's words (9); names like built-in properties are just names (10);
// and with the blind redaction gone, a short or common password no longer mangles messages (5).
import * as assert from "assert";
import * as http from "http";
import { AddressInfo } from "net";
import { firstUnsafeCharacter } from "../../provider/ontap";
import { bin, ensureBuilt } from "./binary";
import { runCli, RunOptions } from "./helpers";

const OWNER = "8c4e2cf2-0c1d-4c9b-9a52-7f0c8f7bb2a1";
const NASTY = [
  "svm\u001b[2J\u001b[H",
  "svm\u001b]0;owned\u0007",
  "svm\u009b31m",
  "evil\u202etxt.exe",
  "zero\u200bwidth",
  `long${"x".repeat(100_000)}`,
];

interface Reply {
  status: number;
  body: unknown;
  type?: string;
}

// eslint-disable-next-line no-control-regex
const OWN_COLOURS = /\u001b\[(?:0|1|2|31|32)m/g;

/**
 * Our own colour codes (output.ts) are the only escape sequences allowed in what the CLI prints, and text for people
 * is bounded. JSON is data for scripts: complete (a name is never cut), but escaped as well.
 */
function assertTerminalSafe(text: string, what: string, json = false): void {
  const unsafe = firstUnsafeCharacter(text.replace(OWN_COLOURS, "").replace(/\n/g, ""));
  assert.strictEqual(unsafe, undefined, `${what} prints ${JSON.stringify(unsafe)}:\n${text.slice(0, 500)}`);
  if (json) return;
  for (const line of text.split("\n")) assert.ok(line.length < 2500, `${what}: a line of ${line.length} characters`);
}

describe("cli: hostile servers and hostile arguments", function () {
  this.timeout(60_000);
  let server: http.Server;
  let url: string;
  let requests: string[] = [];
  let routes: Record<string, Reply> = {};

  before(async () => {
    server = http.createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      const path = (req.url ?? "").split("?")[0];
      const reply = Object.hasOwn(routes, `${req.method} ${path}`)
        ? routes[`${req.method} ${path}`]
        : { status: 404, body: { error: { code: "4", message: "entry doesn't exist" } } };
      const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { "Content-Type": reply.type ?? "application/json" });
      res.end(text);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await ensureBuilt();
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    requests = [];
    routes = {
      "GET /api/protocols/ndmp": { status: 200, body: { mode: "svm" } },
      "GET /api/protocols/ndmp/svms": {
        status: 200,
        body: {
          records: NASTY.map((name, i) => ({
            svm: { name, uuid: `${OWNER.slice(0, -1)}${i}` },
            enabled: i % 2 === 0,
            authentication_types: ["challenge"],
          })),
          num_records: NASTY.length,
        },
      },
      "GET /api/protocols/ndmp/sessions": {
        status: 200,
        body: {
          records: [
            {
              id: "2000:4000",
              uuid: OWNER,
              node: { name: "node\u001b[31m1", uuid: OWNER },
              svm: { name: NASTY[0], uuid: OWNER },
              data_path: "/vol/\u001b[2Jvol1",
              backup_engine: "dump",
              data: { state: "active", operation: "backup" },
            },
          ],
          num_records: 1,
        },
      },
      [`GET /api/protocols/ndmp/sessions/${OWNER}/2000:4000`]: {
        status: 200,
        body: { id: "2000:4000", uuid: OWNER, node: { name: "n\u009b2J" }, data_path: "/v\u202eol" },
      },
    };
  });

  const env = (extra: Record<string, string> = {}) => ({
    ONTAP_HOST: url,
    ONTAP_USERNAME: "admin",
    ONTAP_PASSWORD: "Hostile-Test-Pw-1",
    ...extra,
  });
  const cli = (args: string[], options: RunOptions = {}) =>
    runCli(undefined, args, { ...options, env: { ...env(), ...(options.env ?? {}) } });

  describe("data from the network is escaped and bounded (tables, key/values, JSON, prompts, errors)", () => {
    const commands: Array<[string, string[]]> = [
      ["status", ["status"]],
      ["status --json", ["status", "--json"]],
      ["sessions list", ["sessions", "list"]],
      ["sessions list --json", ["sessions", "list", "--json"]],
      ["sessions show", ["sessions", "show", `${OWNER}/2000:4000`]],
      ["sessions show --json", ["sessions", "show", `${OWNER}/2000:4000`, "--json"]],
    ];
    for (const [name, args] of commands) {
      for (const tty of [false, true]) {
        it(`${name}${tty ? " (on a terminal, with colour)" : ""}`, async () => {
          const { code, stdout, stderr } = await cli(args, { stdoutTTY: tty });
          assert.strictEqual(code, 0, stderr);
          assertTerminalSafe(stdout, name, args.includes("--json"));
          if (args.includes("--json")) {
            const parsed = JSON.parse(stdout);
            // The JSON value is intact: escaping is only how it is written.
            if (name === "status --json")
              assert.deepStrictEqual(
                parsed.svms.map((s: { name: string }) => s.name),
                NASTY,
              );
          } else if (name === "status") {
            assert.ok(stdout.includes("svm\\u{1b}[2J\\u{1b}[H"), stdout.slice(0, 300));
            assert.ok(stdout.includes("evil\\u{202e}txt.exe"));
          }
        });
      }
    }

    it("the kill prompt shows the session's names escaped", async () => {
      const { code, stderr } = await cli(["sessions", "kill", `${OWNER}/2000:4000`], {
        stdinTTY: true,
        input: "n\n",
      });
      assert.strictEqual(code, 4);
      assertTerminalSafe(stderr, "kill prompt");
      assert.match(stderr, /n\\u\{9b\}2J/);
    });

    it("an ONTAP error message with escapes, 100,000 characters long, is escaped and bounded", async () => {
      routes["GET /api/protocols/ndmp"] = {
        status: 400,
        body: { error: { code: "262197", message: `bad\u001b[2J\u009b${"m".repeat(100_000)}`, target: "\u202ex" } },
      };
      for (const json of [false, true]) {
        const { code, stderr } = await cli(["status", ...(json ? ["--json"] : [])]);
        assert.strictEqual(code, 1);
        assertTerminalSafe(stderr, "error");
        assert.ok(stderr.length < 2000, `${stderr.length} characters`);
        if (!json) assert.match(stderr, /bad\\u\{1b\}\[2J\\u\{9b\}m{10}/);
      }
    });

    it("a mode named like a built-in property is reported as unknown, not looked up", async () => {
      for (const mode of ["constructor", "__proto__", "toString"]) {
        routes["GET /api/protocols/ndmp"] = { status: 200, body: { mode } };
        const { code, stdout, stderr } = await cli(["status"]);
        assert.strictEqual(code, 1, stderr);
        assert.strictEqual(stdout, "");
        assert.match(
          stderr,
          new RegExp(`ONTAP reported NDMP mode "${mode}", which this version of ontap-ndmp does not know`),
        );
        assert.doesNotMatch(stderr, /function|native code/);
      }
    });
  });

  describe("answers that are not ONTAP's", () => {
    it("an HTML 200 page: exit 3, 'does not answer as an ONTAP REST API', with what answered", async () => {
      for (const key of Object.keys(routes))
        routes[key] = { status: 200, body: "<html>Router login</html>", type: "text/html" };
      const { code, stderr } = await cli(["status"]);
      assert.strictEqual(code, 3, stderr);
      assert.match(
        stderr,
        /the host does not answer as an ONTAP REST API \(HTTP 200 OK, text\/html, 25 bytes: "<html>Router login<\/html>"\)/,
      );
      assert.match(stderr, /hint: The host does not answer as an ONTAP REST API: check host and port/);
    });

    it("another web server's 404: not 'no such session' nor 'the object does not exist'", async () => {
      routes[`GET /api/protocols/ndmp/sessions/${OWNER}/2000:4000`] = {
        status: 404,
        body: "<html>404 Not Found</html>",
        type: "text/html",
      };
      const { code, stderr } = await cli(["sessions", "show", `${OWNER}/2000:4000`]);
      assert.strictEqual(code, 3, stderr);
      assert.match(stderr, /does not answer as an ONTAP REST API \(HTTP 404 Not Found, text\/html/);
      assert.doesNotMatch(stderr, /No such session|does not exist/);
    });

    it("plain HTTP on the port given for HTTPS: exit 3, the port does not speak TLS (no --ca-cert advice)", async () => {
      const { code, stderr } = await cli(["status"], { env: { ONTAP_HOST: url.replace("http:", "https:") } });
      assert.strictEqual(code, 3, stderr);
      assert.match(stderr, /the host does not answer as an ONTAP REST API over HTTPS: its first bytes were not TLS/);
      assert.match(stderr, /hint: The host does not answer as an ONTAP REST API over HTTPS on this port/);
      assert.doesNotMatch(stderr, /--ca-cert|--insecure|certificate is not trusted/);
    });
  });

  describe("arguments are checked before any request: exit 2, in the user's words", () => {
    const usage: Array<[string, string[], RegExp]> = [
      [
        "an owner that is not a uuid",
        ["sessions", "show", "not-a-uuid/1"],
        /'not-a-uuid\/1' is not a session <owner-uuid>\/<id>: the owner is the UUID/,
      ],
      [
        "an id with letters",
        ["sessions", "show", `${OWNER}/abc`],
        /is not a session <owner-uuid>\/<id>: a session id is digits/,
      ],
      [
        "an id of three parts",
        ["sessions", "kill", `${OWNER}/1:2:3`, "--yes"],
        /a session id is digits, or two groups of digits/,
      ],
      ["an id that is a path", ["sessions", "show", `${OWNER}/../../cluster`], /a session id is digits/],
      ["no id", ["sessions", "show", `${OWNER}/`], /is not a session: expected <owner-uuid>\/<id>/],
      ["no owner", ["sessions", "kill", "/2000", "--yes"], /is not a session: expected <owner-uuid>\/<id>/],
      [
        "an SVM name with a wildcard",
        ["password", "svm*", "backup_user", "--reveal"],
        /<svm> 'svm\*' is not an SVM name or UUID: .*\(ONTAP vserver create\)/,
      ],
      [
        "an SVM name of 48 characters",
        ["password", "s".repeat(48), "backup_user", "--reveal"],
        /it has 48 characters; an SVM name has at most 47/,
      ],
      ["an empty SVM", ["password", "", "backup_user", "--reveal"], /<svm> '' is not an SVM name or UUID: it is empty/],
      ["an empty user", ["password", "svm1", "", "--reveal"], /<user> '' is refused: it is empty/],
      [
        "a user with a control character",
        ["password", "svm1", "u\u0007", "--reveal"],
        /<user> 'u\\u\{7\}' is refused: it holds an invisible or control character/,
      ],
      [
        "a filter value with an escape",
        ["sessions", "list", "--filter", "svm.name=a\u001b[2J"],
        /--filter svm\.name: the value holds an invisible or control character \(U\+001B at position 2\)/,
      ],
      [
        "a filter value of 2,000 characters",
        ["sessions", "list", "--filter", `svm.name=${"a".repeat(2000)}`],
        /the value has 2000 characters; at most 1024/,
      ],
      [
        "a filter on __proto__",
        ["sessions", "list", "--filter", "__proto__=x"],
        /--filter: '__proto__' is not a session field/,
      ],
      [
        "a filter on constructor",
        ["sessions", "list", "--filter", "constructor=x"],
        /--filter: 'constructor' is not a session field/,
      ],
      ["a command named constructor", ["constructor"], /unknown command 'constructor'/],
      ["a subcommand named __proto__", ["sessions", "__proto__"], /unknown sessions subcommand '__proto__'/],
      ["a command line word with escapes", ["status", "\u001b[2Jx"], /unexpected argument '\\u\{1b\}\[2Jx'/],
      ["a 10,000-character argument", ["status", "y".repeat(10_000)], /unexpected argument 'y{60}…'/],
    ];
    for (const [name, args, message] of usage) {
      it(name, async () => {
        const { code, stdout, stderr } = await cli(args);
        assert.strictEqual(code, 2, stderr);
        assert.strictEqual(stdout, "");
        assert.match(stderr, message);
        assert.doesNotMatch(stderr, /ownerUuid|sessionId|svmUuid|\buuid\b.*non-empty/);
        assertTerminalSafe(stderr, name);
        assert.deepStrictEqual(requests, [], "a request was sent");
      });
    }
  });

  describe("no blind redaction: short and common passwords leave messages intact", () => {
    for (const password of ["e", "a", "admin", "svm1"]) {
      it(`password ${JSON.stringify(password)}: messages are not mangled, and the word equal to it is not shown`, async () => {
        const options = { env: { ONTAP_PASSWORD: password }, secrets: [] };
        const usage = await cli(["status", "stray-argument"], options);
        assert.strictEqual(usage.code, 2);
        assert.match(
          usage.stderr,
          /^ontap-ndmp: 'ontap-ndmp status' takes no arguments: unexpected argument 'stray-argument'\.\n/,
        );
        assert.doesNotMatch(usage.stderr, /redacted/);
        const typed = await cli(["status", password], options);
        assert.match(typed.stderr, /unexpected argument \(a password, not shown\)/);
        routes["GET /api/protocols/ndmp"] = {
          status: 400,
          body: { error: { code: "262197", message: "Invalid value for the field" } },
        };
        const ontap = await cli(["status"], options);
        assert.strictEqual(ontap.code, 1);
        assert.doesNotMatch(ontap.stderr, /redacted/);
        assert.match(ontap.stderr, /ONTAP GET \/api\/protocols\/ndmp failed: 400 262197/);
      });
    }
  });

  describe("the built binary", () => {
    it("prints hostile names escaped, refuses a bad session reference (exit 2, nothing sent), keeps messages whole", async () => {
      const [status, json, badRef, short] = await Promise.all([
        bin(["status"], env()),
        bin(["sessions", "list", "--json"], env()),
        bin(["sessions", "show", "not-a-uuid/1"], env()),
        bin(["sessions", "show", "nope"], env({ ONTAP_PASSWORD: "e" })),
      ]);
      assert.strictEqual(status.code, 0, status.stderr);
      assertTerminalSafe(status.stdout, "status");
      assert.ok(status.stdout.includes("svm\\u{1b}[2J\\u{1b}[H"));
      assert.strictEqual(json.code, 0, json.stderr);
      assertTerminalSafe(json.stdout, "sessions list --json", true);
      assert.strictEqual(JSON.parse(json.stdout).sessions[0].data_path, "/vol/\u001b[2Jvol1");
      assert.strictEqual(badRef.code, 2, badRef.stderr);
      assert.match(badRef.stderr, /^ontap-ndmp: 'not-a-uuid\/1' is not a session <owner-uuid>\/<id>/);
      assert.strictEqual(short.code, 2);
      assert.match(short.stderr, /^ontap-ndmp: 'nope' is not a session: expected <owner-uuid>\/<id>, e\.g\. 8c4e2cf2/);
      assert.ok(!requests.some((r) => r.includes("not-a-uuid")), "the bad reference was sent");
    });
  });
});
