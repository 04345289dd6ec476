// Issue 12: the TypeScript types of each resource's arguments and outputs are written out for users (provider/resources/),
// and each kind's descriptor (provider/model/) names its settings once. This file fails to COMPILE (`npm run lint`
// type-checks the tests) when the two disagree: an argument or output without a setting, a setting without an argument
// or output, a type other than the ONTAP field's wire type (spec/types.ts), an optional/required mismatch.
import * as assert from "assert";
import type * as pulumi from "@pulumi/pulumi";
import type {
  CommonNdmpArgs,
  NdmpMode,
  NdmpModeArgs,
  NdmpNodeConfig,
  NdmpNodeConfigArgs,
  NdmpSvmConfig,
  NdmpSvmConfigArgs,
} from "../../provider";
import { COMMON_OUTPUTS, modeDescriptor, nodeConfigDescriptor, svmConfigDescriptor } from "../../provider/model";
import type { NdmpModeRecord, NdmpNodePatch, NdmpSvmPatch } from "../../spec/types";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

interface AnyDescriptor {
  readonly settings: readonly { readonly property: string; readonly field: string }[];
  readonly controls: readonly { readonly property: string }[];
  readonly computed: readonly string[];
  readonly idOutput: string;
}
type Setting<D extends AnyDescriptor> = D["settings"][number];
type TargetOf<D> = D extends { readonly target: { readonly property: infer P } } ? P : never;
type Names<D extends AnyDescriptor> = TargetOf<D> | Setting<D>["property"] | D["controls"][number]["property"];

/** The argument type a setting of wire type `V` has: `Input<V>`, or `Input<Input<E>[]>` for an array. */
type ArgOf<V> = [V] extends [readonly (infer E)[]] ? pulumi.Input<pulumi.Input<E>[]> : pulumi.Input<V>;
/** The wire type (spec/types.ts) of a setting's ONTAP field. */
type WireOf<S extends { field: string }, Wire> = NonNullable<Wire[S["field"] & keyof Wire]>;

/** Argument names of a resource beyond the common ones must be exactly the descriptor's target, settings, controls. */
type ArgNamesAgree<D extends AnyDescriptor, A> = Equal<Exclude<keyof A, keyof CommonNdmpArgs>, Names<D>>;

/** Output members (every `Output` member but the engine's `id` and `urn`) must be exactly the descriptor's. */
type OutputKeys<R> = { [K in keyof R]: R[K] extends pulumi.Output<unknown> ? K : never }[keyof R];
type OutputNamesAgree<D extends AnyDescriptor, R> = Equal<
  Exclude<OutputKeys<R>, "id" | "urn">,
  Names<D> | D["computed"][number] | D["idOutput"] | (typeof COMMON_OUTPUTS)[number]
>;

/** The settings whose argument or output type is not the one their ONTAP field's wire type gives. */
type Mismatches<D extends AnyDescriptor, A, R, Wire> = {
  [S in Setting<D> as S["property"]]: S extends { required: true }
    ? Equal<A[S["property"] & keyof A], ArgOf<WireOf<S, Wire>>> extends true
      ? OutputAgrees<S, R, Wire>
      : false
    : Equal<A[S["property"] & keyof A], ArgOf<WireOf<S, Wire>> | undefined> extends true
      ? OutputAgrees<S, R, Wire>
      : false;
} extends infer M
  ? { [K in keyof M]: M[K] extends true ? never : K }[keyof M]
  : never;
/** A write-only setting's output may be undefined (never read back); any other is ONTAP's value. */
type OutputAgrees<S extends { property: string; field: string }, R, Wire> = Equal<
  R[S["property"] & keyof R],
  S extends { writeOnly: object } ? pulumi.Output<WireOf<S, Wire> | undefined> : pulumi.Output<WireOf<S, Wire>>
>;

type Mode = typeof modeDescriptor;
type Node = typeof nodeConfigDescriptor;
type Svm = typeof svmConfigDescriptor;
type ModeWire = Pick<NdmpModeRecord, "mode">;

export type Checks = [
  Expect<ArgNamesAgree<Mode, NdmpModeArgs>>,
  Expect<ArgNamesAgree<Node, NdmpNodeConfigArgs>>,
  Expect<ArgNamesAgree<Svm, NdmpSvmConfigArgs>>,
  Expect<OutputNamesAgree<Mode, NdmpMode>>,
  Expect<OutputNamesAgree<Node, NdmpNodeConfig>>,
  Expect<OutputNamesAgree<Svm, NdmpSvmConfig>>,
  Expect<Equal<Mismatches<Mode, NdmpModeArgs, NdmpMode, ModeWire>, never>>,
  Expect<Equal<Mismatches<Node, NdmpNodeConfigArgs, NdmpNodeConfig, NdmpNodePatch>, never>>,
  Expect<Equal<Mismatches<Svm, NdmpSvmConfigArgs, NdmpSvmConfig, NdmpSvmPatch>, never>>,
];

// The checks do catch a disagreement: a descriptor with one setting more than the class, or a setting typed otherwise.
type SvmWithExtra = Omit<Svm, "settings"> & {
  settings: readonly [...Svm["settings"], { property: "backupEngine"; field: "enabled"; compare: "scalar" }];
};
type SvmWithWrongField = Omit<Svm, "settings"> & {
  settings: readonly [{ property: "enabled"; field: "authentication_types"; compare: "set" }];
};
export type CounterChecks = [
  // @ts-expect-error an argument the class does not have
  Expect<ArgNamesAgree<SvmWithExtra, NdmpSvmConfigArgs>>,
  // @ts-expect-error an output the class does not declare
  Expect<OutputNamesAgree<SvmWithExtra, NdmpSvmConfig>>,
  // @ts-expect-error `enabled` is a boolean, not the authentication types
  Expect<Equal<Mismatches<SvmWithWrongField, NdmpSvmConfigArgs, NdmpSvmConfig, NdmpSvmPatch>, never>>,
];

describe("descriptor types (compile-time, see the top of this file)", () => {
  it("the resource classes' argument and output types agree with the descriptors (type-checked by npm run lint)", () => {
    // The assertions are the types above; this only makes the file part of the suite.
    assert.ok([modeDescriptor, nodeConfigDescriptor, svmConfigDescriptor].every((d) => d.settings.length > 0));
  });
});
