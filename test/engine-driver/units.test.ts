// Unit tests of the driver's pure parts (secrets, diffs, URNs, ignoreChanges, error decoding, display), plus the
// plugin facts the driver relies on: the gRPC copy it uses, and that resource calls need Configure first.
import { strict as assert } from "assert";
import * as path from "path";
import { changedKeys, diffProperties } from "../../tools/engine/diff";
import { renderOperation } from "../../tools/engine/display";
import type { OperationResult } from "../../tools/engine/engine";
import { DynamicProviderPlugin, decodeError } from "../../tools/engine/plugin";
import { grpc, provproto, statusproto, toStruct } from "../../tools/engine/proto";
import {
  SecretsManager,
  UNKNOWN,
  annotateSecrets,
  isSecret,
  makeSecret,
  markAdditionalSecrets,
  reveal,
} from "../../tools/engine/secrets";
import { makeUrn, topoSort } from "../../tools/engine/state";
import type { ResourceState } from "../../tools/engine/state";
import { applyIgnoreChanges, downgradeResourceRefs } from "../../tools/engine/steps";
import { Recorder } from "../../tools/engine/timing";
import { FIXTURE } from "./helpers";

describe("engine driver units", () => {
  describe("secrets", () => {
    it("propagates secretness to outputs of the same name, walking objects, whole for arrays and scalars", () => {
      const ins = { pw: makeSecret("x"), nested: { a: makeSecret(1), b: 2 }, list: [1, makeSecret(2)], plain: "p" };
      const outs = annotateSecrets({ pw: "x", nested: { a: 1, b: 2 }, list: [1, 2], plain: "p", extra: "e" }, ins);
      assert.ok(isSecret(outs.pw));
      assert.ok(isSecret((outs.nested as Record<string, unknown>).a));
      assert.ok(!isSecret((outs.nested as Record<string, unknown>).b));
      assert.ok(isSecret(outs.list));
      assert.ok(!isSecret(outs.plain) && !isSecret(outs.extra));
    });

    it("marks additionalSecretOutputs, never the id", () => {
      const outs = markAdditionalSecrets({ id: "i", hash: "h", other: 1 }, ["id", "hash", "missing"]);
      assert.deepEqual(outs, { id: "i", hash: makeSecret("h"), other: 1 });
    });

    it("encrypts secrets for export (AES-256-GCM) and decrypts them back", () => {
      const sm = new SecretsManager("passphrase");
      const value = { a: makeSecret({ pw: "hunter2" }), b: [makeSecret("n2")], c: "plain" };
      const enc = sm.encryptDeep(value);
      const text = JSON.stringify(enc);
      assert.ok(!text.includes("hunter2") && !text.includes("n2") && text.includes("plain"));
      assert.deepEqual(sm.decryptDeep(enc), value);
      assert.deepEqual(reveal(value), { a: { pw: "hunter2" }, b: ["n2"], c: "plain" });
    });
  });

  describe("field-level diffs", () => {
    it("shows adds, deletes, updates, array elements; hides __provider; masks secrets", () => {
      const d = diffProperties(
        { __provider: "old", enabled: true, types: ["md5", "plaintext"], pw: makeSecret("a"), gone: 1 },
        { __provider: "new", enabled: false, types: ["md5"], pw: makeSecret("b"), added: { x: 1 } },
      );
      assert.deepEqual(d, [
        { path: "enabled", kind: "update", old: true, new: false },
        { path: "types[1]", kind: "delete", old: "plaintext" },
        { path: "pw", kind: "update", old: "[secret]", new: "[secret]", secret: true },
        { path: "gone", kind: "delete", old: 1 },
        { path: "added", kind: "add", new: { x: 1 } },
      ]);
      assert.deepEqual(changedKeys(d), ["enabled", "types", "pw", "gone", "added"]);
      assert.deepEqual(diffProperties({ pw: makeSecret("same") }, { pw: "same" }), [], "secretness alone is no change");
    });
  });

  describe("engine helpers", () => {
    it("builds URNs qualified by the parent type chain, except for the root stack", () => {
      const stack = makeUrn("dev", "p", "pulumi:pulumi:Stack", "p-dev");
      assert.equal(stack, "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev");
      const comp = makeUrn("dev", "p", "my:comp:C", "c", stack);
      assert.equal(comp, "urn:pulumi:dev::p::my:comp:C::c");
      assert.equal(makeUrn("dev", "p", "t:m:R", "r", comp), "urn:pulumi:dev::p::my:comp:C$t:m:R::r");
    });

    it("applies ignoreChanges from the old inputs, top-level and nested", () => {
      const news = { a: 1, b: { c: 2, d: 3 }, e: 5 };
      const olds = { a: 9, b: makeSecret({ c: 8 }) };
      assert.deepEqual(applyIgnoreChanges(news, olds, ["a", "b.c", "e"]), { a: 9, b: { c: 8, d: 3 } });
      assert.deepEqual(applyIgnoreChanges(news, undefined, ["a"]), news, "nothing to keep on create");
    });

    it("downgrades resource references to ids (the plugin does not accept resources)", () => {
      const ref = { "4dabf18193072939515e22adb298388d": "5cf8f73096256a8f31e491e813e4eb8e", urn: "u", id: "i" };
      assert.deepEqual(downgradeResourceRefs({ r: ref, l: [ref] }), { r: "i", l: ["i"] });
    });

    it("orders state by parent and dependencies", () => {
      const r = (urn: string, deps: string[] = [], parent?: string) =>
        ({ urn, dependencies: deps, parent, inputs: {}, outputs: {} }) as unknown as ResourceState;
      const sorted = topoSort([r("c", ["b"]), r("b", [], "a"), r("a")]).map((x) => x.urn);
      assert.deepEqual(sorted, ["a", "b", "c"]);
    });

    it("decodes a partial failure (ErrorResourceInitFailed in grpc-status-details-bin)", () => {
      // Built exactly as the plugin's grpcResponseFromError does.
      const detail = new provproto.ErrorResourceInitFailed();
      detail.setId("obj-1");
      detail.setProperties(toStruct({ a: 1 }));
      detail.setReasonsList(["not ready"]);
      const any = new (require("google-protobuf/google/protobuf/any_pb").Any)();
      any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
      const status = new statusproto.Status();
      status.setCode(grpc.status.UNKNOWN);
      status.addDetails(any);
      const metadata = new grpc.Metadata();
      metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
      const err = decodeError({ code: 2, details: "boom", message: "2 UNKNOWN: boom", metadata } as never);
      assert.equal(err.message, "boom");
      assert.deepEqual(err.initFailure, { id: "obj-1", properties: { a: 1 }, reasons: ["not ready"] });
    });

    it("uses the @grpc/grpc-js copy that @pulumi/pulumi/proto resolves", () => {
      const sdkGrpc = require(
        require.resolve("@grpc/grpc-js", {
          paths: [path.dirname(require.resolve("@pulumi/pulumi/proto/provider_grpc_pb"))],
        }),
      );
      assert.equal(grpc, sdkGrpc);
    });
  });

  describe("display", () => {
    const result: OperationResult = {
      operation: "preview",
      steps: [
        { urn: "s", type: "pulumi:pulumi:Stack", name: "p-dev", op: "same", diffs: [] },
        {
          urn: "a",
          type: "pulumi-nodejs:dynamic/ontap:NdmpNode",
          name: "node1",
          op: "update",
          diffs: [
            { path: "enabled", kind: "update", old: true, new: false },
            { path: "authenticationTypes", kind: "delete", old: ["md5"] },
            { path: "password", kind: "update", old: "[secret]", new: "[secret]", secret: true },
          ],
        },
        { urn: "b", type: "pulumi-nodejs:dynamic/ontap:NdmpSvm", name: "svm1", op: "replace", diffs: [] },
        { urn: "c", type: "pulumi-nodejs:dynamic/ontap:NdmpSvm", name: "svm2", op: "create", diffs: [] },
      ],
      changes: true,
      exitCode: 0,
      errors: [],
      diagnostics: [{ severity: "error", message: "boom", urn: "c" }],
      outputs: { url: { value: "https://x", secret: false }, pw: { value: "[secret]", secret: true } },
      display: "",
      durationMs: 1500,
      rpcCounts: {},
      timings: {},
      calls: [],
      output: [],
      registrations: [],
    };

    it("renders a Pulumi-like preview: rows, field diffs, diagnostics, outputs, summary", () => {
      const text = renderOperation(result, { stack: "dev", color: false });
      assert.match(text, /^Previewing update \(dev\)\n/);
      assert.match(text, / ~ {3}├─ pulumi-nodejs:dynamic\/ontap:NdmpNode {2}node1 {2}update {6}\[diff: ~enabled/);
      assert.match(text, /\n {8}~ enabled: true => false\n/);
      assert.match(text, /\n {8}- authenticationTypes: \["md5"\]\n/);
      assert.match(text, /\n {8}~ password: \[secret\] => \[secret\]\n/);
      assert.match(text, / \+- {2}├─ pulumi-nodejs:dynamic\/ontap:NdmpSvm/);
      assert.match(text, /pulumi-nodejs:dynamic\/ontap:NdmpSvm \(svm2\):\n {4}error: boom/);
      assert.match(text, /Outputs:\n {4}pw : \[secret\]\n {4}url: "https:\/\/x"/);
      assert.match(text, /Resources:\n {4}\+ 1 to create\n {4}~ 1 to update\n {4}\+-1 to replace\n {4}1 unchanged\n/);
      assert.doesNotMatch(text, /Duration/, "previews print no duration");
      assert.ok(!text.includes("\u001b["), "no ANSI codes");
    });

    it("uses past tense, a duration and ANSI colours when asked", () => {
      const text = renderOperation({ ...result, operation: "update" }, { stack: "dev", color: true });
      assert.match(text, /^Updating \(dev\)/);
      assert.ok(text.includes("\u001b[33m    ~ 1 updated\u001b[0m"), text);
      assert.match(text, /Duration: 2s/);
    });
  });

  describe("the real plugin", function () {
    this.timeout(20_000);

    it("fails a resource call made before Configure (why the driver always configures first)", async () => {
      const lines: string[] = [];
      const plugin = await DynamicProviderPlugin.start({
        projectDir: FIXTURE,
        project: "kvfixture",
        stack: "dev",
        organization: "organization",
        recorder: new Recorder(),
        onOutput: (_s, l) => lines.push(l),
      });
      try {
        // A provider whose configure() reads config, as every provider of this project does.
        const provider =
          "exports.handler = () => ({ configure: async (req) => { req.config.get('x'); }, " +
          "check: async (o, n) => ({ inputs: n }) });";
        await assert.rejects(
          plugin.check("urn:pulumi:dev::kvfixture::pulumi-nodejs:dynamic:R::r", {}, { __provider: provider }),
          /Cannot read properties of undefined \(reading 'kvfixture:x'\)/,
        );
        assert.ok(
          lines.some((l) => /Cannot read properties of undefined/.test(l)),
          "the plugin prints the stack",
        );
        await plugin.configure({}, "urn:pulumi:dev::kvfixture::pulumi:providers:pulumi-nodejs::default");
        // A distinct provider text: the failed one stays cached unconfigured in this process (notes §5 pitfall 2).
        const res = await plugin.check(
          "urn:pulumi:dev::kvfixture::pulumi-nodejs:dynamic:R::r2",
          {},
          {
            __provider: provider + " ",
            a: UNKNOWN,
          },
        );
        assert.deepEqual(res.inputs, { __provider: provider + " ", a: UNKNOWN });
      } finally {
        await plugin.close();
      }
    });
  });
});
