/**
 * What a resource kind's descriptor says: each setting the resource manages, named once, with its Pulumi property,
 * its ONTAP field, its type and allowed values (read from the shared API definitions, spec/definitions.ts), whether
 * it is secret or write-only, and how it is compared. Everything else is derived from it:
 *
 * - the props list of the resource class and its secret outputs ({@link resourceProps}, provider/resources/);
 * - the validation schema of `check` (provider/runtime/validation.ts);
 * - the PATCH body, the outputs and the diff (provider/runtime/kinds/);
 * - the argument table of the README ({@link argumentTable}, checked by test/model/descriptors.test.ts).
 *
 * The TypeScript types of the arguments and outputs stay written out in provider/resources/ (their doc comments are
 * what an IDE shows); test/model/descriptorTypes.test.ts fails to compile when they and the descriptor disagree.
 *
 * Program-side and plugin-side code both read descriptors: this module imports only spec/.
 */
import { definitions, JsonSchema, resolveRef } from "../../spec/definitions";
import type { ResourceKind } from "./kinds";

/** How a wanted and an observed value are compared: `scalar` (booleans from their text forms too) or `set`. */
export type Comparison = "scalar" | "set";

/** One managed setting of a resource kind. */
export interface SettingDescriptor {
  /** The resource property (argument and output), camelCase. */
  readonly property: string;
  /** The ONTAP field of the kind's model (spec/definitions.ts); its type and allowed values come from there. */
  readonly field: string;
  readonly compare: Comparison;
  /** Stored only as a secret: wrapped with `pulumi.secret` even when given in clear, and a secret output. */
  readonly secret?: boolean;
  /**
   * Sent, never read back (ONTAP's `writeOnly`): the value last sent is kept from state, it is never adopted or put
   * back on delete, and it is sent again when it changes or when the control named here changes.
   */
  readonly writeOnly?: { readonly resendOn: string };
  /** Bounds of a free-text value (`check` refuses longer text before any request). */
  readonly maxLength?: number;
  /** Whether the argument is required. Default: optional, and unmanaged when unset. */
  readonly required?: boolean;
  /** The README's "Meaning" cell. */
  readonly doc: string;
}

/** A Pulumi-side argument that is no ONTAP setting (e.g. `passwordVersion`), with its schema. */
export interface ControlDescriptor {
  readonly property: string;
  readonly schema: object;
  /** The README's "Type" cell. */
  readonly type: string;
  readonly doc: string;
}

/** The ONTAP object a node or SVM configuration manages: its property is also the record's identity key. */
export interface TargetDescriptor {
  readonly property: "node" | "svm";
  /** How users call the object in messages: `node`, `SVM`. */
  readonly label: string;
  readonly doc: string;
}

/** One resource kind, described once. */
export interface KindDescriptor {
  readonly kind: ResourceKind;
  /** The resource's class and type name, e.g. `NdmpSvmConfig` (type token `pulumi-nodejs:dynamic/ontap:<name>`). */
  readonly typeName: string;
  /** The ONTAP model (a key of spec/definitions.ts) its settings are fields of. */
  readonly model: string;
  readonly target?: TargetDescriptor;
  readonly settings: readonly SettingDescriptor[];
  readonly controls: readonly ControlDescriptor[];
  /** Outputs computed by create and read, declared so the engine returns them to the program. */
  readonly computed: readonly string[];
  /**
   * The output that is the resource's id (the uuid of the cluster, node or SVM): the class returns its `id` for it. It
   * is neither declared to the engine nor in state beside the id: each property costs the program four promises per
   * resource, each capturing a stack trace (`transferProperties` in @pulumi/pulumi 3.248.0 runtime/rpc.js), and every
   * output is carried by each RPC of the resource (Read, Diff) between the engine and the plugin.
   */
  readonly idOutput: string;
}

/** Free text: no value a user means can be longer; longer ones are refused before a message or a request. */
export const TEXT_SCHEMA = { type: "string", minLength: 1, maxLength: 1024 } as const;

/** Outputs every kind records (provider/runtime/kinds/common.ts). */
export const COMMON_OUTPUTS = ["host", "onDelete", "originalValues"] as const;

/** The definition of a setting's ONTAP field, `$ref`s resolved. */
export function fieldDefinition(descriptor: KindDescriptor, setting: SettingDescriptor): JsonSchema {
  const model = definitions[descriptor.model];
  const property = model?.properties?.[setting.field];
  if (!property)
    throw new Error(`${descriptor.typeName}.${setting.property}: ${descriptor.model} has no field ${setting.field}`);
  return resolveRef(property);
}

/** The allowed values of a setting (of its items, for an array), from the shared definitions; undefined if free. */
export function allowedValues(descriptor: KindDescriptor, setting: SettingDescriptor): readonly string[] | undefined {
  const definition = fieldDefinition(descriptor, setting);
  const item = definition.type === "array" && definition.items ? resolveRef(definition.items) : definition;
  return item.enum;
}

/**
 * The JSON Schema `check` validates a setting with, built on the shared definitions: a reference to the ONTAP field
 * (its type, items and enum), or, for free text, its type with the descriptor's bounds. `ref` turns a definition path
 * into the validator's `$ref` (provider/ontap/schema/validate.ts `definitionRef`).
 */
export function settingSchema(
  descriptor: KindDescriptor,
  setting: SettingDescriptor,
  ref: (path: string) => object,
): object {
  const definition = fieldDefinition(descriptor, setting);
  if (definition.type === "string" && !definition.enum) {
    return { ...TEXT_SCHEMA, ...(setting.maxLength ? { maxLength: setting.maxLength } : {}) };
  }
  return ref(`${descriptor.model}/properties/${setting.field}`);
}

/** The type of a setting as the README shows it, from the shared definitions. */
export function typeText(descriptor: KindDescriptor, setting: SettingDescriptor): string {
  const definition = fieldDefinition(descriptor, setting);
  const values = allowedValues(descriptor, setting);
  const quoted = values?.map((v) => `"${v}"`).join(" \\| ");
  let text: string;
  if (definition.type === "array") text = quoted ? `\`(${quoted})[]\`` : "string[]";
  else text = values ? values.map((v) => `\`"${v}"\``).join(" \\| ") : String(definition.type);
  return setting.secret ? `${text} (secret)` : text;
}

/** The rows of the README's argument table of a kind: the target, the settings, the controls. */
export function argumentRows(descriptor: KindDescriptor): string[][] {
  const rows: string[][] = [];
  if (descriptor.target) rows.push([`\`${descriptor.target.property}\``, "string", descriptor.target.doc]);
  for (const s of descriptor.settings) rows.push([`\`${s.property}\``, typeText(descriptor, s), s.doc]);
  for (const c of descriptor.controls) rows.push([`\`${c.property}\``, c.type, c.doc]);
  return rows;
}

/** The README's argument table of a kind, as Markdown (the README holds it formatted by Prettier). */
export function argumentTable(descriptor: KindDescriptor): string {
  const lines = [["Argument", "Type", "Meaning"], ["---", "---", "---"], ...argumentRows(descriptor)];
  return lines.map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

/** Every output of a kind: the target, the computed identity, the settings, the controls, the common outputs. */
export function outputNames(descriptor: KindDescriptor): string[] {
  return [
    ...(descriptor.target ? [descriptor.target.property] : []),
    ...descriptor.computed,
    descriptor.idOutput,
    ...descriptor.settings.map((s) => s.property),
    ...descriptor.controls.map((c) => c.property),
    ...COMMON_OUTPUTS,
  ];
}

/**
 * The properties a resource of the kind declares to the engine: every output but the id's (see
 * {@link KindDescriptor.idOutput}), undefined until the engine fills it.
 */
export function declaredOutputs(descriptor: KindDescriptor): Record<string, undefined> {
  const declared = outputNames(descriptor).filter((name) => name !== descriptor.idOutput);
  return Object.fromEntries(declared.map((name) => [name, undefined]));
}

/** The settings whose values are secrets (state and outputs), plus `connection` (it may hold the admin password). */
export function secretOutputs(descriptor: KindDescriptor): string[] {
  return [...descriptor.settings.filter((s) => s.secret).map((s) => s.property), "connection"];
}
