// Issue 10: the client against servers that are not ONTAP, or that lie: answers that are not ONTAP's get no ONTAP
// hint and never count as "not found" (classes 8); texts from the server are escaped and bounded (6, 7), withheld
// whole when they hold a credential (5); error codes named like built-in properties are unknown codes (10); a lookup
// never takes another object's record for the one asked for (2).
import * as assert from "assert";
import * as http from "http";
import nock from "nock";
import {
  firstUnsafeCharacter,
  literalQueryValue,
  NOT_ONTAP_HINT,
  NOT_TLS_HINT,
  OntapClient,
  OntapConfigError,
  OntapError,
} from "../../provider/ontap";
import { ndmpReaders } from "../../provider/ontap/readers";
import { methods, providerOf } from "../resources/harness";
import {
  BASE,
  HOST,
  SECRET,
  makeClient,
  recordAll,
  rejection,
  startHttpServer,
  stopServer,
  useNock,
  useRealNetwork,
} from "./helpers";

/** The OntapError `fn` rejects with. */
async function ontapRejection(fn: () => Promise<unknown>): Promise<OntapError> {
  const error = await rejection(fn);
  assert.ok(error instanceof OntapError, `not an OntapError: ${String(error)}`);
  return error;
}

const HTML = "<!DOCTYPE html><html><head><title>Welcome to nginx!</title></head><body>…</body></html>";
const UUID = "02c9e252-41be-11e9-81d5-00a0986138f7";
const OTHER_UUID = "12c9e252-41be-11e9-81d5-00a0986138f7";

describe("client: answers that are not ONTAP, and servers that lie", () => {
  describe("answers that are not ONTAP's are said so, with what answered", () => {
    useNock();

    type Call = (c: OntapClient) => Promise<unknown>;
    const rows: Array<{
      name: string;
      status: number;
      body: unknown;
      headers?: Record<string, string>;
      call: Call;
      attempts?: number;
      shows: RegExp;
    }> = [
      {
        name: "an HTML 200 page to a GET",
        status: 200,
        body: HTML,
        headers: { "Content-Type": "text/html; charset=utf-8" },
        call: (c) => c.getNdmpMode(),
        shows: /\(HTTP 200 OK, text\/html, 89 bytes: "<!DOCTYPE html><html><head><title>Welcome to nginx!<\/title>/,
      },
      {
        name: "an HTML 200 page to a PATCH (it used to count as success)",
        status: 200,
        body: HTML,
        headers: { "Content-Type": "text/html" },
        call: (c) => c.patchSvm(UUID, { enabled: true }),
        shows: /\(HTTP 200 OK, text\/html, 89 bytes: /,
      },
      {
        name: "another web server's 404 page",
        status: 404,
        body: "<html><body><h1>404 Not Found</h1></body></html>",
        headers: { "Content-Type": "text/html" },
        call: (c) => c.getSvm(UUID),
        shows: /\(HTTP 404 Not Found, text\/html, 48 bytes: "<html><body><h1>404 Not Found/,
      },
      {
        name: "another REST API's JSON 404",
        status: 404,
        body: { message: "Not Found", documentation_url: "https://docs.example.com" },
        headers: { "Content-Type": "application/json" },
        call: (c) => c.getNode(UUID),
        shows: /\(HTTP 404 Not Found, application\/json, \d+ bytes\)/,
      },
      {
        name: "a proxy's 502 page (retried, then named)",
        status: 502,
        body: "<html>Bad Gateway</html>",
        call: (c) => c.listSvms(),
        attempts: 4,
        shows: /\(HTTP 502 Bad Gateway, not JSON, 24 bytes: "<html>Bad Gateway<\/html>"\)/,
      },
      {
        name: "a web application firewall's 403 page",
        status: 403,
        body: "<html>Request blocked</html>",
        headers: { "Content-Type": "text/html" },
        call: (c) => c.patchNode(UUID, { enabled: false }),
        shows: /\(HTTP 403 Forbidden, text\/html, /,
      },
    ];
    for (const row of rows) {
      it(`${row.name}: "does not answer as an ONTAP REST API", never "not found", no ONTAP hint`, async () => {
        const seen = recordAll(() => [row.status, row.body, row.headers]);
        const { client } = makeClient();
        const error = await ontapRejection(() => row.call(client));
        assert.strictEqual(error.foreign, true);
        assert.strictEqual(error.isNotFound(), false, "a foreign 404 must never make a refresh drop the resource");
        assert.strictEqual(error.code, undefined);
        assert.match(error.message, /the host does not answer as an ONTAP REST API/);
        assert.match(error.message, row.shows);
        assert.strictEqual(error.hint, NOT_ONTAP_HINT);
        assert.doesNotMatch(error.message, /does not exist|certificate|credentials/);
        assert.strictEqual(seen.length, row.attempts ?? 1);
      });
    }

    it("ONTAP's own 404 (code 4) still means not found", async () => {
      recordAll(() => [404, { error: { code: "4", message: "entry doesn't exist" } }]);
      const error = await ontapRejection(() => makeClient().client.getSvm(UUID));
      assert.strictEqual(error.foreign, false);
      assert.strictEqual(error.isNotFound(), true);
    });

    it("a 401 keeps the credentials hint whatever its body", async () => {
      recordAll(() => [401, "<html>Unauthorized</html>"]);
      const error = await ontapRejection(() => makeClient().client.getCluster());
      assert.match(String(error.hint), /Wrong credentials/);
    });

    it("refresh through the runtime: a foreign 404 fails the read instead of dropping the resource", async () => {
      nock(BASE).persist().get(/.*/).query(true).reply(404, "<html>404</html>", { "Content-Type": "text/html" });
      const svm = methods(providerOf("svm"));
      const connection = { host: HOST, username: "admin", password: SECRET, caCert: undefined };
      const props = { svm: "svm1", svmName: "svm1", svmUuid: UUID, host: BASE, onDelete: "retain", connection };
      await assert.rejects(svm.read(UUID, props), /does not answer as an ONTAP REST API \(HTTP 404/);
    });
  });

  describe("texts from the server are escaped, bounded, and withheld whole when they hold a credential", () => {
    useNock();

    const rows: Array<[string, Record<string, unknown>, (e: OntapError) => void]> = [
      [
        "a message that clears the screen and sets the title",
        { error: { code: "262197", message: "bad\u001b[2J\u001b]0;owned\u0007 value", target: "x\u001b[31m" } },
        (e) => {
          assert.strictEqual(e.ontapMessage, "bad\\u{1b}[2J\\u{1b}]0;owned\\u{7} value");
          assert.strictEqual(e.target, "x\\u{1b}[31m");
        },
      ],
      [
        "a message with C1 CSI and bidirectional overrides",
        { error: { code: "262197", message: "ok\u009b2J \u202eevil\u202c \u2066x\u2069" } },
        (e) => assert.strictEqual(e.ontapMessage, "ok\\u{9b}2J \\u{202e}evil\\u{202c} \\u{2066}x\\u{2069}"),
      ],
      [
        "a message of 100,000 characters",
        { error: { code: "65552", message: "m".repeat(100_000), target: "t".repeat(5000) } },
        (e) => {
          assert.strictEqual(e.ontapMessage, `${"m".repeat(500)}…`);
          assert.strictEqual(e.target, `${"t".repeat(100)}…`);
        },
      ],
      [
        "a code of 10,000 characters",
        { error: { code: "9".repeat(10_000), message: "x" } },
        (e) => assert.strictEqual(e.code, `${"9".repeat(20)}…`),
      ],
    ];
    for (const [name, body, check] of rows) {
      it(name, async () => {
        recordAll(() => [400, body]);
        const error = await ontapRejection(() => makeClient({ retry: { maxAttempts: 1 } }).client.getCluster());
        check(error);
        assert.strictEqual(firstUnsafeCharacter(error.message), undefined, error.message.slice(0, 200));
        assert.ok(error.message.length < 1500, `${error.message.length} characters`);
      });
    }

    for (const [name, password, message] of [
      ["a short password inside a word", "ent", "entry doesn't exist"],
      ["a common password", "admin", "Only admin accounts may do that"],
      ["the Basic token", "Str0ng-Pass", `header was Basic ${Buffer.from("admin:Str0ng-Pass").toString("base64")}`],
    ] as const) {
      it(`withholds a text holding ${name}, instead of cutting it out (which would show it)`, async () => {
        recordAll(() => [400, { error: { code: "262197", message, target: message } }]);
        const { client } = makeClient({ password, retry: { maxAttempts: 1 } });
        const error = await ontapRejection(() => client.getCluster());
        assert.strictEqual(error.ontapMessage, "(withheld: the text contained this connection's credentials)");
        assert.strictEqual(error.target, "(withheld: the text contained this connection's credentials)");
        assert.ok(!error.message.includes("[secret]") && !error.message.includes(message));
      });
    }

    it("withholds the start of an HTML page that reflects the credentials", async () => {
      recordAll(() => [200, `<html>you sent ${SECRET}</html>`, { "Content-Type": "text/html" }]);
      const error = await ontapRejection(() => makeClient().client.getCluster());
      assert.match(
        error.message,
        /text\/html, \d+ bytes: "\(withheld: the text contained this connection's credentials\)"/,
      );
      assert.ok(!error.message.includes(SECRET));
    });

    for (const code of ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"]) {
      it(`an ONTAP code "${code}" is an unknown code like any other (no hint read from Object.prototype)`, async () => {
        recordAll(() => [400, { error: { code, message: "odd" } }]);
        const error = await ontapRejection(() => makeClient().client.getCluster());
        assert.strictEqual(error.code, code);
        assert.strictEqual(error.hint, undefined);
        assert.doesNotMatch(error.message, /function|native code|\[object/);
      });
    }

    it("count() of a collection named like a built-in property is refused like any unknown collection", async () => {
      const { client } = makeClient();
      for (const name of ["constructor", "__proto__", "toString"]) {
        await assert.rejects(
          client.count(name as "svms"),
          (e: Error) => e instanceof OntapConfigError && /Invalid collection/.test(e.message),
        );
      }
    });
  });

  describe("lookups never take another object's record", () => {
    useNock();

    it("findSvm ignores records of other names (a server that ignores the filter, or reads it loosely)", async () => {
      const seen = recordAll(() => [
        200,
        {
          records: [
            { svm: { name: "vs1", uuid: OTHER_UUID } },
            { svm: { name: "VS1*", uuid: OTHER_UUID } },
            { svm: { name: "vs1*", uuid: UUID } },
          ],
          num_records: 3,
        },
      ]);
      const { client } = makeClient();
      assert.deepStrictEqual(await client.findSvm("vs1*"), { name: "vs1*", uuid: UUID });
      assert.strictEqual(await client.findSvm("vs*"), undefined);
      assert.strictEqual(await client.findSvm("vs1|vs2"), undefined);
      assert.deepStrictEqual(
        seen.map((s) => new URL(s.url, BASE).searchParams.get("svm.name")),
        ['"vs1*"', '"vs*"', '"vs1|vs2"'],
      );
    });

    it("the runtime's readers: a lone read by name takes only that name; by uuid refuses another object", async () => {
      recordAll((s) =>
        s.url.includes(`/svms/${UUID}`)
          ? [200, { svm: { name: "other", uuid: OTHER_UUID }, enabled: true }]
          : [200, { records: [{ svm: { name: "svm10", uuid: OTHER_UUID } }], num_records: 1 }],
      );
      const { client } = makeClient();
      const readers = ndmpReaders(client, { enabled: false });
      assert.strictEqual(await readers.svms.byName.read("svm1"), undefined);
      await assert.rejects(readers.svms.byUuid.read(UUID), /the record of another SVM than the one asked for/);
    });

    it("a password answer for another SVM or user is refused", async () => {
      recordAll((s) =>
        s.url.includes("/passwords/backup")
          ? [200, { svm: { uuid: OTHER_UUID, name: "other" }, user: "backup", password: "p" }]
          : [200, { svm: { uuid: UUID }, user: "someone-else", password: "p" }],
      );
      const { client } = makeClient();
      await assert.rejects(client.generatePassword(UUID, "backup"), /password of another SVM or user/);
      await assert.rejects(client.generatePassword(UUID, "other"), /password of another SVM or user/);
    });

    const literals: Array<[string, string]> = [
      ["svm1", "svm1"],
      ["vs1*", '"vs1*"'],
      ["vs1|vs2", '"vs1|vs2"'],
      ["vs1,vs2", '"vs1,vs2"'],
      ["!vs1", '"!vs1"'],
      ["<vs2", '"<vs2"'],
      [">=vs1", '">=vs1"'],
      ["a..b", '"a..b"'],
      ["null", '"null"'],
      ["NULL", '"NULL"'],
      ["!null", '"!null"'],
      [" vs1", '" vs1"'],
      ["{vs1}", '"{vs1}"'],
      ['"vs1"', '{"vs1"}'],
      ['a"b*', '{a"b*}'],
    ];
    for (const [name, literal] of literals) {
      it(`sends ${JSON.stringify(name)} as ${literal}`, () => assert.strictEqual(literalQueryValue(name), literal));
    }
    it("refuses a name no query can match literally", () => {
      assert.throws(() => literalQueryValue('x"}'), /holds both a double quote and a brace/);
    });
  });

  describe("a port that does not speak TLS", () => {
    useRealNetwork();
    let server: http.Server;
    let port: number;
    before(async () => {
      const started = await startHttpServer((_req, res) => res.end("plain"));
      server = started.server;
      port = Number(new URL(started.url).port);
    });
    after(() => stopServer(server));

    it("plain HTTP on the port given for HTTPS: not ONTAP over HTTPS, not an untrusted certificate", async () => {
      const client = new OntapClient({
        host: `https://127.0.0.1:${port}`,
        username: "admin",
        password: SECRET,
        retry: { maxAttempts: 1 },
      });
      try {
        const error = await ontapRejection(() => client.getCluster());
        assert.strictEqual(error.kind, "tls");
        assert.strictEqual(error.foreign, true);
        assert.match(
          error.message,
          /the host does not answer as an ONTAP REST API over HTTPS: its first bytes were not TLS/,
        );
        assert.strictEqual(error.hint, NOT_TLS_HINT);
        assert.doesNotMatch(error.message, /certificate/i);
      } finally {
        client.close();
      }
    });
  });
});
