// Contract: the example answers and error of NetApp's ONTAP 9.9.1 NDMP reference (test/fixtures/ontap-9.9.1) against
// the simulator's answers to the same requests. Shapes must match: every field of an example is in the answer, with
// the same nesting and JSON type, `_links` where the example has them, and `num_records` in collections (documented
// in the reference's response tables). The reference's rendering artefacts (`1` for true, integers printed as strings)
// are read through its definition tables; every other difference must be listed in DEPARTURES, which mirrors
// simulator/README.md ("Departures from the 9.9.1 reference examples").
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { definitions, JsonSchema, resolveRef } from "../../spec";
import { assertModel, NDMP, setMode, TestClient, useSimulator } from "../simulator/helpers";

const FIXTURES = path.join(__dirname, "..", "fixtures", "ontap-9.9.1");
const fixture = (name: string): any => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8")); // eslint-disable-line @typescript-eslint/no-explicit-any

/** Fields of the examples the simulator does not return, with the reason (dotted paths, `[]` for array items). */
const DEPARTURES: Record<string, string> = {
  password: "ndmp_node.password is write-only: the reference's own table says it cannot be read back",
  "records[].password": "the same write-only password, in the node collection example",
  "error.arguments": "the simulator's errors carry no arguments (message, code and target only)",
};

/** The JSON type of a value as the shape comparison sees it. */
function jsonType(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

/** The documented type of a dotted field of `model` (through `records[]` for collections). */
function documentedType(model: string, field: string): string | undefined {
  let schema: JsonSchema | undefined = definitions[model];
  for (const part of field.split(".")) {
    if (!schema) return undefined;
    const resolved: JsonSchema = resolveRef(schema);
    if (part.endsWith("[]")) {
      schema = resolved.properties?.[part.slice(0, -2)];
      schema = schema ? resolveRef(schema).items : undefined;
    } else {
      schema = resolved.properties?.[part];
    }
  }
  return schema ? resolveRef(schema).type : undefined;
}

/** `1` for a boolean and `"5000"` for an integer: how the reference prints values its tables type otherwise. */
function isRenderingArtefact(example: unknown, actual: unknown, documented: string | undefined): boolean {
  if (documented === "boolean") return example === 1 && typeof actual === "boolean";
  if (documented === "integer") return typeof example === "string" && /^\d+$/.test(example) && Number.isInteger(actual);
  return false;
}

/** Every place where `actual` does not have the shape of `example`. */
function shapeDifferences(model: string, example: unknown, actual: unknown, at = ""): string[] {
  const here = at || "(body)";
  if (jsonType(example) === "object") {
    if (jsonType(actual) !== "object") return [`${here}: an object in the example, ${jsonType(actual)} here`];
    const record = actual as Record<string, unknown>;
    return Object.entries(example as Record<string, unknown>).flatMap(([key, value]) => {
      const field = at ? `${at}.${key}` : key;
      if (!(key in record)) return DEPARTURES[field] ? [] : [`${field}: in the example, missing here`];
      return shapeDifferences(model, value, record[key], field);
    });
  }
  if (jsonType(example) === "array") {
    if (!Array.isArray(actual)) return [`${here}: an array in the example, ${jsonType(actual)} here`];
    const [first] = example as unknown[];
    if (first === undefined) return [];
    if (actual.length === 0) return [`${here}: the example has items, the answer none`];
    return actual.flatMap((item) => shapeDifferences(model, first, item, `${at}[]`));
  }
  if (jsonType(example) === jsonType(actual)) return [];
  if (isRenderingArtefact(example, actual, documentedType(model, at))) return [];
  return [`${here}: ${jsonType(example)} in the example, ${jsonType(actual)} here`];
}

interface Case {
  fixture: string;
  model: string;
  mode: "svm" | "node";
  request(c: Ctx): [method: string, path: string, body?: unknown];
}

interface Ctx {
  svm: string;
  node: string;
  session: { owner: string; id: string };
}

const CASES: Case[] = [
  { fixture: "mode.get.response.json", model: "cluster_ndmp_properties", mode: "svm", request: () => ["GET", NDMP] },
  {
    fixture: "mode.patch.response.json",
    model: "cluster_ndmp_properties",
    mode: "svm",
    request: () => ["PATCH", `${NDMP}?return_records=true`, { mode: "svm" }],
  },
  {
    fixture: "nodes.get.response.json",
    model: "ndmp_node_response",
    mode: "node",
    request: () => ["GET", `${NDMP}/nodes?fields=*&max_records=1`],
  },
  {
    fixture: "node.get.response.json",
    model: "ndmp_node",
    mode: "node",
    request: (c) => ["GET", `${NDMP}/nodes/${c.node}`],
  },
  {
    fixture: "node.patch.response.json",
    model: "ndmp_node",
    mode: "node",
    request: (c) => ["PATCH", `${NDMP}/nodes/${c.node}?return_records=true`, { enabled: true }],
  },
  {
    fixture: "sessions.get.response.json",
    model: "ndmp_session_response",
    mode: "svm",
    request: () => ["GET", `${NDMP}/sessions?fields=*&max_records=1`],
  },
  {
    fixture: "session.get.response.json",
    model: "ndmp_session",
    mode: "svm",
    request: (c) => ["GET", `${NDMP}/sessions/${c.session.owner}/${c.session.id}`],
  },
  {
    fixture: "svms.get.response.json",
    model: "ndmp_svm_response",
    mode: "svm",
    request: () => ["GET", `${NDMP}/svms?fields=*&max_records=1`],
  },
  {
    fixture: "svm.get.response.json",
    model: "ndmp_svm",
    mode: "svm",
    request: (c) => ["GET", `${NDMP}/svms/${c.svm}`],
  },
  {
    fixture: "svm.patch.response.json",
    model: "ndmp_svm",
    mode: "svm",
    request: (c) => ["PATCH", `${NDMP}/svms/${c.svm}?return_records=true`, { enabled: true }],
  },
  {
    fixture: "password.get.response.json",
    model: "ndmp_password",
    mode: "svm",
    request: (c) => ["GET", `${NDMP}/svms/${c.svm}/passwords/vsadmin`],
  },
];

/** The writable part of an example request, with the reference's artefacts and placeholders read as values. */
function writablePart(model: string, example: Record<string, unknown>): Record<string, unknown> {
  const properties = definitions[model].properties ?? {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(example)) {
    if (properties[key]?.readOnly) continue;
    if (properties[key]?.type === "boolean") out[key] = value === 1 || value === true;
    else if (key === "mode") out[key] = "svm";
    else out[key] = value;
  }
  return out;
}

describe("contract: the ONTAP 9.9.1 reference examples", () => {
  const { client, sim } = useSimulator({ nodes: 2, svms: 2 });

  function context(): Ctx {
    const state = sim().control.state();
    const session = sim()
      .control.sessions()
      .find((s) => s.scope === "svm")!.record;
    return { svm: state.svms[0].uuid, node: state.nodes[0].uuid, session: { owner: session.uuid!, id: session.id! } };
  }

  async function answer(c: TestClient, test: Case) {
    if (test.mode === "node") await setMode(c, "node");
    const [method, target, body] = test.request(context());
    const res = await c.send(method, target, body === undefined ? {} : { body });
    assert.strictEqual(res.status, 200, `${method} ${target}: ${res.text}`);
    assertModel(test.model, res.body);
    return res.body;
  }

  for (const test of CASES) {
    it(`${test.fixture}: the answer has the example's shape`, async () => {
      const actual = await answer(client(), test);
      assert.deepStrictEqual(shapeDifferences(test.model, fixture(test.fixture), actual), []);
      if (test.model.endsWith("_response")) {
        assert.ok(Number.isInteger(actual.num_records), "num_records, as the response table documents");
        assert.ok(actual._links.next && actual._links.self, "a full page links to the next one");
      }
    });
  }

  it("error.json: an unknown SVM answers the example error (404, code 4, entry doesn't exist, target uuid)", async () => {
    const res = await client().send("GET", `${NDMP}/svms/00000000-0000-4000-8000-000000000000`);
    assert.strictEqual(res.status, 404);
    assert.deepStrictEqual(shapeDifferences("error_response", fixture("error.json"), res.body), []);
    const { error } = fixture("error.json");
    assert.deepStrictEqual(
      { code: res.body.error.code, message: res.body.error.message, target: res.body.error.target },
      { code: error.code, message: error.message, target: error.target },
    );
  });

  for (const [name, model, mode] of [
    ["mode.patch.request.json", "cluster_ndmp_properties", "svm"],
    ["node.patch.request.json", "ndmp_node", "node"],
    ["svm.patch.request.json", "ndmp_svm", "svm"],
  ] as const) {
    it(`${name}: its writable part is accepted; the read-only fields it also shows are refused (262196)`, async () => {
      if (mode === "node") await setMode(client(), "node");
      const c = context();
      const target = {
        cluster_ndmp_properties: NDMP,
        ndmp_node: `${NDMP}/nodes/${c.node}`,
        ndmp_svm: `${NDMP}/svms/${c.svm}`,
      }[model];
      const example = fixture(name);
      const accepted = await client().send("PATCH", target, { body: writablePart(model, example) });
      assert.strictEqual(accepted.status, 200, accepted.text);
      await client().fails(
        "PATCH",
        target,
        { status: 400, code: "262196" },
        { body: { ...example, ...writablePart(model, example) } },
      );
    });
  }

  it("the shape comparison itself notices a missing field, a wrong type and a wrong nesting", () => {
    const example = { a: 1, b: { c: "x" }, d: [{ e: true }] };
    assert.deepStrictEqual(shapeDifferences("ndmp_svm", example, { a: 1, b: { c: 2 }, d: [{}] }), [
      "b.c: string in the example, number here",
      "d[].e: in the example, missing here",
    ]);
    assert.deepStrictEqual(shapeDifferences("ndmp_svm", { enabled: 1 }, { enabled: true }), []);
    assert.deepStrictEqual(shapeDifferences("ndmp_svm", { svm: {} }, { svm: [] }), [
      "svm: an object in the example, array here",
    ]);
  });
});
