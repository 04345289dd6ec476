// The order in which `npm run bench` runs its variants in each round of a read-only phase (tools/bench/scenario.ts):
// rotated, so that no variant always takes the same place (always first after the drift, or always after the naive
// reference's heavier runs).
import * as assert from "assert";
import { inTurn } from "../../tools/bench/scenario";

describe("bench: the variants' turns", () => {
  const variants = ["coalesced", "naive", "floor", "floor-outputs"] as const;

  it("rotates the order by one place per round and starts over after as many rounds as variants", () => {
    assert.deepStrictEqual(inTurn(variants, 0), ["coalesced", "naive", "floor", "floor-outputs"]);
    assert.deepStrictEqual(inTurn(variants, 1), ["naive", "floor", "floor-outputs", "coalesced"]);
    assert.deepStrictEqual(inTurn(variants, 3), ["floor-outputs", "coalesced", "naive", "floor"]);
    assert.deepStrictEqual(inTurn(variants, 4), inTurn(variants, 0));
  });

  it("runs each variant once per round and in each place equally often over whole cycles", () => {
    const places = new Map<string, number[]>(variants.map((v) => [v, []]));
    for (let round = 0; round < 2 * variants.length; round++) {
      const order = inTurn(variants, round);
      assert.deepStrictEqual([...order].sort(), [...variants].sort());
      order.forEach((variant, place) => places.get(variant)!.push(place));
    }
    for (const [variant, seen] of places) {
      assert.deepStrictEqual([...seen].sort(), [0, 0, 1, 1, 2, 2, 3, 3], variant);
    }
  });

  it("leaves the variants it was given as they were", () => {
    const given = ["coalesced", "floor"];
    inTurn(given, 1);
    assert.deepStrictEqual(given, ["coalesced", "floor"]);
  });
});
