// Request bodies are validated with the shared patchBodyProblems BEFORE sending: a problem sends nothing.
import * as assert from "assert";
import { OntapError, type NdmpNodePatch, type NdmpSvmPatch } from "../../provider/ontap";
import { SECRET, makeClient, recordAll, rejection, useNock } from "./helpers";

describe("request body validation before sending", () => {
  useNock();

  async function refused(call: (c: ReturnType<typeof makeClient>["client"]) => Promise<unknown>): Promise<OntapError> {
    const seen = recordAll();
    const { client, events } = makeClient();
    const error = await rejection(() => call(client));
    assert.ok(error instanceof OntapError, String(error));
    assert.strictEqual(error.kind, "validation");
    assert.strictEqual(seen.length, 0, "a request was sent");
    assert.strictEqual(events.length, 0, "an attempt was reported");
    assert.match(error.message, /nothing was sent/);
    return error;
  }

  it("refuses an unknown authentication type, naming field, value and allowed values", async () => {
    const error = await refused((c) =>
      c.patchSvm("s-1", { authentication_types: ["challenge", "kerberos"] } as unknown as NdmpSvmPatch),
    );
    assert.match(
      error.message,
      /^ONTAP PATCH \/api\/protocols\/ndmp\/svms\/s-1 failed: invalid request body, nothing was sent: authentication_types\[1\]: "kerberos" must be one of "plaintext", "challenge", "plaintext_sso"/,
    );
    assert.strictEqual(error.target, "authentication_types[1]");
  });

  it("refuses an unknown mode", async () => {
    const error = await refused((c) => c.patchNdmpMode("nodes" as "node"));
    assert.match(error.message, /mode: "nodes" must be one of "svm", "node"/);
  });

  it("refuses a string boolean", async () => {
    const error = await refused((c) => c.patchSvm("s-1", { enabled: "false" } as unknown as NdmpSvmPatch));
    assert.match(error.message, /enabled: "false" must be of type boolean/);
  });

  it("refuses a read-only field with the 262196 hint", async () => {
    const error = await refused((c) =>
      c.patchSvm("s-1", { enabled: true, svm: { name: "x" } } as unknown as NdmpSvmPatch),
    );
    assert.match(error.message, /svm is not a known field/);
    assert.match(String(error.hint), /Read-only fields/);
  });

  it("refuses an unknown field and lists the known ones", async () => {
    const error = await refused((c) =>
      c.patchNode("n-1", { enabled: true, tcpnodelay: true } as unknown as NdmpNodePatch),
    );
    assert.match(
      error.message,
      /tcpnodelay is not a known field; known fields: authentication_types, enabled, password, user/,
    );
  });

  it("refuses an empty body and a non-object", async () => {
    await refused((c) => c.patchNode("n-1", {}));
    await refused((c) => c.patchNode("n-1", { enabled: undefined }));
    await refused((c) => c.patchSvm("s-1", null as unknown as NdmpSvmPatch));
  });

  it("never echoes a password: a wrong-typed password appears by its shape only", async () => {
    const error = await refused((c) =>
      c.patchNode("n-1", { user: "ndmp", password: { value: SECRET } } as unknown as NdmpNodePatch),
    );
    assert.match(error.message, /password \(an object with 1 field, not shown\) must be of type string/);
    assert.ok(!error.message.includes(SECRET));
    assert.ok(!String(error.stack).includes(SECRET));
    assert.ok(!JSON.stringify(error).includes(SECRET));
  });

  it("never echoes a secret nested in an unknown field", async () => {
    const error = await refused((c) =>
      c.patchSvm("s-1", { credentials: { password: SECRET }, enabled: true } as unknown as NdmpSvmPatch),
    );
    assert.match(error.message, /credentials is not a known field/);
    assert.ok(!error.message.includes(SECRET));
  });

  it("never echoes the password when another field of the same body is wrong", async () => {
    const error = await refused((c) =>
      c.patchNode("n-1", { password: SECRET, enabled: "yes" } as unknown as NdmpNodePatch),
    );
    assert.match(error.message, /enabled: "yes" must be of type boolean/);
    assert.ok(!error.message.includes(SECRET));
  });

  it("drops undefined members and sends a valid body unchanged", async () => {
    const seen = recordAll(() => [200, {}]);
    const { client } = makeClient();
    await client.patchNode("n-1", { enabled: true, user: "ndmp", password: SECRET, authentication_types: undefined });
    assert.strictEqual(seen.length, 1);
    assert.deepStrictEqual(JSON.parse(seen[0].body), { enabled: true, user: "ndmp", password: SECRET });
  });
});
