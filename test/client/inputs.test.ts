// The rules every entry point shares for values from users, files and the network (issue 10): how a value is shown
// in a message (provider/ontap/echo.ts), which SVM, node, user, owner and session id ONTAP accepts (names.ts), and
// the one bounded reader of PEM settings (pem.ts), whose kinds will serve a client certificate and key too.
import * as assert from "assert";
import { generateKeyPairSync } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  clip,
  echo,
  escapeUnsafe,
  escapeUnsafeJson,
  loadPem,
  nodeNameProblem,
  OntapConfigError,
  ownerUuidProblem,
  PEM_KINDS,
  quote,
  readBoundedFile,
  sessionIdProblem,
  shapeOf,
  svmNameProblem,
  userNameProblem,
} from "../../provider/ontap";

const CERT = fs.readFileSync(path.join(__dirname, "../fixtures/tls/server-cert.pem"), "utf8");

describe("inputs: echo, names and the bounded PEM reader", () => {
  describe("echo", () => {
    const echoes: Array<[unknown, string]> = [
      ["svm1", '"svm1"'],
      ['a"b\\c', '"a\\"b\\\\c"'],
      ["x".repeat(81), `"${"x".repeat(80)}…" (81 characters)`],
      ["\u001b[2J", '"\\u{1b}[2J"'],
      ["a\nb\tc\r", '"a\\nb\\tc\\r"'],
      ["\u009b31m", '"\\u{9b}31m"'],
      ["a\u202eb\u2066c\u200bd\ufeffe\u00adf", '"a\\u{202e}b\\u{2066}c\\u{200b}d\\u{feff}e\\u{ad}f"'],
      ["\u3164\u115f\u00a0", '"\\u{3164}\\u{115f}\\u{a0}"'],
      ["tag\u{e0041}", '"tag\\u{e0041}"'],
      ["é ü 名前", '"é ü 名前"'],
      [NaN, "NaN"],
      [Infinity, "Infinity"],
      [-Infinity, "-Infinity"],
      [-0, "-0"],
      [1.5, "1.5"],
      [true, "true"],
      [null, "null"],
      [undefined, "undefined"],
      [["secret"], "an array of 1 item"],
      [{ password: "secret" }, "an object with 1 field"],
      [{}, "an empty object"],
      [[], "an empty array"],
    ];
    for (const [value, shown] of echoes) {
      it(`shows ${String(JSON.stringify(value) ?? value)} as ${shown}`, () => assert.strictEqual(echo(value), shown));
    }

    const shapes: Array<[unknown, string]> = [
      ["hunter2", "a string of 7 characters"],
      ["", "an empty string"],
      ["名前", "a string of 2 characters"],
      [42, "a number"],
      [false, "a boolean"],
      [null, "null"],
      [[1, 2], "an array of 2 items"],
      [{ a: 1, b: 2 }, "an object with 2 fields"],
    ];
    for (const [value, shape] of shapes) {
      it(`describes ${JSON.stringify(value)} as ${shape}, never its content`, () =>
        assert.strictEqual(shapeOf(value), shape));
    }

    it("clips, quotes and escapes in code points, never splitting an escape", () => {
      assert.strictEqual(clip("ab\u001bcd", 3), "ab\\u{1b}…");
      assert.strictEqual(quote("😀".repeat(3), 2), '"😀😀…" (3 characters)');
      assert.strictEqual(escapeUnsafe("plain text, no change"), "plain text, no change");
    });

    it("escapes JSON for a terminal and keeps it the same JSON value", () => {
      const value = { name: "a\u009b2J\u202e\u{e0041}", list: ["\u001b", "ok"] };
      const text = escapeUnsafeJson(JSON.stringify(value, null, 2));
      assert.deepStrictEqual(JSON.parse(text), value);
      assert.ok(/^[\x20-\x7e\n]*$/.test(text), text);
    });
  });

  describe("names", () => {
    const svms: Array<[string, RegExp | undefined]> = [
      ["svm1", undefined],
      ["vs_backup1", undefined],
      ["data.example.com", undefined],
      ["a..b", undefined],
      ["null", undefined],
      ["s".repeat(47), undefined],
      ["s".repeat(48), /it has 48 characters/],
      ["", /it is empty/],
      ["all", /"all" is reserved/],
      ["vs*", /"\*" is not allowed/],
      ["vs 1", /" " is not allowed/],
      ["vs\u200b1", /U\+200B at position 3/],
      ["vsé", /"é" is not allowed/],
    ];
    for (const [name, problem] of svms) {
      it(`SVM name ${JSON.stringify(name.length > 20 ? `${name.slice(0, 10)}…(${name.length})` : name)}: ${problem ?? "accepted"}`, () => {
        const found = svmNameProblem(name);
        if (problem === undefined) assert.strictEqual(found, undefined);
        else assert.match(String(found), problem);
      });
    }
    const nodes: Array<[string, RegExp | undefined]> = [
      ["cluster1-01", undefined],
      ["node_a1", undefined],
      ["n", undefined],
      ["1node", /not a name ONTAP accepts/],
      ["node-", /not a name ONTAP accepts/],
      ["_node", /not a name ONTAP accepts/],
      ["node.1", /"\." is not allowed/],
      ["cluster", /"cluster" is reserved/],
      ["LocalHost", /"LocalHost" is reserved/],
      [`n${"1".repeat(46)}`, undefined],
      [`n${"1".repeat(47)}`, /it has 48 characters/],
    ];
    for (const [name, problem] of nodes) {
      it(`node name ${JSON.stringify(name)}: ${problem ?? "accepted"}`, () => {
        const found = nodeNameProblem(name);
        if (problem === undefined) assert.strictEqual(found, undefined);
        else assert.match(String(found), problem);
      });
    }
    it("users, owners and session ids", () => {
      assert.strictEqual(userNameProblem("backup_user"), undefined);
      assert.match(String(userNameProblem("")), /empty/);
      assert.match(String(userNameProblem("u\u0000")), /U\+0000/);
      assert.match(String(userNameProblem("u".repeat(257))), /257 characters/);
      assert.strictEqual(ownerUuidProblem("8c4e2cf2-0c1d-4c9b-9a52-7f0c8f7bb2a1"), undefined);
      assert.match(String(ownerUuidProblem("not-a-uuid")), /UUID of a node/);
      for (const id of ["2000", "2000:4000"]) assert.strictEqual(sessionIdProblem(id), undefined);
      for (const id of ["", "a", "1:2:3", "1/2", "..", "2000:", "-1"]) assert.ok(sessionIdProblem(id), id);
    });
  });

  describe("the bounded PEM reader", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ndmp-pem-"));
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("reads a regular file, and refuses a file that grows past the limit while read", () => {
      const file = path.join(tmp, "ca.pem");
      fs.writeFileSync(file, CERT);
      assert.strictEqual(loadPem(file, "caCert", PEM_KINDS.caCertificate), CERT);
      fs.writeFileSync(file, "x".repeat(2000));
      assert.throws(
        () => readBoundedFile(file, "caCert", "CA certificate", 1000),
        /2000 bytes, more than the 1000 bytes allowed/,
      );
    });

    it("refuses a missing file and a path that is no path, naming the setting", () => {
      assert.throws(
        () => loadPem(path.join(tmp, "none.pem"), "--ca-cert", PEM_KINDS.caCertificate),
        (e: Error) => e instanceof OntapConfigError && e.field === "--ca-cert" && /\(ENOENT\)/.test(e.message),
      );
      assert.throws(() => loadPem("   ", "caCert", PEM_KINDS.caCertificate), /it is blank/);
    });

    it("serves a private key too (for client certificates), never showing it and never keeping it", () => {
      const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
      const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
      assert.strictEqual(loadPem(pem, "clientKey", PEM_KINDS.privateKey), pem);
      const broken = pem.replace(/[A-Za-z0-9+/]{20}/, "A".repeat(20));
      assert.throws(
        () => loadPem(broken, "clientKey", PEM_KINDS.privateKey),
        (e: Error) =>
          /clientKey: the PEM text is not a readable private key/.test(e.message) &&
          !e.message.includes("A".repeat(20)),
      );
      assert.throws(() => loadPem(CERT, "clientKey", PEM_KINDS.privateKey), /does not contain a PEM private key/);
      const file = path.join(tmp, "key.pem");
      fs.writeFileSync(file, pem, { mode: 0o600 });
      assert.strictEqual(loadPem(file, "clientKey", PEM_KINDS.privateKey), pem);
    });
  });
});
