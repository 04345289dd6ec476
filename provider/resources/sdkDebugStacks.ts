/**
 * The SDK's promise-debugging stack traces, left out while a resource of this package registers.
 *
 * For each property a resource registers, `@pulumi/pulumi` makes four promises and records `new Error().stack` on each
 * (`debuggablePromise` in sdk/nodejs/runtime/debuggable.ts, called from `transferProperties` in runtime/rpc.ts,
 * v3.248.0); an `NdmpSvmConfig` makes 38 of them. The SDK prints those traces only for a program that leaks promises
 * and runs with `PULUMI_DEBUG_PROMISE_LEAKS` set, yet formatting them (the `pulumi` program runner maps every frame
 * through source maps) was nine tenths of the constructor's time: 4.5 s for 1,000 resources, 0.44 s without them.
 *
 * So the constructor runs with `Error.stackTraceLimit` at 0 and puts it back before it returns or throws, except when:
 * - `PULUMI_DEBUG_PROMISE_LEAKS` is set (the traces are wanted then);
 * - legacy `transformations` will run in the constructor (from the options, the parent or the stack): they are the
 *   program's own code, which gets the stack traces it expects.
 *
 * The resource's source position, which the SDK records for the engine, is unaffected: the SDK lifts the limit itself
 * while it takes that trace (`Resource.callsites` in sdk/nodejs/resource.ts). An error thrown by the constructor gets
 * the stack of the program's call instead of an empty one (see {@link SuspendedStacks.failed}).
 */
import * as pulumi from "@pulumi/pulumi";

/** The window opened by {@link suspendSdkDebugStacks}. */
export interface SuspendedStacks {
  /** Puts the stack trace limit back (idempotent). */
  resume(): void;
  /**
   * The error the constructor threw, with the stack of the program's call (the frames above `constructorOpt`) when it
   * was created without one; resumes first.
   */
  failed(error: unknown, constructorOpt: StackTop): unknown;
}

/** The function whose caller starts a captured stack (`Error.captureStackTrace`'s second argument). */
type StackTop = NonNullable<Parameters<typeof Error.captureStackTrace>[1]>;

/** The stack's and the parent's transformations: an SDK field (sdk/nodejs/resource.ts, v3.248.0), absent if none. */
interface WithTransformations {
  __transformations?: unknown[];
}

/** Whether legacy transformations will run in the constructor of a resource with these options. */
function transformationsWillRun(opts: pulumi.CustomResourceOptions | undefined): boolean {
  if ((opts?.transformations?.length ?? 0) > 0) return true;
  const parent = (opts?.parent ?? pulumi.runtime.getStackResource()) as WithTransformations | undefined;
  return (parent?.__transformations?.length ?? 0) > 0;
}

const NOT_SUSPENDED: SuspendedStacks = { resume: () => undefined, failed: (error) => error };

/** Sets `Error.stackTraceLimit` to 0 until `resume` (see the module comment for when it does not). */
export function suspendSdkDebugStacks(opts: pulumi.CustomResourceOptions | undefined): SuspendedStacks {
  const limit = Error.stackTraceLimit;
  if (typeof limit !== "number" || process.env.PULUMI_DEBUG_PROMISE_LEAKS || transformationsWillRun(opts)) {
    return NOT_SUSPENDED;
  }
  Error.stackTraceLimit = 0;
  let suspended = true;
  const resume = () => {
    if (suspended) Error.stackTraceLimit = limit;
    suspended = false;
  };
  return {
    resume,
    failed(error, constructorOpt) {
      resume();
      if (error instanceof Error && !/\n\s+at /.test(error.stack ?? "")) Error.captureStackTrace(error, constructorOpt);
      return error;
    },
  };
}
