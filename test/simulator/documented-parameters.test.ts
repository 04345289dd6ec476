// Every query parameter the ONTAP 9.9.1 reference documents, on every endpoint that documents it (spec/endpoints.ts),
// and every documented session filter, matching and excluding.
import * as assert from "assert";
import { DOCUMENTED_ENDPOINTS, DocumentedEndpoint, filterableFields, SESSION_FILTERS } from "../../spec";
import { NDMP, setMode, TestClient, useSimulator } from "./helpers";

const VALID: Record<string, (endpoint: DocumentedEndpoint) => string> = {
  fields: () => "*",
  max_records: () => "1",
  return_records: () => "true",
  return_timeout: () => "15",
  order_by: (endpoint) => `${endpoint.filters[0]} desc`,
};

const BODIES: Record<string, unknown> = {
  "/protocols/ndmp": { mode: "svm" },
  "/protocols/ndmp/nodes/{node.uuid}": { enabled: true },
  "/protocols/ndmp/svms/{svm.uuid}": { enabled: true },
};

const valueAt = (record: unknown, field: string): unknown =>
  field.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], record);

describe("documented query parameters", () => {
  const { client, sim } = useSimulator({ nodes: 2, svms: 3 });

  function concretePath(endpoint: DocumentedEndpoint): string {
    const state = sim().control.state();
    const session = sim()
      .control.sessions()
      .find((s) => s.scope === (endpoint.path.includes("/nodes") ? "node" : "svm"))!.record;
    return `/api${endpoint.path}`
      .replace("{node.uuid}", state.nodes[0].uuid)
      .replace("{svm.uuid}", state.svms[0].uuid)
      .replace("{user}", "vsadmin")
      .replace("{owner.uuid}", session.uuid!)
      .replace("{session.id}", session.id!);
  }

  async function call(c: TestClient, endpoint: DocumentedEndpoint, query: string) {
    if (endpoint.path.startsWith("/protocols/ndmp/nodes")) await setMode(c, "node");
    const body = endpoint.method === "PATCH" ? BODIES[endpoint.path] : undefined;
    return c.send(endpoint.method, `${concretePath(endpoint)}${query}`, body === undefined ? {} : { body });
  }

  for (const endpoint of DOCUMENTED_ENDPOINTS) {
    const name = `${endpoint.method} ${endpoint.path}`;
    it(`${name}: answers 200 without parameters${endpoint.globals.length ? ` and with ${endpoint.globals.join(", ")}` : ""}`, async () => {
      const plain = await call(client(), endpoint, "");
      assert.strictEqual(plain.status, 200, `${name}: ${plain.text}`);
      for (const parameter of endpoint.globals) {
        sim().control.reset();
        const res = await call(client(), endpoint, `?${parameter}=${encodeURIComponent(VALID[parameter](endpoint))}`);
        assert.strictEqual(res.status, 200, `${name}?${parameter}: ${res.text}`);
      }
    });

    if (endpoint.filters.length > 0) {
      it(`${name}: its documented filters are the model's readable leaves`, () => {
        assert.deepStrictEqual(
          [...endpoint.filters].sort(),
          filterableFields(endpoint.model!.replace(/_response$/, "")).sort(),
        );
      });
    }
  }

  describe("their effect on collections", () => {
    it("max_records pages, return_records=false counts, order_by sorts, fields selects", async () => {
      const page = await client().get(`${NDMP}/svms?max_records=2`, "ndmp_svm_response");
      assert.strictEqual(page.records.length, 2);
      assert.ok(page._links.next);
      const count = await client().get(`${NDMP}/svms?return_records=false`, "ndmp_svm_response");
      assert.deepStrictEqual(
        { records: count.records, num_records: count.num_records },
        { records: undefined, num_records: 3 },
      );
      const sorted = await client().get(`${NDMP}/svms?order_by=svm.name%20desc`, "ndmp_svm_response");
      assert.deepStrictEqual(
        sorted.records.map((r: { svm: { name: string } }) => r.svm.name),
        ["svm3", "svm2", "svm1"],
      );
      const selected = await client().get(`${NDMP}/svms?fields=enabled`, "ndmp_svm_response");
      assert.deepStrictEqual(Object.keys(selected.records[0]).sort(), ["_links", "enabled", "svm"]);
    });

    it("on the mode singleton: the mode filter selects, the others are accepted without effect", async () => {
      assert.strictEqual((await client().send("GET", `${NDMP}?mode=node`)).status, 404);
      const body = await client().get(
        `${NDMP}?mode=svm&max_records=1&order_by=mode&return_records=true`,
        "cluster_ndmp_properties",
      );
      assert.strictEqual(body.mode, "svm");
    });
  });

  describe("session filters: every field the reference documents", () => {
    it("covers the 31 documented filters", () => {
      assert.strictEqual(SESSION_FILTERS.length, 31);
    });

    for (const field of SESSION_FILTERS) {
      it(`${field}: matches the sessions with the value, and !value excludes them`, async () => {
        const all = (await client().get(`${NDMP}/sessions?fields=*`, "ndmp_session_response")).records;
        const target = all.find((r: unknown) => valueAt(r, field) !== undefined);
        assert.ok(target, `a seeded session has ${field}`);
        const value = String(valueAt(target, field));
        const q = (v: string) => `${NDMP}/sessions?fields=*&${field}=${encodeURIComponent(v)}`;
        const matched = (await client().get(q(value), "ndmp_session_response")).records;
        assert.ok(
          matched.some((r: { id: string }) => r.id === target.id),
          `${field}=${value} finds it`,
        );
        assert.ok(
          matched.every((r: unknown) => String(valueAt(r, field)) === value),
          `${field}=${value} finds only those`,
        );
        const excluded = (await client().get(q(`!${value}`), "ndmp_session_response")).records;
        assert.ok(!excluded.some((r: { id: string }) => r.id === target.id), `${field}=!${value} excludes it`);
      });
    }
  });
});
