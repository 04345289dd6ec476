// Following _links.next: several pages, opaque hrefs, empty pages, loops, other origins, and count().
import * as assert from "assert";
import { OntapError } from "../../provider/ontap";
import { walkPages } from "../../provider/ontap/pagination";
import { BASE, makeClient, recordAll, rejection, useNock } from "./helpers";

const svm = (name: string) => ({
  svm: { name, uuid: `uuid-${name}` },
  enabled: true,
  authentication_types: ["challenge"],
});

describe("pagination", () => {
  useNock();

  it("follows _links.next to the end and concatenates the records", async () => {
    const next1 = "/api/protocols/ndmp/svms?start.svm.name=vs2&max_records=2&fields=authentication_types,enabled,svm";
    const next2 = "/api/protocols/ndmp/svms?start.svm.name=vs4&max_records=2&fields=authentication_types,enabled,svm";
    const seen = recordAll((s) => {
      if (s.url === next1)
        return [200, { records: [svm("vs3"), svm("vs4")], num_records: 2, _links: { next: { href: next2 } } }];
      if (s.url === next2) return [200, { records: [svm("vs5")], num_records: 1, _links: { self: { href: next2 } } }];
      return [200, { records: [svm("vs1"), svm("vs2")], num_records: 2, _links: { next: { href: next1 } } }];
    });
    const { client } = makeClient();
    const records = await client.listSvms({ maxRecords: 2 });
    assert.deepStrictEqual(
      records.map((r) => r.svm?.name),
      ["vs1", "vs2", "vs3", "vs4", "vs5"],
    );
    assert.deepStrictEqual(
      seen.map((s) => s.url),
      ["/api/protocols/ndmp/svms?fields=authentication_types,enabled,svm&max_records=2", next1, next2],
    );
  });

  it("treats next hrefs as opaque: sent byte for byte, absolute same-origin links accepted", async () => {
    const odd = "/api/protocols/ndmp/nodes?start.node.name=n%7C2&fields=node,enabled&weird=%2A&max_records=1";
    const seen = recordAll((s) =>
      s.url === odd
        ? [200, { records: [{ node: { name: "n2" } }], num_records: 1 }]
        : [200, { records: [{ node: { name: "n1" } }], num_records: 1, _links: { next: { href: `${BASE}${odd}` } } }],
    );
    const { client } = makeClient();
    const records = await client.listNodes();
    assert.deepStrictEqual(
      records.map((r) => r.node?.name),
      ["n1", "n2"],
    );
    assert.strictEqual(seen[1].url, odd);
  });

  it("follows a next that comes with zero records, and stops at a page without next", async () => {
    const seen = recordAll((s) => {
      if (s.url.includes("page=2"))
        return [
          200,
          { records: [], num_records: 0, _links: { next: { href: "/api/protocols/ndmp/sessions?page=3" } } },
        ];
      if (s.url.includes("page=3")) return [200, { records: [{ id: "3" }], num_records: 1 }];
      return [
        200,
        { records: [{ id: "1" }], num_records: 1, _links: { next: { href: "/api/protocols/ndmp/sessions?page=2" } } },
      ];
    });
    const { client } = makeClient();
    const records = await client.listSessions();
    assert.deepStrictEqual(
      records.map((r) => r.id),
      ["1", "3"],
    );
    assert.strictEqual(seen.length, 3);
  });

  it("ends on an empty last page (next present on the page before, absent on it)", async () => {
    const seen = recordAll((s) =>
      s.url.includes("page=2")
        ? [200, { num_records: 0, records: [] }]
        : [
            200,
            { records: [svm("vs1")], num_records: 1, _links: { next: { href: "/api/protocols/ndmp/svms?page=2" } } },
          ],
    );
    const { client } = makeClient();
    assert.strictEqual((await client.listSvms()).length, 1);
    assert.strictEqual(seen.length, 2);
  });

  it("returns an empty list for an empty collection (no records key at all)", async () => {
    recordAll(() => [200, { num_records: 0 }]);
    const { client } = makeClient();
    assert.deepStrictEqual(await client.listNodes(), []);
  });

  it("stops with an error when next points back to a page already read", async () => {
    const seen = recordAll((s) =>
      s.url.includes("page=2")
        ? [200, { records: [], _links: { next: { href: "/api/protocols/ndmp/svms?page=2" } } }]
        : [200, { records: [svm("vs1")], _links: { next: { href: "/api/protocols/ndmp/svms?page=2" } } }],
    );
    const { client } = makeClient();
    const error = await rejection(() => client.listSvms());
    assert.ok(error instanceof OntapError);
    assert.strictEqual(error.kind, "response");
    assert.match(error.message, /_links.next points back to a page already read/);
    assert.strictEqual(seen.length, 2);
  });

  it("stops with an error when next points back to the first page", async () => {
    const seen = recordAll(() => [
      200,
      {
        records: [],
        _links: { next: { href: "/api/protocols/ndmp/nodes?fields=authentication_types,enabled,node,user" } },
      },
    ]);
    const { client } = makeClient();
    await rejection(() => client.listNodes());
    assert.strictEqual(seen.length, 1);
  });

  it("stops after a maximum number of pages even if every link is new", async () => {
    let n = 0;
    await assert.rejects(
      walkPages(
        "/api/x",
        BASE,
        async () => ({ records: [], _links: { next: { href: `/api/x?p=${++n}` } } }),
        () => undefined,
        25,
      ),
      /more than 25 pages/,
    );
    assert.strictEqual(n, 25);
  });

  it("refuses a next link to another origin (credentials would follow it)", async () => {
    const seen = recordAll(() => [
      200,
      { records: [], _links: { next: { href: "https://evil.example/api/protocols/ndmp/svms?p=2" } } },
    ]);
    const { client } = makeClient();
    const error = await rejection(() => client.listSvms());
    assert.match(error.message, /refusing to follow _links.next to another origin/);
    assert.strictEqual(seen.length, 1);
  });

  describe("count()", () => {
    it("asks for return_records=false and sums num_records across next pages", async () => {
      const seen = recordAll((s) =>
        s.url.includes("start=")
          ? s.url.includes("start=2")
            ? [200, { num_records: 0 }]
            : [
                200,
                {
                  num_records: 3,
                  _links: { next: { href: "/api/protocols/ndmp/sessions?return_records=false&start=2" } },
                },
              ]
          : [
              200,
              {
                num_records: 4,
                _links: { next: { href: "/api/protocols/ndmp/sessions?return_records=false&start=1" } },
              },
            ],
      );
      const { client } = makeClient();
      assert.strictEqual(await client.count("sessions", { filters: { "svm.name": "vs1" } }), 7);
      assert.strictEqual(seen[0].url, "/api/protocols/ndmp/sessions?fields=id&svm.name=vs1&return_records=false");
      assert.strictEqual(seen.length, 3);
    });

    it("counts nodes and svms on their own collections", async () => {
      const seen = recordAll(() => [200, { num_records: 2 }]);
      const { client } = makeClient();
      assert.strictEqual(await client.count("nodes"), 2);
      assert.strictEqual(await client.count("svms", { filters: { enabled: true } }), 2);
      assert.deepStrictEqual(
        seen.map((s) => s.url),
        [
          "/api/protocols/ndmp/nodes?fields=node.uuid&return_records=false",
          "/api/protocols/ndmp/svms?fields=svm.uuid&enabled=true&return_records=false",
        ],
      );
    });

    it("refuses an unknown collection without a request", async () => {
      const seen = recordAll();
      const { client } = makeClient();
      await assert.rejects(client.count("volumes" as "nodes"), /Invalid collection "volumes"/);
      assert.strictEqual(seen.length, 0);
    });
  });
});
