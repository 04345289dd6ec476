// Stack state (the checkpoint): resources in dependency order, with secret values kept marked.
import type { ResourceOptionsSeen } from "./program";
import type { PropertyMap, SecretsManager } from "./secrets";

export const STACK_TYPE = "pulumi:pulumi:Stack";
export const DEFAULT_PROVIDER_TYPE = "pulumi:providers:pulumi-nodejs";

export interface ResourceState {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  /** Provider-assigned id (custom resources only). */
  id?: string;
  parent?: string;
  /** Inputs as last checked (secret-marked values wrapped). */
  inputs: PropertyMap;
  /** Outputs as last returned by the provider (secret-marked values wrapped). */
  outputs: PropertyMap;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  /** Provider reference `urn::id` (the default `pulumi-nodejs` provider for dynamic resources). */
  provider?: string;
  options: ResourceOptionsSeen;
  /** Read via `ReadResource` (`id:` option / `.get`): not managed, never deleted by Pulumi. */
  external?: boolean;
  /** Created but failed to initialize (partial failure): kept, as the engine keeps it. */
  initErrors?: string[];
}

export interface StackState {
  resources: ResourceState[];
  /** Stack outputs (the root stack's `registerResourceOutputs`), secret-marked values wrapped. */
  outputs: PropertyMap;
}

export function emptyState(): StackState {
  return { resources: [], outputs: {} };
}

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>`; a child's type is qualified by its parent's type chain. */
export function makeUrn(stack: string, project: string, type: string, name: string, parentUrn?: string): string {
  let qualified = type;
  if (parentUrn) {
    const parentQualified = parentUrn.split("::")[2] ?? "";
    // Children of the root stack are not qualified by it (resource.NewURN with the stack as parent).
    if (parentQualified && parentQualified !== STACK_TYPE) qualified = `${parentQualified}$${type}`;
  }
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

export function cloneState(s: StackState): StackState {
  return JSON.parse(JSON.stringify(s)) as StackState;
}

/** Checkpoint-like JSON with every secret encrypted (never plaintext). */
export function exportState(s: StackState, secrets: SecretsManager, stack: string, project: string): string {
  return JSON.stringify(
    {
      version: 3,
      checkpoint: {
        stack: `organization/${project}/${stack}`,
        latest: {
          manifest: {
            magic: "pulumi-ontap-ndmp engine driver",
            version: require("@pulumi/pulumi/package.json").version,
          },
          secrets_providers: { type: "passphrase", state: secrets.providerState() },
          resources: s.resources.map((r) => ({
            urn: r.urn,
            custom: r.custom,
            id: r.id,
            type: r.type,
            inputs: secrets.encryptDeep(r.inputs),
            outputs: secrets.encryptDeep(r.urn === stackUrnOf(s) ? s.outputs : r.outputs),
            parent: r.parent,
            dependencies: r.dependencies,
            propertyDependencies: r.propertyDependencies,
            provider: r.provider,
            protect: r.options.protect || undefined,
            retainOnDelete: r.options.retainOnDelete || undefined,
            additionalSecretOutputs: r.options.additionalSecretOutputs.length
              ? r.options.additionalSecretOutputs
              : undefined,
            external: r.external || undefined,
            initErrors: r.initErrors,
          })),
        },
      },
    },
    null,
    2,
  );
}

function stackUrnOf(s: StackState): string | undefined {
  return s.resources.find((r) => r.type === STACK_TYPE)?.urn;
}

/** Orders resources so that every resource comes after its parent and dependencies (stable otherwise). */
export function topoSort(resources: ResourceState[]): ResourceState[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const done = new Set<string>();
  const out: ResourceState[] = [];
  const visit = (r: ResourceState, stack: Set<string>): void => {
    if (done.has(r.urn) || stack.has(r.urn)) return;
    stack.add(r.urn);
    for (const d of [r.parent, ...r.dependencies, r.provider?.split("::").slice(0, -1).join("::")]) {
      const dep = d ? byUrn.get(d) : undefined;
      if (dep) visit(dep, stack);
    }
    stack.delete(r.urn);
    done.add(r.urn);
    out.push(r);
  };
  for (const r of resources) visit(r, new Set());
  return out;
}
