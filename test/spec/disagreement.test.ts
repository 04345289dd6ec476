// The provider's early validation and the simulator's model hold separate copies of ONTAP's rules (provider/runtime/
// validation.ts with provider/ontap/schema/rules.ts; simulator/translation/body.ts with simulator/model/rules.ts).
// This test runs both on one table of inputs: where they disagree, the row must say why the disagreement was decided
// (`decided`), and a row that says so must still disagree. A misreading of ONTAP on one side is seen, not inherited.
import * as assert from "assert";
import { checkArguments } from "../../provider/runtime/validation";
import { checkPatchBody } from "../../provider/ontap/validation";
import { OntapError } from "../../simulator/errors";
import { ClusterModel } from "../../simulator/model/cluster";
import { seedCluster } from "../../simulator/model/seed";
import { decodePatchBody } from "../../simulator/translation/body";

type Scope = "node" | "svm";

interface Row {
  scope: Scope;
  /** The PATCH body as it goes on the wire (JSON text, so keys such as `__proto__` are own keys). */
  body: string;
  /** The node or SVM in the path, when not the seeded first one. */
  target?: string;
  /** Why the two sides are allowed to disagree on this row. */
  decided?: string;
}

const ROWS: Row[] = [
  // node scope: authentication types
  { scope: "node", body: '{"authentication_types":["challenge"]}' },
  { scope: "node", body: '{"authentication_types":["plaintext","challenge"]}' },
  { scope: "node", body: '{"authentication_types":["challenge","plaintext"]}' },
  { scope: "node", body: '{"authentication_types":["plaintext"]}' },
  { scope: "node", body: '{"authentication_types":[]}' },
  { scope: "node", body: '{"authentication_types":["challenge","challenge"]}' },
  { scope: "node", body: '{"authentication_types":["plaintext_sso"]}' },
  { scope: "node", body: '{"authentication_types":["plaintext_sso","challenge"]}' },
  { scope: "node", body: '{"authentication_types":["kerberos","challenge"]}' },
  { scope: "node", body: '{"authentication_types":"challenge"}' },
  // node scope: enabled, user, password
  { scope: "node", body: '{"enabled":true}' },
  { scope: "node", body: '{"enabled":false}' },
  { scope: "node", body: '{"enabled":"true"}' },
  { scope: "node", body: '{"enabled":"yes"}' },
  { scope: "node", body: '{"user":"backup"}' },
  { scope: "node", body: '{"user":""}' },
  {
    scope: "node",
    body: '{"enabled":false,"user":""}',
    decided:
      "ONTAP lets a user be cleared while NDMP is disabled on the node; the provider's user argument manages a user and must name one",
  },
  { scope: "node", body: '{"enabled":true,"user":"backup","password":"pw"}' },
  { scope: "node", body: '{"password":""}' },
  { scope: "node", body: '{"password":5}' },
  // SVM scope
  { scope: "svm", body: '{"authentication_types":["plaintext"]}' },
  { scope: "svm", body: '{"authentication_types":["challenge"]}' },
  { scope: "svm", body: '{"authentication_types":["plaintext_sso"]}' },
  { scope: "svm", body: '{"authentication_types":["plaintext_sso","plaintext"]}' },
  { scope: "svm", body: '{"authentication_types":[]}' },
  { scope: "svm", body: '{"enabled":true}' },
  {
    scope: "svm",
    body: '{"enabled":1}',
    decided:
      "the provider reads 1 as true, as ONTAP's documentation prints booleans; ONTAP's parser is not known to, so the simulator refuses it",
  },
  // unknown and read-only fields, keys named like JavaScript built-ins
  { scope: "svm", body: '{"constructor":true}' },
  { scope: "svm", body: '{"__proto__":{"enabled":true}}' },
  { scope: "node", body: '{"toString":"x"}' },
  { scope: "svm", body: '{"_links":{"self":{"href":"/x"}}}' },
  // the UUID in the path
  { scope: "node", body: '{"enabled":true}', target: "1cd8a442-86d1-11e0-ae1c-12347856341" },
  { scope: "svm", body: '{"enabled":true}', target: "02c9e252-41be-11e9-81d5-00a0986138fz" },
];

const SNAKE_TO_ARGUMENT: Record<string, string> = { authentication_types: "authenticationTypes" };
const argumentName = (key: string): string => (key === "authentication_types" ? SNAKE_TO_ARGUMENT[key] : key);

/** Sets an own property, even for `__proto__` (an assignment would set the prototype instead). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The provider's verdict: the resource's check() arguments, then the client's request body check. */
function providerVerdict(row: Row, target: string): string {
  const body = JSON.parse(row.body) as Record<string, unknown>;
  const args: Record<string, unknown> = { [row.scope]: target };
  for (const key of Object.keys(body)) setOwn(args, argumentName(key), body[key]);
  const { inputs, failures } = checkArguments(row.scope, args);
  if (failures.length > 0) return `refused (${failures.map((f) => f.property).join(", ")})`;
  const wire: Record<string, unknown> = {};
  for (const key of Object.keys(body)) setOwn(wire, key, inputs[argumentName(key)]);
  try {
    checkPatchBody(row.scope, wire, "PATCH", `/api/protocols/ndmp/${row.scope}s/${target}`);
    return "accepted";
  } catch (err) {
    return `refused (client: ${(err as Error).message})`;
  }
}

/** The simulator's verdict: its body translation, then its model (a dry run on a seeded cluster of that scope). */
function simulatorVerdict(row: Row, target: string): string {
  const cluster = new ClusterModel(seedCluster({ clusterName: "c1", seed: "s", nodes: 1, svms: 1, mode: row.scope }));
  try {
    const changes = decodePatchBody(row.scope, JSON.parse(row.body));
    if (row.scope === "node") cluster.patchNode(target, changes as object, { dryRun: true });
    else cluster.patchSvm(target, changes as object, { dryRun: true });
    return "accepted";
  } catch (err) {
    if (!(err instanceof OntapError)) throw err;
    return `refused (${err.code})`;
  }
}

describe("provider validation and simulator model on one table of inputs", () => {
  const seeded = seedCluster({ clusterName: "c1", seed: "s", nodes: 1, svms: 1, mode: "svm" });

  for (const row of ROWS) {
    const target = row.target ?? (row.scope === "node" ? seeded.nodes[0].uuid : seeded.svms[0].uuid);
    it(`${row.scope} ${row.body}${row.target ? ` on ${row.target}` : ""}`, () => {
      const provider = providerVerdict(row, target);
      const simulator = simulatorVerdict(row, target);
      const disagree = provider.startsWith("accepted") !== simulator.startsWith("accepted");
      const verdicts = `provider ${provider}; simulator ${simulator}`;
      if (row.decided) assert.ok(disagree, `decided as a disagreement, but both sides now agree: ${verdicts}`);
      else assert.ok(!disagree, `the provider and the simulator disagree: ${verdicts}`);
    });
  }

  it("the provider's check() itself refuses keys named like built-ins, before the client would", () => {
    for (const key of ["__proto__", "constructor", "toString"]) {
      const args: Record<string, unknown> = { svm: "svm1" };
      setOwn(args, key, { enabled: true });
      assert.deepStrictEqual(
        checkArguments("svm", args).failures.map((f) => f.property),
        [key],
        key,
      );
    }
  });

  it("the table covers accepted and refused inputs of both scopes", () => {
    const verdicts = ROWS.map((row) =>
      simulatorVerdict(row, row.target ?? (row.scope === "node" ? seeded.nodes[0].uuid : seeded.svms[0].uuid)),
    );
    assert.ok(verdicts.filter((v) => v === "accepted").length >= 8);
    assert.ok(new Set(verdicts.filter((v) => v !== "accepted")).size >= 5, verdicts.join(" | "));
  });
});
