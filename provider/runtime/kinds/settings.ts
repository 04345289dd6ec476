/**
 * What every kind derives from its descriptor's settings (provider/model/): the values ONTAP reports, the PATCH body of
 * what differs, the values after a PATCH, the values found before the resource first changed them, and whether a diff
 * sees a change. Write-only settings (a node's password) are never read back, so they are not managed fields here:
 * provider/runtime/kinds/objectConfig.ts sends them itself.
 */
import type { Comparison, KindDescriptor } from "../../model";
import { containsUnknown, sameSetting } from "../values";

type Props = Record<string, unknown>;

/** A setting the user may manage and ONTAP reports: its resource property, its ONTAP field, how it compares. */
export interface ManagedField {
  input: string;
  api: string;
  compare: Comparison;
}

export function managedFields(descriptor: KindDescriptor): ManagedField[] {
  return descriptor.settings
    .filter((s) => !s.writeOnly)
    .map((s) => ({ input: s.property, api: s.field, compare: s.compare }));
}

/** The managed values of an ONTAP record, keyed by resource property. */
export function observedSettings(fields: ManagedField[], record: object): Props {
  return Object.fromEntries(fields.map((f) => [f.input, (record as Props)[f.api]]));
}

/** The managed values recorded in state (outputs), keyed by resource property. */
export function recordedSettings(fields: ManagedField[], state: Props): Props {
  return Object.fromEntries(fields.map((f) => [f.input, state[f.input]]));
}

/** The fields set in `wanted` whose value differs from `current`, as an ONTAP PATCH body. */
export function changedSettings(fields: ManagedField[], wanted: Props, current: Props): Props {
  const body: Props = {};
  for (const field of fields) {
    const value = wanted[field.input];
    if (value !== undefined && !sameSetting(field.compare, value, current[field.input])) body[field.api] = value;
  }
  return body;
}

/** The values after a PATCH of `body`. */
export function appliedSettings<T extends Props>(fields: ManagedField[], observed: T, body: Props): T {
  const after: Props = { ...observed };
  for (const field of fields) if (field.api in body) after[field.input] = body[field.api];
  return after as T;
}

/** The values of the fields that `inputs` manages as observed before this resource changed them, kept once recorded. */
export function originalSettings(fields: ManagedField[], inputs: Props, observed: Props, recorded: Props = {}): Props {
  const originals: Props = { ...recorded };
  for (const field of fields) {
    if (inputs[field.input] !== undefined && !(field.input in originals) && observed[field.input] !== undefined) {
      originals[field.input] = observed[field.input];
    }
  }
  return originals;
}

/** Whether a managed field set in `news` is unknown (preview) or differs from `olds`. */
export function settingsChanged(fields: ManagedField[], olds: Props, news: Props): boolean {
  return fields.some(
    (f) =>
      news[f.input] !== undefined &&
      (containsUnknown(news[f.input]) || !sameSetting(f.compare, news[f.input], olds[f.input])),
  );
}
