// The send pacer of the engine driver (tools/engine/pacer.ts): a burst of RPC starts is cut into slices, one per
// event-loop turn, without reordering anything and without holding back a start that fits in the current turn.
import { strict as assert } from "assert";
import { Pacer } from "../../tools/engine/pacer";

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("engine driver send pacer", () => {
  it("starts at most `slice` per turn, in the order asked, and the rest in the following turns", async () => {
    const pacer = new Pacer(3);
    const started: number[] = [];
    for (let i = 0; i < 8; i++) pacer.run(() => started.push(i));
    assert.deepEqual(started, [0, 1, 2], "the first slice starts at once");
    await turn();
    assert.deepEqual(started, [0, 1, 2, 3, 4, 5]);
    await turn();
    assert.deepEqual(started, [0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("keeps the order when new starts arrive while earlier ones wait", async () => {
    const pacer = new Pacer(2);
    const started: string[] = [];
    for (const x of ["a", "b", "c", "d"]) pacer.run(() => started.push(x));
    await turn();
    // The turn's slice is used up by c and d (drained first); e waits although it is the turn's newest.
    pacer.run(() => started.push("e"));
    assert.deepEqual(started, ["a", "b", "c", "d"]);
    await turn();
    await turn();
    assert.deepEqual(started, ["a", "b", "c", "d", "e"]);
  });

  it("starts a lone RPC at once, in every turn (a new turn has a fresh slice)", async () => {
    const pacer = new Pacer(1);
    const started: number[] = [];
    for (let i = 0; i < 3; i++) {
      pacer.run(() => started.push(i));
      assert.deepEqual(started.length, i + 1);
      await turn();
    }
  });

  it("starts microtask-chained RPCs of one turn against the same slice", async () => {
    const pacer = new Pacer(2);
    const started: number[] = [];
    await Promise.all([0, 1, 2].map(async (i) => (await Promise.resolve(), pacer.run(() => started.push(i)))));
    assert.deepEqual(started, [0, 1]);
    await turn();
    assert.deepEqual(started, [0, 1, 2]);
  });
});
