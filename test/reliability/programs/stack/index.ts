// Reliability-test fixture: declares whatever NDMP resources the stack config `resources` lists, so one program
// serves the fault matrix, the 200-resource run, the bad-input previews, the TLS cases and the secret-leak scenario.
//
//   resources: [{ "kind": "mode" | "node" | "svm", "name": "…", "args": {…}, "dependsOn": ["<name>", …] }]
//
// `args` are passed as given (invalid ones included: the provider's check must refuse them), except that any string
// `"secret:<key>"` becomes `config.requireSecret("<key>")`, as a user's program would read a password.
// A connection the args omit comes from the stack config `ontap:*`.
import * as pulumi from "@pulumi/pulumi";
import { NdmpMode, NdmpNodeConfig, NdmpSvmConfig } from "pulumi-ontap-ndmp";

interface Declared {
  kind: "mode" | "node" | "svm";
  name: string;
  args: Record<string, unknown>;
  dependsOn?: string[];
}

const config = new pulumi.Config();
const declared = config.requireObject<Declared[]>("resources");

function withSecrets(value: unknown): unknown {
  if (typeof value === "string" && value.startsWith("secret:")) return config.requireSecret(value.slice(7));
  if (Array.isArray(value)) return value.map(withSecrets);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withSecrets(v)]));
  }
  return value;
}

const created = new Map<string, pulumi.CustomResource>();
const ids: Record<string, pulumi.Output<string>> = {};
const passwords: Record<string, pulumi.Output<string | undefined>> = {};
for (const d of declared) {
  // Deliberately untyped: bad-input cases pass what the types would refuse.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const args = withSecrets(d.args) as any;
  const opts = { dependsOn: (d.dependsOn ?? []).map((n) => created.get(n)!) };
  const resource =
    d.kind === "mode"
      ? new NdmpMode(d.name, args, opts)
      : d.kind === "node"
        ? new NdmpNodeConfig(d.name, args, opts)
        : new NdmpSvmConfig(d.name, args, opts);
  created.set(d.name, resource);
  ids[d.name] = resource.id;
  if (resource instanceof NdmpNodeConfig) passwords[d.name] = resource.password;
}

/** Plain outputs: the ids (cluster, node and SVM uuids). */
export const resourceIds = ids;
/** The node passwords as the resources report them: secret outputs. */
export const nodePasswords = passwords;
export const resourceCount = declared.length;
