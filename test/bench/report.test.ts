// The ratios `npm run bench` reports against the engine floor (tools/bench/report.ts): the one the target is checked
// on (`overFloor`, the median over the floor's median), the machine's noise beside it (`floorSpread`), and the
// median of the paired runs (`overFloorPaired`), which a change in the machine's speed during a run moves less.
import * as assert from "assert";
import { checkTargets, floorOf, floorSpread, overFloor, overFloorPaired, PhaseRow } from "../../tools/bench/report";
import type { PhaseMeasure, PhaseName } from "../../tools/bench/scenario";

function measure(phase: PhaseName, runs: number[], requests = 3): PhaseMeasure {
  const sorted = [...runs].sort((a, b) => a - b);
  return {
    phase,
    requests,
    byMethod: { GET: requests },
    byRoute: {},
    peakInFlight: 2,
    wallMs: sorted[Math.floor(sorted.length / 2)],
    cpuMs: null,
    ontapBusyMs: 0,
    changes: {},
    exitCode: 0,
    runs: runs.length > 1 ? runs : undefined,
  };
}

function row(runs: number[], floorRuns?: number[], phase: PhaseName = "refresh"): PhaseRow {
  return {
    scope: "svm",
    phase,
    measured: measure(phase, runs),
    engineFloor: floorRuns ? measure(phase, floorRuns, 0) : undefined,
    floor: floorOf(phase, 1000, 8, 20),
  };
}

describe("bench: ratios against the engine floor", () => {
  it("overFloor is the median over the floor's median, at two decimals", () => {
    assert.strictEqual(overFloor(row([4400, 3100, 3200], [3000, 3600, 2800])), 1.07);
    assert.strictEqual(overFloor(row([4000])), null);
  });

  it("overFloorPaired is the median of each run over the floor's run beside it", () => {
    // Pairs 1.10, 1.20, 1.00, 1.30, 1.05: median 1.10. The medians alone give 3300 / 3000 = 1.10 too, but here the
    // machine slowed down for the second and fourth pairs, which moves both sides of each.
    const r = row([3300, 4800, 3000, 5200, 3150], [3000, 4000, 3000, 4000, 3000]);
    assert.strictEqual(overFloorPaired(r), 1.1);
    // An even number of pairs: the mean of the two middle ratios (1.1 and 1.2).
    assert.strictEqual(overFloorPaired(row([3300, 3600, 3000, 3900], [3000, 3000, 3000, 3000])), 1.15);
  });

  it("overFloorPaired pairs each run with the floor's run beside it, which the medians do not see", () => {
    // The provider is 1.05× its floor in every pair, while the machine ran at three speeds.
    const floorRuns = [2000, 3400, 4000, 3400, 4000];
    const runs = floorRuns.map((ms) => ms * 1.05);
    assert.strictEqual(overFloorPaired(row(runs, floorRuns)), 1.05);
    assert.strictEqual(overFloor(row(runs, floorRuns)), 1.05);
    // The same runs in another order: the same medians, but each run beside a floor run of another moment.
    const shuffled = row([runs[1], runs[2], runs[0], runs[4], runs[3]], floorRuns);
    assert.strictEqual(overFloor(shuffled), 1.05);
    assert.strictEqual(overFloorPaired(shuffled), 1.24);
  });

  it("overFloorPaired is null without repeated runs of both, or when their counts differ", () => {
    assert.strictEqual(overFloorPaired(row([4000], [3000])), null);
    assert.strictEqual(overFloorPaired(row([4000, 4100], undefined)), null);
    assert.strictEqual(overFloorPaired(row([4000, 4100, 4200], [3000, 3100])), null);
  });

  it("floorSpread is the floor's slowest run over its fastest", () => {
    assert.strictEqual(floorSpread(row([3000, 3000], [2800, 3640])), 1.3);
    assert.strictEqual(floorSpread(row([3000], [2800])), null);
  });

  it("the target is checked on overFloor, not on the paired median", () => {
    // Medians 1.16× (missed); pairs 1.10, 1.12, 1.16, 1.18, 1.20 (paired median 1.16) would not excuse it either.
    const missed = row([3300, 3360, 3480, 3540, 3600], [3000, 3000, 3000, 3000, 3000]);
    assert.strictEqual(overFloor(missed), 1.16);
    const misses = checkTargets("svm", [missed], [], { maxInFlight: 8, maxReadRequests: 3, maxOverFloor: 1.15 });
    assert.deepStrictEqual(misses.length, 1);
    assert.match(misses[0], /^svm refresh: 3\.48 s, 1\.16× the engine floor \(3\.00 s\), target at most 1\.15×$/);
    const met = row([3300, 3360, 3420, 3450, 3440], [3000, 3000, 3000, 3000, 3000]);
    assert.deepStrictEqual(
      checkTargets("svm", [met], [], { maxInFlight: 8, maxReadRequests: 3, maxOverFloor: 1.15 }),
      [],
    );
  });
});
