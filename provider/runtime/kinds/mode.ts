/**
 * `NdmpMode`: whether NDMP works per SVM (`svm`, the default of a new cluster) or per node (`node`, deprecated by
 * NetApp). A cluster has exactly one mode, so the resource's id is the cluster's uuid; create adopts the current mode.
 */
import { NdmpModeValue } from "../../ontap";
import { checkArguments } from "../validation";
import { containsUnknown, withoutUndefined } from "../values";
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

function outputs(mode: unknown, cluster: Props, carried: Props & CommonInputs, host: string, originalValues: Props) {
  return withoutUndefined({
    mode,
    clusterName: cluster.clusterName,
    clusterUuid: cluster.clusterUuid,
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
      containsUnknown(news.mode) ||
      news.mode !== olds.mode ||
      commonSettingsChanged(olds, news);
    return { changes: changed, replaces, deleteBeforeReplace: false };
  },

  async create(ctx, inputs) {
    try {
      const { client } = clusterOf(ctx, inputs);
      const [identity, current] = await Promise.all([client.getCluster(), client.getNdmpMode()]);
      if (!identity.uuid) throw new Error(`ONTAP at ${client.baseUrl} did not report its cluster uuid.`);
      if (current.mode !== inputs.mode) await client.patchNdmpMode(inputs.mode as NdmpModeValue);
      const cluster = { clusterName: identity.name, clusterUuid: identity.uuid };
      return {
        id: identity.uuid,
        outs: outputs(inputs.mode, cluster, inputs, client.baseUrl, { mode: current.mode }),
      };
    } catch (error) {
      throw explain(SUBJECT, error);
    }
  },

  async read(ctx, id, props) {
    try {
      const { client } = clusterOf(ctx, props);
      const current = await client.getNdmpMode();
      return {
        id,
        props: outputs(current.mode, props, props, String(props.host), (props.originalValues as Props) ?? {}),
      };
    } catch (error) {
      throw explain(SUBJECT, error);
    }
  },

  async update(ctx, _id, olds, news) {
    try {
      const { client } = clusterOf(ctx, news);
      if (news.mode !== olds.mode) await client.patchNdmpMode(news.mode as NdmpModeValue);
      return { outs: outputs(news.mode, olds, news, String(olds.host), (olds.originalValues as Props) ?? {}) };
    } catch (error) {
      throw explain(SUBJECT, error);
    }
  },

  async delete(ctx, _id, props) {
    const original = (props.originalValues as Props | undefined)?.mode;
    if (props.onDelete !== "restore" || original === undefined || original === props.mode) return;
    try {
      await clusterOf(ctx, props).client.patchNdmpMode(original as NdmpModeValue);
    } catch (error) {
      throw explain(SUBJECT, error);
    }
  },
};
