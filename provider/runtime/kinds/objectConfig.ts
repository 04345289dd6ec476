/**
 * The NDMP configuration of one ONTAP object, a node (`NdmpNodeConfig`) or an SVM (`NdmpSvmConfig`). Both kinds
 * behave the same way and differ only in their settings, described by the kind's descriptor (provider/model/), and
 * their endpoints, which a {@link ObjectConfigSpec} adds. The PATCH body, the outputs and the diff are derived from
 * the descriptor's settings: their properties and ONTAP fields, how they compare, which are write-only.
 *
 * - Only fields the user sets are managed: unset fields are reported in outputs but never sent and never diffed.
 * - `create` adopts: NDMP settings always exist, so it reads them and PATCHes only what differs.
 * - `read` carries the write-only password over from state, so refresh never reports a password change.
 * - `update` PATCHes only what changed and returns every output.
 * - `delete` leaves ONTAP as it is (`onDelete: "retain"`) or puts back the values found at adoption (`"restore"`).
 */
import { CollectionQuery, isNotFound, isUuid, ObjectReference } from "../../ontap";
import { clip, echo } from "../../ontap/echo";
import { Readers } from "../../ontap/readers";
import { Cluster } from "../../clusters";
import { checkArguments } from "../validation";
import type { KindDescriptor, TargetDescriptor } from "../../model";
import { containsUnknown, sameVersion, withoutUndefined } from "../values";
import {
  appliedSettings,
  changedSettings,
  managedFields,
  observedSettings,
  originalSettings,
  recordedSettings,
  settingsChanged,
} from "./settings";
import {
  checkConnection,
  clusterOf,
  commonOutputs,
  commonSettingsChanged,
  CommonInputs,
  explain,
  KindHandlers,
} from "./common";

/** A write-only setting (a node's password): sent, never read back, re-sent when its control changes. */
interface WriteOnlyField {
  input: string;
  api: string;
  resendOn: string;
}

/** What ONTAP reports of an object's NDMP configuration, keyed by resource property (`enabled`, …). */
export type Observed = Record<string, unknown> & { name?: string; uuid?: string };

/** An NDMP record as ONTAP sends it: the object's identity under `node` or `svm`, then the settings. */
interface ObjectRecord {
  node?: ObjectReference;
  svm?: ObjectReference;
}

export interface ObjectConfigSpec {
  /** The kind's settings and target (its property is the record's identity key and the `…Name` prefix). */
  descriptor: KindDescriptor & { target: TargetDescriptor };
  /** The ONTAP endpoints of the kind on a cluster. */
  endpoints(cluster: Cluster): {
    /** Reads by uuid (refresh) and by name (the lookup of `create`), coalesced across resources. */
    readers: Readers<ObjectRecord>;
    list(query: CollectionQuery): Promise<ObjectRecord[]>;
    patch(uuid: string, body: Record<string, unknown>): Promise<void>;
  };
}

type Props = Record<string, unknown>;

export function objectConfigHandlers(spec: ObjectConfigSpec): KindHandlers {
  const { descriptor } = spec;
  const kind = descriptor.target.property;
  const label = descriptor.target.label;
  const fields = managedFields(descriptor);
  const writeOnly: WriteOnlyField[] = descriptor.settings.flatMap((s) =>
    s.writeOnly ? [{ input: s.property, api: s.field, resendOn: s.writeOnly.resendOn }] : [],
  );
  const controls = descriptor.controls.map((c) => c.property);
  const nameKey = `${kind}Name`;
  const subject = (props: Props): string => `NDMP configuration of ${label} ${echo(props[kind])}`;

  function observedOf(record: ObjectRecord): Observed {
    return { name: record[kind]?.name, uuid: record[kind]?.uuid, ...observedSettings(fields, record) };
  }

  /**
   * The object named by the user (a name or a uuid) as ONTAP reports it; a clear error when there is none. The
   * readers only ever answer with the record of exactly that name or uuid (provider/ontap/readers.ts), so a create
   * adopts, and later PATCHes, the object named and no other.
   */
  async function find(cluster: Cluster, nameOrUuid: string): Promise<Observed & { uuid: string }> {
    const endpoints = spec.endpoints(cluster);
    // Both lookups coalesce with those of other resources created at the same time (provider/ontap/coalescing.ts).
    const reader = isUuid(nameOrUuid) ? endpoints.readers.byUuid : endpoints.readers.byName;
    const record = await reader.read(nameOrUuid);
    const observed = record && observedOf(record);
    if (observed?.uuid) return { ...observed, uuid: observed.uuid };
    const names = (await endpoints.list({ fields: [`${kind}.name`] })).map((r) => clip(String(r[kind]?.name), 60));
    const shown = names.slice(0, 10).join(", ") + (names.length > 10 ? `, … (${names.length} in all)` : "");
    throw new Error(
      `ONTAP at ${cluster.client.baseUrl} has no ${label} ${echo(nameOrUuid)}; it has: ${shown || "none"}.`,
    );
  }

  function outputs(observed: Observed, carried: Props & CommonInputs, host: string, originalValues: Props): Props {
    const values: Props = {
      [kind]: carried[kind],
      [nameKey]: observed.name,
      ...Object.fromEntries(fields.map((f) => [f.input, observed[f.input]])),
      ...commonOutputs(carried, host),
      originalValues,
    };
    // A write-only value (the password) is kept, as a secret output, so that diff can see a change; ONTAP never
    // returns it. Controls (`passwordVersion`) are Pulumi's alone and kept likewise.
    for (const field of writeOnly) values[field.input] = carried[field.input];
    for (const control of controls) values[control] = carried[control];
    return withoutUndefined(values);
  }

  /** The write-only fields to send again: given, and changed or with a changed control (`passwordVersion`). */
  function resent(olds: Props, news: Props): WriteOnlyField[] {
    return writeOnly.filter(
      (f) =>
        news[f.input] !== undefined &&
        (news[f.input] !== olds[f.input] || !sameVersion(news[f.resendOn], olds[f.resendOn])),
    );
  }

  return {
    async check(ctx, _olds, news) {
      const { inputs, failures } = checkArguments(kind, news);
      const host = checkConnection(ctx, inputs, failures);
      return { inputs: withoutUndefined({ ...inputs, host }), failures };
    },

    async diff(_ctx, id, olds, news) {
      const replaces: string[] = [];
      if (news.host !== undefined && news.host !== olds.host) replaces.push("host");
      const target = news[kind];
      // The same object named another way (by its name, or by its uuid, which is the id) is no replacement.
      if (containsUnknown(target) || ![olds[kind], olds[nameKey], id].includes(target)) {
        replaces.push(kind);
      }
      const changed =
        replaces.length > 0 ||
        settingsChanged(fields, olds, news) ||
        writeOnly.some((f) => containsUnknown(news[f.input])) ||
        resent(olds, news).length > 0 ||
        news.host === undefined ||
        commonSettingsChanged(olds, news);
      return { changes: changed, replaces, deleteBeforeReplace: false };
    },

    async create(ctx, inputs) {
      try {
        const cluster = clusterOf(ctx, inputs);
        const current = await find(cluster, String(inputs[kind]));
        const body = changedSettings(fields, inputs, current);
        for (const f of writeOnly) if (inputs[f.input] !== undefined) body[f.api] = inputs[f.input];
        if (Object.keys(body).length > 0) await spec.endpoints(cluster).patch(current.uuid, body);
        const originalValues = originalSettings(fields, inputs, current);
        return {
          id: current.uuid,
          outs: outputs(appliedSettings(fields, current, body), inputs, cluster.client.baseUrl, originalValues),
        };
      } catch (error) {
        throw explain(subject(inputs), error);
      }
    },

    async read(ctx, id, props) {
      try {
        const cluster = clusterOf(ctx, props);
        const record = await spec.endpoints(cluster).readers.byUuid.read(id);
        // Empty id: the node or SVM no longer exists. Any other failure throws, so state is never dropped by mistake.
        if (!record) return { id: "" };
        const observed = observedOf(record);
        return { id, props: outputs(observed, props, String(props.host), (props.originalValues as Props) ?? {}) };
      } catch (error) {
        throw explain(subject(props), error);
      }
    },

    async update(ctx, id, olds, news) {
      try {
        const cluster = clusterOf(ctx, news);
        const current: Observed = {
          name: olds[nameKey] as string | undefined,
          uuid: id,
          ...recordedSettings(fields, olds),
        };
        const body = changedSettings(fields, news, current);
        for (const f of resent(olds, news)) body[f.api] = news[f.input];
        if (Object.keys(body).length > 0) await spec.endpoints(cluster).patch(id, body);
        const originalValues = originalSettings(fields, news, current, (olds.originalValues as Props) ?? {});
        const after = appliedSettings(fields, current, body);
        return { outs: outputs(after, news, String(olds.host ?? news.host), originalValues) };
      } catch (error) {
        throw explain(subject(news), error);
      }
    },

    async delete(ctx, id, props) {
      const originals = (props.originalValues as Props) ?? {};
      if (props.onDelete !== "restore" || Object.keys(originals).length === 0) return;
      const body: Record<string, unknown> = {};
      for (const f of fields) if (originals[f.input] !== undefined) body[f.api] = originals[f.input];
      try {
        await spec.endpoints(clusterOf(ctx, props)).patch(id, body);
      } catch (error) {
        if (isNotFound(error)) return;
        throw explain(subject(props), error);
      }
    },
  };
}
