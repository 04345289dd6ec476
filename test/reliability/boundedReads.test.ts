// Issue 10, class 1: a caCert that names a file that never ends or never answers (a FIFO nobody writes to,
// /dev/zero, a huge file) must fail fast with a clear error naming the setting, wherever the setting comes from:
// the resource argument, stack config, ONTAP_CA_CERT, and the CLI's --ca-cert (the built binary, in its own process,
// as a user runs it). Before, each of these blocked `pulumi preview` and the CLI forever while memory grew.
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { bin, ensureBuilt } from "../cli/binary";
import { methods, providerOf } from "../resources/harness";

const LIMIT_MS = 5_000;

describe("reliability: bounded reads of caCert (FIFO, /dev/zero, huge files)", function () {
  this.timeout(30_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ndmp-bounded-"));
  const fifo = path.join(tmp, "ca.fifo");
  const huge = path.join(tmp, "huge.pem");
  const zeroLink = path.join(tmp, "zero.pem");
  const saved = process.env.ONTAP_CA_CERT;

  before(async () => {
    execFileSync("mkfifo", [fifo]);
    fs.closeSync(fs.openSync(huge, "w"));
    fs.truncateSync(huge, 4 * 1024 ** 3);
    fs.symlinkSync("/dev/zero", zeroLink);
    await ensureBuilt();
  });
  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
    if (saved === undefined) delete process.env.ONTAP_CA_CERT;
    else process.env.ONTAP_CA_CERT = saved;
  });

  const files: Array<[string, () => string, RegExp]> = [
    ["a FIFO nobody writes to", () => fifo, /\(a FIFO \(named pipe\), not a regular file\)/],
    ["/dev/zero", () => "/dev/zero", /"\/dev\/zero" \(a character device, not a regular file\)/],
    ["a symbolic link to /dev/zero", () => zeroLink, /zero\.pem" \(a character device, not a regular file\)/],
    ["a sparse 4 GiB file", () => huge, /huge\.pem" \(4096\.0 MiB, more than the 1\.0 MiB allowed\)/],
  ];
  const base = { "ontap:host": "cluster1.example.com", "ontap:username": "admin", "ontap:password": "pw" };

  for (const [what, file, reason] of files) {
    it(`check: ${what} as connection.caCert, ontap:caCert and ONTAP_CA_CERT fails in under 5 s, naming the setting`, async () => {
      const cases: Array<[string, () => Promise<{ failures?: Array<{ property: string; reason: string }> }>]> = [
        [
          "connection.caCert",
          () => methods(providerOf("svm", base)).check({}, { svm: "svm1", connection: { caCert: file() } }),
        ],
        [
          "stack config ontap:caCert",
          () => methods(providerOf("mode", { ...base, "ontap:caCert": file() })).check({}, { mode: "svm" }),
        ],
        [
          "environment variable ONTAP_CA_CERT",
          async () => {
            process.env.ONTAP_CA_CERT = file();
            try {
              return await methods(providerOf("node", base)).check({}, { node: "cluster1-01" });
            } finally {
              delete process.env.ONTAP_CA_CERT;
            }
          },
        ],
      ];
      for (const [setting, run] of cases) {
        const started = performance.now();
        const { failures } = await run();
        const ms = performance.now() - started;
        assert.ok(ms < LIMIT_MS, `${setting}: ${ms} ms`);
        const failure = failures?.find((f) => f.reason.startsWith(`${setting}: cannot read CA certificate file`));
        assert.ok(failure, `${setting}: ${JSON.stringify(failures)}`);
        assert.match(failure.reason, reason);
      }
    });
  }

  it("the built CLI: --ca-cert and ONTAP_CA_CERT naming a FIFO or /dev/zero exit 3 at once with a clear error", async () => {
    const env = { ONTAP_HOST: "https://127.0.0.1:1", ONTAP_USERNAME: "admin", ONTAP_PASSWORD: "pw" };
    const runs = await Promise.all([
      bin(["status", "--ca-cert", fifo], env, LIMIT_MS * 2),
      bin(["status", "--ca-cert", "/dev/zero"], env, LIMIT_MS * 2),
      bin(["sessions", "list"], { ...env, ONTAP_CA_CERT: fifo }, LIMIT_MS * 2),
      bin(["password", "svm1", "backup_user", "--reveal"], { ...env, ONTAP_CA_CERT: "/dev/zero" }, LIMIT_MS * 2),
    ]);
    const expected = [
      /^ontap-ndmp: --ca-cert: cannot read CA certificate file ".*ca\.fifo" \(a FIFO \(named pipe\), not a regular file\)\.\n$/,
      /^ontap-ndmp: --ca-cert: cannot read CA certificate file "\/dev\/zero" \(a character device, not a regular file\)\.\n$/,
      /^ontap-ndmp: environment variable ONTAP_CA_CERT: cannot read CA certificate file ".*ca\.fifo" \(a FIFO/,
      /^ontap-ndmp: environment variable ONTAP_CA_CERT: cannot read CA certificate file "\/dev\/zero"/,
    ];
    runs.forEach((run, i) => {
      assert.strictEqual(run.code, 3, run.stderr);
      assert.match(run.stderr, expected[i]);
      assert.strictEqual(run.stdout, "");
      assert.ok(run.ms < LIMIT_MS, `run ${i}: ${run.ms} ms`);
    });
  });
});
