// ONTAP query syntax: fields, filters with every operator, order_by, max_records paging, return_records,
// return_timeout, and the refusal of unknown or malformed parameters.
import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { filterableFields } from "../../provider/ontap/schema";
import { NDMP, setMode, TestClient, useSimulator } from "./helpers";

type Rec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("simulator queries", () => {
  const { client, sim } = useSimulator({ nodes: 2, svms: 5 });

  const names = (body: { records: Rec[] }) => body.records.map((r) => r.svm.name);
  const svms = (query: string) => client().get(`${NDMP}/svms?${query}`, "ndmp_svm_response");
  const sessions = (query: string) => client().get(`${NDMP}/sessions?${query}`, "ndmp_session_response");
  const ports = (body: { records: Rec[] }) => body.records.map((r) => r.client_port);
  const svmUuid = (name: string) =>
    sim()
      .control.state()
      .svms.find((s) => s.name === name)!.uuid;

  describe("fields", () => {
    it("a collection returns only the identity and links by default", async () => {
      const body = await svms("");
      assert.deepStrictEqual(Object.keys(body.records[0]), ["svm", "_links"]);
      assert.deepStrictEqual(Object.keys(body.records[0].svm), ["uuid", "name", "_links"]);
    });

    it("named fields come with the identity and links", async () => {
      const body = await svms("fields=enabled");
      assert.deepStrictEqual(Object.keys(body.records[0]), ["svm", "enabled", "_links"]);
    });

    it("* and ** return every standard field", async () => {
      const star = await svms("fields=*");
      assert.deepStrictEqual(Object.keys(star.records[0]), ["svm", "enabled", "authentication_types", "_links"]);
      assert.deepStrictEqual((await svms("fields=**")).records, star.records);
    });

    it("dotted paths pick sub-fields", async () => {
      const body = await sessions("fields=data.connection.port");
      const [record] = body.records;
      assert.deepStrictEqual(Object.keys(record), ["id", "uuid", "svm", "data", "_links"]);
      assert.deepStrictEqual(record.data, { connection: { port: 18600 } });
    });

    it("! excludes a sub-field: fields=data,!data.connection", async () => {
      const [record] = (await sessions("fields=data,!data.connection")).records;
      assert.ok(record.data.operation && record.data.bytes_processed !== undefined);
      assert.ok(!("connection" in record.data));
      const [starred] = (await sessions("fields=!mover")).records;
      assert.ok(!("mover" in starred) && "data" in starred && "scsi" in starred);
    });

    it("instance GETs honour fields", async () => {
      const body = await client().get(`${NDMP}/svms/${svmUuid("svm1")}?fields=enabled`, "ndmp_svm");
      assert.deepStrictEqual(Object.keys(body), ["svm", "enabled", "_links"]);
    });

    it("refuses unknown fields (262179) and the write-only password (262249)", async () => {
      await client().fails("GET", `${NDMP}/svms?fields=enabled,colour`, {
        status: 400,
        code: "262179",
        message: 'Unexpected argument "colour".',
        target: "fields",
      });
      await setMode(client(), "node");
      await client().fails("GET", `${NDMP}/nodes?fields=password`, { status: 400, code: "262249" });
    });
  });

  describe("filters", () => {
    it("exact value, wildcard, alternatives and negation on strings", async () => {
      assert.deepStrictEqual(names(await svms("svm.name=svm2")), ["svm2"]);
      assert.deepStrictEqual(names(await svms("svm.name=svm*")).length, 5);
      assert.deepStrictEqual(names(await svms("svm.name=*3")), ["svm3"]);
      assert.deepStrictEqual(names(await svms("svm.name=s*m4")), ["svm4"]);
      assert.deepStrictEqual(names(await svms("svm.name=svm2|svm4")), ["svm2", "svm4"]);
      assert.deepStrictEqual(names(await svms("svm.name=!svm2")), ["svm1", "svm3", "svm4", "svm5"]);
      assert.deepStrictEqual(names(await svms("svm.name=!svm*")), []);
      assert.deepStrictEqual(names(await svms(`svm.uuid=${svmUuid("svm5")}`)), ["svm5"]);
    });

    it("comparisons and ranges order strings alphabetically", async () => {
      assert.deepStrictEqual(names(await svms("svm.name=<svm3")), ["svm1", "svm2"]);
      assert.deepStrictEqual(names(await svms("svm.name=>=svm4")), ["svm4", "svm5"]);
      assert.deepStrictEqual(names(await svms("svm.name=svm2..svm4")), ["svm2", "svm3", "svm4"]);
      assert.deepStrictEqual(names(await svms("svm.name=!svm2..svm4")), ["svm1", "svm5"]);
      assert.deepStrictEqual(names(await svms("svm.name=svm1|svm3..svm4|>svm4")), ["svm1", "svm3", "svm4", "svm5"]);
    });

    it("integers compare numerically", async () => {
      const sessions = (query: string) =>
        client().get(`${NDMP}/sessions?order_by=client_port&${query}`, "ndmp_session_response");
      assert.deepStrictEqual(ports(await sessions("fields=client_port&client_port=<40104")), [40102, 40103]);
      assert.deepStrictEqual(ports(await sessions("fields=client_port&client_port=>40105")), [40106]);
      assert.deepStrictEqual(ports(await sessions("fields=client_port&client_port=<=40103")), [40102, 40103]);
      assert.deepStrictEqual(
        ports(await sessions("fields=client_port&client_port=40103..40105")),
        [40103, 40104, 40105],
      );
      assert.deepStrictEqual(ports(await sessions("fields=client_port&data.bytes_processed=>25000")), [40105, 40106]);
      assert.deepStrictEqual(
        ports(await sessions("fields=client_port&client_port=9..100000")),
        [40102, 40103, 40104, 40105, 40106],
      );
    });

    it("enums compare alphabetically", async () => {
      // active < halted < paused
      assert.strictEqual((await sessions("data.state=<halted")).num_records, 3);
      assert.strictEqual((await sessions("mover.state=>active")).num_records, 2);
      assert.strictEqual((await sessions("backup_engine=>dump")).num_records, 2);
      assert.strictEqual((await sessions("backup_engine=dump")).num_records, 3);
    });

    it("null and !null test unset fields; other operators exclude them", async () => {
      assert.strictEqual((await sessions("data.reason=null")).num_records, 3);
      assert.strictEqual((await sessions("data.reason=!null")).num_records, 2);
      assert.strictEqual((await sessions("data.reason=!successful")).num_records, 0);
      assert.strictEqual((await sessions("data.reason=!successful|null")).num_records, 3);
    });

    it("booleans", async () => {
      await client().ok("PATCH", `${NDMP}/svms/${svmUuid("svm2")}`, "ndmp_svm", { body: { enabled: true } });
      assert.deepStrictEqual(names(await svms("enabled=true")), ["svm2"]);
      assert.strictEqual((await svms("enabled=false")).num_records, 4);
      assert.deepStrictEqual(names(await svms("enabled=true&svm.name=svm2|svm3")), ["svm2"]);
    });

    it("arrays match when any element matches", async () => {
      await client().ok("PATCH", `${NDMP}/svms/${svmUuid("svm3")}`, "ndmp_svm", {
        body: { authentication_types: ["plaintext", "challenge"] },
      });
      assert.deepStrictEqual(names(await svms("authentication_types=plaintext")), ["svm3"]);
      assert.strictEqual((await svms("authentication_types=challenge")).num_records, 5);
      assert.strictEqual((await svms("authentication_types=!plaintext")).num_records, 4);
    });

    it("quotes and braces make operator characters literal", async () => {
      const svm = svmUuid("svm1");
      sim().control.addSession({ svm, details: { data_path: "/svm1/a*b" } });
      sim().control.addSession({ svm, details: { data_path: "/svm1/a|b" } });
      sim().control.addSession({ svm, details: { data_path: "/svm1/axb" } });
      const paths = async (q: string) =>
        (await sessions(`fields=data_path&${q}`)).records.map((r: Rec) => r.data_path).sort();
      assert.deepStrictEqual(await paths("data_path=/svm1/a*b"), ["/svm1/a*b", "/svm1/axb", "/svm1/a|b"]);
      assert.deepStrictEqual(await paths(`data_path=${encodeURIComponent('"/svm1/a*b"')}`), ["/svm1/a*b"]);
      assert.deepStrictEqual(await paths(`data_path=${encodeURIComponent("{/svm1/a|b}")}`), ["/svm1/a|b"]);
      assert.deepStrictEqual(await paths(`data_path=${encodeURIComponent('/svm1/"a"*')}`), [
        "/svm1/a*b",
        "/svm1/axb",
        "/svm1/a|b",
      ]);
    });

    it("every documented session filter is accepted", async () => {
      const filters = [
        "id",
        "uuid",
        "backup_engine",
        "tape_device",
        "tape_mode",
        "source_address",
        "data_path",
        "client_address",
        "client_port",
        "node.uuid",
        "node.name",
        "svm.uuid",
        "svm.name",
        "scsi.device_id",
        "scsi.target_id",
        "scsi.host_adapter",
        "scsi.lun_id",
        "data.state",
        "data.reason",
        "data.operation",
        "data.bytes_processed",
        "data.connection.address",
        "data.connection.type",
        "data.connection.port",
        "mover.mode",
        "mover.state",
        "mover.reason",
        "mover.bytes_moved",
        "mover.connection.address",
        "mover.connection.type",
        "mover.connection.port",
      ];
      for (const filter of filters) await sessions(`${filter}=null`);
      const [one] = (await sessions("fields=*&order_by=client_port&max_records=1")).records;
      const exact = `node.name=${one.node.name}&svm.name=${one.svm.name}&tape_mode=${one.tape_mode}&scsi.lun_id=0`;
      assert.ok((await sessions(exact)).num_records >= 1);
    });

    it("accepts exactly the filters the spec documents for each collection", () => {
      type Parameter = { name?: string; in?: string; $ref?: string };
      const spec = yaml.load(
        fs.readFileSync(path.join(__dirname, "..", "fixtures", "ontap-9.8-ndmp-openapi.yaml"), "utf8"),
      ) as { paths: Record<string, { get: { parameters: Parameter[] } }> };
      const documented = (p: string) =>
        spec.paths[p].get.parameters
          .filter((x) => x.in === "query")
          .map((x) => x.name!)
          .sort();
      assert.deepStrictEqual(filterableFields("ndmp_node").sort(), documented("/protocols/ndmp/nodes"));
      assert.deepStrictEqual(filterableFields("ndmp_svm").sort(), documented("/protocols/ndmp/svms"));
      assert.deepStrictEqual(filterableFields("cluster_ndmp_properties").sort(), documented("/protocols/ndmp"));
      // 9.9 adds the session `uuid` filter to the 9.8 list.
      assert.deepStrictEqual(
        filterableFields("ndmp_session").sort(),
        [...documented("/protocols/ndmp/sessions"), "uuid"].sort(),
      );
    });

    it("node filters", async () => {
      await setMode(client(), "node");
      const uuid = sim().control.state().nodes[1].uuid;
      await client().ok("PATCH", `${NDMP}/nodes/${uuid}`, "ndmp_node", { body: { user: "ndmp2" } });
      const body = await client().get(`${NDMP}/nodes?user=ndmp*&enabled=true`, "ndmp_node_response");
      assert.deepStrictEqual(
        body.records.map((r: Rec) => r.node.uuid),
        [uuid],
      );
      await client().fails("GET", `${NDMP}/nodes?password=x`, { status: 400, code: "262250" });
    });

    it("refuses operands of the wrong type", async () => {
      await client().fails("GET", `${NDMP}/sessions?client_port=abc`, {
        status: 400,
        code: "262197",
        target: "client_port",
      });
      await client().fails("GET", `${NDMP}/svms?enabled=maybe`, { status: 400, code: "262197", target: "enabled" });
      await client().fails("GET", `${NDMP}/sessions?backup_engine=tar`, {
        status: 400,
        code: "262197",
        message: '"tar" is an invalid value for field "backup_engine"',
      });
    });
  });

  describe("order_by", () => {
    it("sorts ascending by default, descending on request", async () => {
      assert.deepStrictEqual(names(await svms("order_by=svm.name")), ["svm1", "svm2", "svm3", "svm4", "svm5"]);
      assert.deepStrictEqual(names(await svms(`order_by=${encodeURIComponent("svm.name desc")}`)), [
        "svm5",
        "svm4",
        "svm3",
        "svm2",
        "svm1",
      ]);
    });

    it("sorts on several keys, and accepts $orderBy", async () => {
      const body = await sessions(
        `fields=backup_engine,client_port&order_by=${encodeURIComponent("backup_engine,client_port desc")}`,
      );
      assert.deepStrictEqual(
        body.records.map((r: Rec) => [r.backup_engine, r.client_port]),
        [
          ["dump", 40106],
          ["dump", 40104],
          ["dump", 40102],
          ["smtape", 40105],
          ["smtape", 40103],
        ],
      );
      const alias = await sessions(`fields=client_port&$orderBy=${encodeURIComponent("client_port desc")}`);
      assert.deepStrictEqual(ports(alias), [40106, 40105, 40104, 40103, 40102]);
    });

    it("refuses unknown fields and directions", async () => {
      await client().fails("GET", `${NDMP}/svms?order_by=colour`, { status: 400, code: "262179", target: "order_by" });
      await client().fails("GET", `${NDMP}/svms?order_by=${encodeURIComponent("svm.name up")}`, {
        status: 400,
        code: "262197",
        target: "order_by",
      });
      await client().fails("GET", `${NDMP}/svms?order_by=svm.name&$orderBy=svm.uuid`, { status: 400, code: "262188" });
    });
  });

  describe("paging", () => {
    async function followAll(c: TestClient, first: string, model: string) {
      const pages: Rec[] = [];
      let href: string | undefined = first;
      while (href) {
        const res = await c.send("GET", href, { model });
        assert.strictEqual(res.status, 200, res.text);
        pages.push(res.body);
        const next = res.body._links?.next?.href;
        assert.strictEqual(res.headers.link, next ? `<${next}>; rel="next"` : undefined);
        href = next;
        assert.ok(pages.length < 20, "paging terminates");
      }
      return pages;
    }

    it("max_records pages with an opaque next link, followed to the end", async () => {
      const pages = await followAll(client(), `${NDMP}/svms?fields=enabled&max_records=2`, "ndmp_svm_response");
      assert.deepStrictEqual(
        pages.map((p) => p.num_records),
        [2, 2, 1],
      );
      assert.deepStrictEqual(
        pages.flatMap((p) => p.records.map((r: Rec) => r.svm.name)),
        ["svm1", "svm2", "svm3", "svm4", "svm5"],
      );
      assert.ok(
        pages[1].records.every((r: Rec) => "enabled" in r),
        "next keeps fields",
      );
      assert.strictEqual(pages[0]._links.self.href, `${NDMP}/svms?fields=enabled&max_records=2`);
      assert.strictEqual(pages[1]._links.self.href, pages[0]._links.next.href);
    });

    it("a full last page still carries next; the page after it is empty", async () => {
      const pages = await followAll(
        client(),
        `${NDMP}/svms?svm.name=svm1|svm2|svm3|svm4&max_records=2`,
        "ndmp_svm_response",
      );
      assert.deepStrictEqual(
        pages.map((p) => p.num_records),
        [2, 2, 0],
      );
    });

    it("keeps filters and order across pages and survives deletions between pages", async () => {
      const first = await svms(`order_by=${encodeURIComponent("svm.name desc")}&max_records=2&svm.name=!svm1`);
      assert.deepStrictEqual(names(first), ["svm5", "svm4"]);
      sim().control.deleteSvm(svmUuid("svm3"));
      const second = await client().get(first._links.next.href, "ndmp_svm_response");
      assert.deepStrictEqual(names(second), ["svm2"]);
      assert.strictEqual(second._links.next, undefined);
    });

    it("return_records=false returns only the counts, summed across pages", async () => {
      const all = await svms("return_records=false");
      assert.deepStrictEqual(Object.keys(all), ["num_records", "_links"]);
      assert.strictEqual(all.num_records, 5);
      const pages = await followAll(client(), `${NDMP}/svms?return_records=false&max_records=2`, "ndmp_svm_response");
      assert.strictEqual(
        pages.reduce((sum, p) => sum + p.num_records, 0),
        5,
      );
      assert.ok(pages.every((p) => !("records" in p)));
    });

    it("refuses a bad max_records or paging token", async () => {
      for (const value of ["0", "-1", "abc"]) {
        await client().fails("GET", `${NDMP}/svms?max_records=${value}`, {
          status: 400,
          code: "262197",
          target: "max_records",
        });
      }
      await client().fails("GET", `${NDMP}/svms?start=garbage`, { status: 400, code: "262197", target: "start" });
    });
  });

  describe("other parameters", () => {
    it("return_timeout accepts 0..120 and refuses anything else naming the parameter", async () => {
      await svms("return_timeout=0");
      await svms("return_timeout=120");
      for (const value of ["121", "-1", "abc", "1.5"]) {
        await client().fails("GET", `${NDMP}/svms?return_timeout=${value}`, {
          status: 400,
          code: "262245",
          target: "return_timeout",
          message: /return_timeout/,
        });
      }
      await client().fails("PATCH", `${NDMP}?return_timeout=500`, { status: 400, code: "262245" }, { body: {} });
    });

    it("unknown, repeated or unassigned parameters are refused", async () => {
      await client().fails("GET", `${NDMP}/svms?colour=blue`, {
        status: 400,
        code: "262179",
        message: 'Unexpected argument "colour".',
        target: "colour",
      });
      // Filters belong to collections, not to instances.
      await client().fails("GET", `${NDMP}/svms/${svmUuid("svm1")}?enabled=true`, {
        status: 400,
        code: "262179",
        target: "enabled",
      });
      await client().fails("GET", `${NDMP}/svms?enabled=true&enabled=false`, { status: 400, code: "262188" });
      await client().fails("GET", `${NDMP}/svms?return_records`, { status: 400, code: "262248" });
      await client().fails("GET", `${NDMP}/svms?return_records=maybe`, { status: 400, code: "262197" });
    });

    it("the collection self link echoes the path and query", async () => {
      const query = `svm.name=${encodeURIComponent("svm1|svm2")}&fields=*`;
      const body = await svms(query);
      assert.strictEqual(body._links.self.href, `${NDMP}/svms?${query}`);
    });
  });
});
