// Issue 10, class 10, in the simulator over HTTPS: names of built-in properties (`__proto__`, `constructor`, …) in a
// query parameter, a `fields` or `order_by` entry, a filter value, a path segment or a control path are answered
// exactly as any unknown name is, never looked up on an object's prototype; so is a field of a PATCH body.
import * as assert from "assert";
import { NDMP, Response, useSimulator } from "./helpers";

const BUILT_INS = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "isPrototypeOf"];
const UNKNOWN = "nosuchname";

/** What an answer says, with the name replaced, to compare a built-in name's answer with an unknown name's. */
function shape(res: Response, name: string): unknown {
  const text = JSON.stringify(res.body ?? res.text)
    .split(name)
    .join("<name>");
  return { status: res.status, body: JSON.parse(text) };
}

describe("simulator: names of built-in properties are names like any other", () => {
  const { client, sim } = useSimulator({ svms: 2 });

  const requests: Array<[string, (name: string) => string]> = [
    ["a query parameter", (name) => `${NDMP}/svms?${name}=1`],
    ["a query parameter of the mode", (name) => `${NDMP}?fields=mode&${name}=x`],
    ["a fields entry", (name) => `${NDMP}/svms?fields=${name}`],
    ["a nested fields entry", (name) => `${NDMP}/sessions?fields=data.${name}`],
    ["an order_by key", (name) => `${NDMP}/svms?order_by=${name}`],
    ["an order_by direction", (name) => `${NDMP}/svms?order_by=svm.name%20${name}`],
    ["a filter value", (name) => `${NDMP}/svms?svm.name=${name}`],
    ["an enum filter value", (name) => `${NDMP}/svms?authentication_types=${name}`],
    ["an SVM uuid in the path", (name) => `${NDMP}/svms/${name}`],
    ["a session owner in the path", (name) => `${NDMP}/sessions/${name}/2000`],
    ["a path segment", (name) => `${NDMP}/${name}`],
    ["a control path", (name) => `/__simulator/${name}`],
  ];
  for (const [where, path] of requests) {
    it(`in ${where}: answered as the unknown name "${UNKNOWN}" is`, async () => {
      const expected = shape(await client().send("GET", path(UNKNOWN)), UNKNOWN);
      for (const name of BUILT_INS) {
        const res = await client().send("GET", path(name));
        assert.deepStrictEqual(
          shape(res, name),
          expected,
          `${name} in ${where}: ${res.status} ${res.text.slice(0, 200)}`,
        );
      }
    });
  }

  it("a PATCH body field named like a built-in property: answered as an unknown field is", async () => {
    const uuid = sim().control.state().svms[0].uuid;
    const patch = (name: string) => client().send("PATCH", `${NDMP}/svms/${uuid}`, { body: `{"${name}": 1}` });
    const expected = shape(await patch(UNKNOWN), UNKNOWN);
    for (const name of BUILT_INS) assert.deepStrictEqual(shape(await patch(name), name), expected, name);
    assert.strictEqual(sim().control.state().svms[0].enabled, false);
  });

  it("adds a session whose details name built-in properties as it refuses any unknown detail", async () => {
    const refuse = (details: unknown) =>
      assert.throws(() => sim().control.addSession({ details } as never), /Unexpected argument|invalid value/i);
    refuse({ [UNKNOWN]: 1 });
    for (const name of BUILT_INS) refuse(JSON.parse(`{"${name}": 1}`));
  });
});
