// The SDK's promise-debugging stack traces while a resource registers (provider/resources/sdkDebugStacks.ts): left
// out, except when PULUMI_DEBUG_PROMISE_LEAKS asks for them or a legacy transformation (the program's code) runs in
// the constructor; the limit is always put back, and an error thrown by the constructor keeps the program's frames.
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { NdmpSvmConfig } from "../../provider";

interface Traces {
  /** Stack traces formatted while constructing, and those with at least one frame. */
  formatted: number;
  withFrames: number;
}

/** The stack traces formatted during `construct`, counted through `Error.prepareStackTrace`. */
function tracesWhile(construct: () => void): Traces {
  const previous = Error.prepareStackTrace;
  const traces: Traces = { formatted: 0, withFrames: 0 };
  Error.prepareStackTrace = (error, frames) => {
    traces.formatted++;
    if (frames.length > 0) traces.withFrames++;
    return previous ? previous(error, frames) : [String(error), ...frames.map((f) => `    at ${f}`)].join("\n");
  };
  try {
    construct();
  } finally {
    Error.prepareStackTrace = previous;
  }
  return traces;
}

const ARGS = { svm: "svm1", enabled: true, authenticationTypes: ["challenge" as const] };

describe("the SDK's debug stack traces while a resource registers", () => {
  let count = 0;
  const name = () => `svm-${++count}`;
  const limit = Error.stackTraceLimit;

  before(async () => {
    await pulumi.runtime.setMocks(
      { newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }), call: () => ({}) },
      "debug-stacks",
      "dev",
    );
  });
  afterEach(() => assert.strictEqual(Error.stackTraceLimit, limit, "Error.stackTraceLimit put back"));

  it("leaves out the promises' traces: only the SDK's source-position trace has frames", () => {
    const traces = tracesWhile(() => new NdmpSvmConfig(name(), ARGS));
    assert.ok(traces.withFrames >= 1 && traces.withFrames <= 2, JSON.stringify(traces));
    assert.ok(traces.formatted >= 32, `the SDK still makes its promises: ${JSON.stringify(traces)}`);
  });

  it("keeps them with PULUMI_DEBUG_PROMISE_LEAKS (four per registered property, eight properties)", () => {
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
    try {
      const traces = tracesWhile(() => new NdmpSvmConfig(name(), ARGS));
      assert.ok(traces.withFrames >= 32, JSON.stringify(traces));
    } finally {
      delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    }
  });

  it("keeps them when a transformation of the options or of the parent runs, with its own stack traces", () => {
    const seen: string[] = [];
    const transformation: pulumi.ResourceTransformation = () => {
      seen.push(new Error("in a transformation").stack ?? "");
      return undefined;
    };
    const parent = new pulumi.ComponentResource("test:index:Group", "group", {}, { transformations: [transformation] });
    seen.length = 0; // the component's own
    const own = tracesWhile(() => new NdmpSvmConfig(name(), ARGS, { transformations: [transformation] }));
    const inherited = tracesWhile(() => new NdmpSvmConfig(name(), ARGS, { parent }));
    assert.ok(own.withFrames >= 32 && inherited.withFrames >= 32, JSON.stringify({ own, inherited }));
    assert.strictEqual(seen.length, 2);
    for (const stack of seen) assert.match(stack, /\n\s+at .*sdkDebugStacks\.test\.ts/);
  });

  it("puts the limit back when the constructor throws, and the error has the program's frames", () => {
    let thrown: unknown;
    try {
      new NdmpSvmConfig("", ARGS);
    } catch (error) {
      thrown = error;
    }
    assert.ok(thrown instanceof Error, "an empty name is refused");
    assert.match(thrown.stack ?? "", /^[^\n]*Missing resource name[^\n]*\n\s+at .*sdkDebugStacks\.test\.ts/);
  });
});
