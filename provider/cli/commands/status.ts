/**
 * `ontap-ndmp status`: the NDMP mode, then the nodes (node scope) or the SVMs (SVM scope) with their settings.
 *
 * JSON: `{"mode": "node", "nodes": [NodeStatus]}` or `{"mode": "svm", "svms": [SvmStatus]}`.
 */
import type { AuthenticationType, NdmpModeValue } from "../../ontap";
import type { Context } from "../context";
import { CliError, ExitCode } from "../errors";
import { json, show, table, yesNo } from "../output";

export interface NodeStatus {
  name: string | null;
  uuid: string | null;
  enabled: boolean | null;
  authentication_types: AuthenticationType[];
  user: string | null;
}

export interface SvmStatus {
  name: string | null;
  uuid: string | null;
  enabled: boolean | null;
  authentication_types: AuthenticationType[];
}

export type StatusJson = { mode: "node"; nodes: NodeStatus[] } | { mode: "svm"; svms: SvmStatus[] };

const SCOPE_TEXT: Record<NdmpModeValue, string> = { node: "node scope", svm: "SVM scope" };

export async function status(ctx: Context): Promise<void> {
  const client = ctx.client();
  const { mode } = await client.getNdmpMode();
  // The client reads answers open (newer releases may add values); this command knows two modes and says so.
  if (mode !== undefined && !Object.hasOwn(SCOPE_TEXT, mode)) {
    throw new CliError(
      `ONTAP reported NDMP mode ${show(JSON.stringify(mode))}, which this version of ontap-ndmp does not know (it knows svm and node).`,
      ExitCode.ontap,
      "Check the ONTAP version (this client targets the ONTAP 9.9.1 REST API), or upgrade ontap-ndmp.",
    );
  }
  let result: StatusJson;
  if (mode === "node") {
    const nodes = (await client.listNodes()).map((r): NodeStatus => ({
      name: r.node?.name ?? null,
      uuid: r.node?.uuid ?? null,
      enabled: r.enabled ?? null,
      authentication_types: r.authentication_types ?? [],
      user: r.user ?? null,
    }));
    result = { mode, nodes };
  } else {
    const svms = (await client.listSvms()).map((r): SvmStatus => ({
      name: r.svm?.name ?? null,
      uuid: r.svm?.uuid ?? null,
      enabled: r.enabled ?? null,
      authentication_types: r.authentication_types ?? [],
    }));
    result = { mode: "svm", svms };
  }

  if (ctx.json) {
    ctx.out(json(result));
    return;
  }
  ctx.out(`NDMP mode: ${show(mode)}${mode ? ` (${SCOPE_TEXT[mode]})` : ""}\n\n`);
  if (result.mode === "node") {
    const rows = result.nodes.map((n) => [
      show(n.name),
      show(n.uuid),
      yesNo(n.enabled ?? undefined),
      show(n.authentication_types),
      show(n.user),
    ]);
    ctx.out(
      rows.length === 0
        ? "No nodes.\n"
        : table(
            [
              { header: "NODE" },
              { header: "UUID" },
              { header: "ENABLED" },
              { header: "AUTHENTICATION" },
              { header: "USER" },
            ],
            rows,
            ctx.color,
          ),
    );
  } else {
    const rows = result.svms.map((s) => [
      show(s.name),
      show(s.uuid),
      yesNo(s.enabled ?? undefined),
      show(s.authentication_types),
    ]);
    ctx.out(
      rows.length === 0
        ? "No SVMs.\n"
        : table(
            [{ header: "SVM" }, { header: "UUID" }, { header: "ENABLED" }, { header: "AUTHENTICATION" }],
            rows,
            ctx.color,
          ),
    );
  }
}
