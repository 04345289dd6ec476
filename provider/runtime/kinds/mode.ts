/**
 * `NdmpMode`: whether NDMP works per SVM (`svm`, the default of a new cluster) or per node (`node`, deprecated by
 * NetApp). A cluster has exactly one mode, so the resource's id is the cluster's uuid; create adopts the current mode.
 */
import { NdmpModeValue, OntapClient } from "../../ontap";
import { modeDescriptor } from "../../model";
import { checkArguments } from "../validation";
import { withoutUndefined } from "../values";
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

type Props = Record<string, unknown>;

/** The settings of the mode resource, from its descriptor (provider/model/mode.ts). */
const fields = managedFields(modeDescriptor);

/** `PATCH /api/protocols/ndmp` with a body of changed settings (the client's method takes the one setting ONTAP has). */
async function patch(client: OntapClient, body: Props): Promise<void> {
  if (Object.keys(body).length > 0) await client.patchNdmpMode(body.mode as NdmpModeValue);
}

function outputs(settings: Props, cluster: Props, carried: Props & CommonInputs, host: string, originalValues: Props) {
  return withoutUndefined({
    ...settings,
    clusterName: cluster.clusterName,
    ...commonOutputs(carried, host),
    originalValues,
  });
}

const SUBJECT = "NDMP mode";

export const modeHandlers: KindHandlers = {
  async check(ctx, _olds, news) {
    const { inputs, failures } = checkArguments("mode", news);
    const host = checkConnection(ctx, inputs, failures);
    return { inputs: withoutUndefined({ ...inputs, host }), failures };
  },

  async diff(_ctx, _id, olds, news) {
    const replaces = news.host !== undefined && news.host !== olds.host ? ["host"] : [];
    const changed =
      replaces.length > 0 ||
      news.host === undefined ||
      settingsChanged(fields, olds, news) ||
      commonSettingsChanged(olds, news);
    return { changes: changed, replaces, deleteBeforeReplace: false };
  },

  async create(ctx, inputs) {
    try {
      const { client } = clusterOf(ctx, inputs);
      const [identity, record] = await Promise.all([client.getCluster(), client.getNdmpMode()]);
      if (!identity.uuid) throw new Error(`ONTAP at ${client.baseUrl} did not report its cluster uuid.`);
      const current = observedSettings(fields, record);
      const body = changedSettings(fields, inputs, current);
      await patch(client, body);
      const cluster = { clusterName: identity.name };
      return {
        id: identity.uuid,
        outs: outputs(
          appliedSettings(fields, current, body),
          cluster,
          inputs,
          client.baseUrl,
          originalSettings(fields, inputs, current),
        ),
      };
    } catch (error) {
      throw explain(SUBJECT, error);
    }
  },

  async read(ctx, id, props) {
    try {
      const { client } = clusterOf(ctx, props);
      const current = observedSettings(fields, await client.getNdmpMode());
      return {
        id,
        props: outputs(current, props, props, String(props.host), (props.originalValues as Props) ?? {}),
      };
    } catch (error) {
      throw explain(SUBJECT, error);
    }
  },

  async update(ctx, _id, olds, news) {
    try {
      const { client } = clusterOf(ctx, news);
      const current = recordedSettings(fields, olds);
      const body = changedSettings(fields, news, current);
      await patch(client, body);
      const after = appliedSettings(fields, current, body);
      return { outs: outputs(after, olds, news, String(olds.host), (olds.originalValues as Props) ?? {}) };
    } catch (error) {
      throw explain(SUBJECT, error);
    }
  },

  async delete(ctx, _id, props) {
    if (props.onDelete !== "restore") return;
    // Only what differs from the state is put back (a mode change is disruptive: never sent for nothing).
    const body = changedSettings(fields, (props.originalValues as Props) ?? {}, props);
    try {
      await patch(clusterOf(ctx, props).client, body);
    } catch (error) {
      throw explain(SUBJECT, error);
    }
  },
};
