// What each typed method sends: method, path, explicit fields=, query encoding, path-segment encoding, bodies.
import * as assert from "assert";
import { DEFAULT_FIELDS, OntapClient, OntapConfigError } from "../../provider/ontap";
import { makeClient, recordAll, rejection, useNock, type Seen } from "./helpers";

/** Calls every method of the client once; the answers come from `recordAll`. */
const everyGet: Array<[string, (c: OntapClient) => Promise<unknown>]> = [
  ["getCluster", (c) => c.getCluster()],
  ["getNdmpMode", (c) => c.getNdmpMode()],
  ["listNodes", (c) => c.listNodes()],
  ["getNode", (c) => c.getNode("n-1")],
  ["listSvms", (c) => c.listSvms()],
  ["getSvm", (c) => c.getSvm("s-1")],
  ["findSvm", (c) => c.findSvm("backup*")],
  ["generatePassword", (c) => c.generatePassword("s-1", "backup")],
  ["listSessions", (c) => c.listSessions()],
  ["getSession", (c) => c.getSession("o-1", "2000")],
  ["count", (c) => c.count("svms")],
];

const fieldsOf = (s: Seen): string | null => new URL(s.url, "https://x").searchParams.get("fields");

describe("requests of the typed methods", () => {
  useNock();

  it("every GET names its fields explicitly", async () => {
    const seen = recordAll(() => [200, {}]);
    const { client } = makeClient();
    for (const [, call] of everyGet) await call(client);
    assert.strictEqual(seen.length, everyGet.length);
    for (const s of seen) {
      assert.strictEqual(s.method, "GET");
      assert.ok(fieldsOf(s), `${s.url} has no fields=`);
    }
  });

  it("sends the documented paths and default fields", async () => {
    const seen = recordAll(() => [200, {}]);
    const { client } = makeClient();
    for (const [, call] of everyGet) await call(client);
    assert.deepStrictEqual(
      seen.map((s) => s.url),
      [
        "/api/cluster?fields=name,uuid,version",
        "/api/protocols/ndmp?fields=mode",
        "/api/protocols/ndmp/nodes?fields=authentication_types,enabled,node,user",
        "/api/protocols/ndmp/nodes/n-1?fields=authentication_types,enabled,node,user",
        "/api/protocols/ndmp/svms?fields=authentication_types,enabled,svm",
        "/api/protocols/ndmp/svms/s-1?fields=authentication_types,enabled,svm",
        "/api/protocols/ndmp/svms?fields=svm.name,svm.uuid&svm.name=%22backup*%22",
        "/api/protocols/ndmp/svms/s-1/passwords/backup?fields=password,user,svm",
        `/api/protocols/ndmp/sessions?fields=${DEFAULT_FIELDS.session.join(",")}`,
        `/api/protocols/ndmp/sessions/o-1/2000?fields=${DEFAULT_FIELDS.session.join(",")}`,
        "/api/protocols/ndmp/svms?fields=svm.uuid&return_records=false",
      ],
    );
  });

  it("findSvm takes a uuid as is and looks a name up literally", async () => {
    const seen = recordAll(() => [200, { records: [{ svm: { name: "backup*", uuid: "u-1" } }], num_records: 1 }]);
    const { client } = makeClient();
    assert.deepStrictEqual(await client.findSvm("backup*"), { name: "backup*", uuid: "u-1" });
    const uuid = "02c9e252-41be-11e9-81d5-00a0986138f7";
    assert.deepStrictEqual(await client.findSvm(uuid), { uuid });
    assert.strictEqual(seen.length, 1);
  });

  it("never asks for the write-only node password", () => {
    assert.ok(!DEFAULT_FIELDS.node.includes("password" as never));
    assert.deepStrictEqual([...DEFAULT_FIELDS.session].sort(), [
      "backup_engine",
      "client_address",
      "client_port",
      "data",
      "data_path",
      "id",
      "mover",
      "node",
      "scsi",
      "source_address",
      "svm",
      "tape_device",
      "tape_mode",
      "uuid",
    ]);
  });

  it("lets the caller choose fields on gets and lists", async () => {
    const seen = recordAll(() => [200, {}]);
    const { client } = makeClient();
    await client.getNode("n-1", ["enabled", "node.name"]);
    await client.getSvm("s-1", ["enabled"]);
    await client.getSession("o-1", "7", ["data.state", "mover.*"]);
    await client.listSvms({ fields: ["svm.name", "enabled"] });
    assert.deepStrictEqual(
      seen.map((s) => s.url.split("?")[1]),
      ["fields=enabled,node.name", "fields=enabled", "fields=data.state,mover.*", "fields=svm.name,enabled"],
    );
  });

  it("encodes filters with ONTAP query operators, order_by, max_records and return_timeout", async () => {
    const seen = recordAll(() => [200, { records: [] }]);
    const { client } = makeClient();
    await client.listSessions({
      fields: ["id", "svm.name"],
      filters: {
        "svm.name": "vs*|!vs2",
        "data.bytes_processed": ">=1000",
        client_port: 18600,
        "data.state": "!null",
        data_path: "/vol/a b&c=d#e",
        tape_device: '"nrst0a"',
        source_address: "{a|b}",
        "mover.bytes_moved": "3..10",
      },
      orderBy: ["svm.name", "data.bytes_processed desc"],
      maxRecords: 50,
      returnTimeout: 30,
    });
    assert.strictEqual(
      seen[0].url,
      "/api/protocols/ndmp/sessions?fields=id,svm.name" +
        "&svm.name=vs*%7C!vs2" +
        "&data.bytes_processed=%3E%3D1000" +
        "&client_port=18600" +
        "&data.state=!null" +
        "&data_path=%2Fvol%2Fa%20b%26c%3Dd%23e" +
        "&tape_device=%22nrst0a%22" +
        "&source_address=%7Ba%7Cb%7D" +
        "&mover.bytes_moved=3..10" +
        "&max_records=50" +
        "&order_by=svm.name,data.bytes_processed%20desc" +
        "&return_timeout=30",
    );
    // And a standard parser reads back exactly what was given.
    const params = new URL(seen[0].url, "https://x").searchParams;
    assert.strictEqual(params.get("svm.name"), "vs*|!vs2");
    assert.strictEqual(params.get("data_path"), "/vol/a b&c=d#e");
    assert.strictEqual(params.get("order_by"), "svm.name,data.bytes_processed desc");
  });

  it("sends boolean filters as true/false", async () => {
    const seen = recordAll(() => [200, { records: [] }]);
    const { client } = makeClient();
    await client.listNodes({ filters: { enabled: false, "node.name": "node1" } });
    assert.strictEqual(
      seen[0].url,
      "/api/protocols/ndmp/nodes?fields=authentication_types,enabled,node,user&enabled=false&node.name=node1",
    );
  });

  const badQueries: Array<[string, object, RegExp]> = [
    ["a reserved name as filter", { filters: { max_records: "5" } }, /use the query option for "max_records"/],
    ["fields as filter", { filters: { fields: "x" } }, /use the query option for "fields"/],
    ["a filter name with a space", { filters: { "svm name": "x" } }, /Invalid filter name "svm name"/],
    ["a filter name with &", { filters: { "a&b": "x" } }, /Invalid filter name "a&b"/],
    ["a null filter value", { filters: { enabled: null } }, /must be a string, number or boolean, got null/],
    ["maxRecords 0", { maxRecords: 0 }, /Invalid maxRecords 0/],
    ["returnTimeout 121", { returnTimeout: 121 }, /Invalid returnTimeout 121: must be an integer from 0 to 120/],
    ["an order_by with junk", { orderBy: ["svm.name; drop"] }, /Invalid orderBy/],
    ["empty fields", { fields: [] }, /Invalid fields/],
    ["a field with &", { fields: ["a&b=c"] }, /Invalid field "a&b=c"/],
  ];
  for (const [name, query, why] of badQueries) {
    it(`refuses ${name} before sending anything`, async () => {
      const seen = recordAll();
      const { client } = makeClient();
      const error = await rejection(() => client.listSvms(query));
      assert.ok(error instanceof OntapConfigError, String(error));
      assert.match(error.message, why);
      assert.strictEqual(seen.length, 0);
    });
  }

  it("encodes path segments: a colon stays, slashes and spaces are escaped", async () => {
    const seen = recordAll(() => [200, {}]);
    const { client } = makeClient();
    await client.getSession("13bb2092-458b-11e9-9c06-0050568ea604", "2000:4000");
    await client.deleteSession("13bb2092-458b-11e9-9c06-0050568ea604", "2000:4000");
    await client.generatePassword("s-1", "DOMAIN\\back up/1");
    assert.strictEqual(
      seen[0].url.split("?")[0],
      "/api/protocols/ndmp/sessions/13bb2092-458b-11e9-9c06-0050568ea604/2000:4000",
    );
    assert.strictEqual(seen[1].method, "DELETE");
    assert.strictEqual(seen[1].url, "/api/protocols/ndmp/sessions/13bb2092-458b-11e9-9c06-0050568ea604/2000:4000");
    assert.strictEqual(seen[2].url.split("?")[0], "/api/protocols/ndmp/svms/s-1/passwords/DOMAIN%5Cback%20up%2F1");
  });

  for (const bad of ["", "  ", ".", ".."]) {
    it(`refuses the id ${JSON.stringify(bad)}, which would change the path`, async () => {
      const seen = recordAll();
      const { client } = makeClient();
      await assert.rejects(client.getNode(bad), OntapConfigError);
      await assert.rejects(client.patchSvm(bad, { enabled: true }), OntapConfigError);
      await assert.rejects(client.deleteSession("o-1", bad), OntapConfigError);
      assert.strictEqual(seen.length, 0);
    });
  }

  it("sends PATCH bodies as JSON with Content-Type application/json, and DELETE without a body", async () => {
    const seen = recordAll(() => [200, {}]);
    const { client } = makeClient();
    await client.patchNdmpMode("node");
    await client.patchNode("n-1", {
      enabled: true,
      user: "ndmpuser",
      password: "x-Pw",
      authentication_types: ["challenge"],
    });
    await client.patchSvm("s-1", { enabled: false });
    await client.deleteSession("o-1", "7");
    assert.deepStrictEqual(
      seen.map((s) => [s.method, s.url, s.body ? JSON.parse(s.body) : undefined, s.headers["content-type"]]),
      [
        ["PATCH", "/api/protocols/ndmp", { mode: "node" }, "application/json"],
        [
          "PATCH",
          "/api/protocols/ndmp/nodes/n-1",
          { enabled: true, user: "ndmpuser", password: "x-Pw", authentication_types: ["challenge"] },
          "application/json",
        ],
        ["PATCH", "/api/protocols/ndmp/svms/s-1", { enabled: false }, "application/json"],
        ["DELETE", "/api/protocols/ndmp/sessions/o-1/7", undefined, undefined],
      ],
    );
  });

  it("sends the client-app, Accept and basic-auth headers", async () => {
    const seen = recordAll(() => [200, {}]);
    const { client } = makeClient();
    await client.getCluster();
    const { version } = require("../../package.json") as { version: string };
    assert.strictEqual(seen[0].headers["x-dot-client-app"], `pulumi-ontap-ndmp/${version}`);
    assert.strictEqual(seen[0].headers.accept, "application/hal+json");
    assert.match(seen[0].headers.authorization, /^Basic /);
    assert.strictEqual(
      Buffer.from(seen[0].headers.authorization.slice(6), "base64").toString(),
      `admin:${"Sentinel-Pw-7f3a9c"}`,
    );
  });

  it("returns what ONTAP sent for each typed read", async () => {
    const node = {
      node: { name: "node1", uuid: "n-1" },
      enabled: true,
      authentication_types: ["plaintext", "challenge"],
      user: "root",
    };
    const password = { svm: { name: "vs1", uuid: "s-1" }, user: "backup", password: "qG5CqQHYxw7tE57g" };
    recordAll((s) => (s.url.includes("/passwords/") ? [200, password] : [200, node]));
    const { client } = makeClient();
    assert.deepStrictEqual(await client.getNode("n-1"), node);
    assert.deepStrictEqual(await client.generatePassword("s-1", "backup"), password);
  });
});
