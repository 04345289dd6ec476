// Direct calls of the provider runtime (the first of three test layers: runtime, serialization, program mocks): each
// method runs against the embedded simulator on an ephemeral port, with the provider configured the way the plugin
// does it.
import * as runtime from "../../provider/runtime";
import { closeAllClusters } from "../../provider/clusters";
import type { ResourceKind } from "../../provider/model";
import { SimulatorHandle, SimulatorOptions, startSimulator } from "../../simulator";

export type Props = Record<string, unknown>;
export type Kind = ResourceKind;

/** Stack configuration of a simulator, as the engine passes it to `configure()`. */
export function stackConfigOf(sim: SimulatorHandle): Record<string, string> {
  return {
    "ontap:host": sim.url,
    "ontap:username": sim.username,
    "ontap:password": sim.password,
    ...(sim.caCert ? { "ontap:caCert": sim.caCert } : {}),
  };
}

/** A provider object of `kind` as the plugin holds it, configured with `config` (undefined: never configured). */
export function providerOf(kind: Kind, config?: Record<string, string>): runtime.ShimProvider {
  const provider = { kind };
  if (config) runtime.configure(provider, [{ config: { get: (key: string) => config[key] } }]);
  return provider;
}

/** The provider's methods, as the plugin calls them. */
export function methods(provider: runtime.ShimProvider) {
  return {
    check: (olds: Props, news: Props) => runtime.check(provider, [olds, news]),
    diff: (id: string, olds: Props, news: Props) => runtime.diff(provider, [id, olds, news]),
    create: (inputs: Props) => runtime.create(provider, [inputs]),
    read: (id: string, props: Props) => runtime.read(provider, [id, props]),
    update: (id: string, olds: Props, news: Props) => runtime.update(provider, [id, olds, news]),
    delete: (id: string, props: Props) => runtime.delete(provider, [id, props]),
  };
}

const ENV_KEYS = ["ONTAP_HOST", "ONTAP_USERNAME", "ONTAP_PASSWORD", "ONTAP_INSECURE", "ONTAP_CA_CERT"];

/** Starts a simulator for a suite, and keeps the suite independent of the caller's ONTAP_* environment. */
export function useSimulator(options: SimulatorOptions = {}): { sim: SimulatorHandle } {
  const holder = {} as { sim: SimulatorHandle };
  const saved: Record<string, string | undefined> = {};
  before(async () => {
    for (const key of ENV_KEYS) {
      saved[key] = process.env[key];
      delete process.env[key];
    }
    holder.sim = await startSimulator(options);
  });
  beforeEach(() => {
    holder.sim.control.reset();
    // As if each test were a new operation (a new plugin process): no read is answered from another test's stream.
    closeAllClusters();
  });
  after(async () => {
    closeAllClusters();
    await holder.sim?.stop();
    for (const key of ENV_KEYS) if (saved[key] !== undefined) process.env[key] = saved[key];
  });
  return holder;
}

/** Runs `body` with the simulator's connection in `ONTAP_*` (as a user's shell or CI job sets it), then clears it. */
export async function withOntapEnvironment<T>(sim: SimulatorHandle, body: () => Promise<T>): Promise<T> {
  Object.assign(process.env, {
    ONTAP_HOST: sim.url,
    ONTAP_USERNAME: sim.username,
    ONTAP_PASSWORD: sim.password,
    ...(sim.caCert ? { ONTAP_CA_CERT: sim.caCert } : {}),
  });
  try {
    return await body();
  } finally {
    for (const key of ENV_KEYS) delete process.env[key];
  }
}

/** Requests the simulator received, per `METHOD route`. */
export function requests(sim: SimulatorHandle): Record<string, number> {
  return sim.control.counters().byRoute;
}

/** A PATCH to the simulator as an administrator would send it, outside Pulumi (e.g. to make drift). */
export { adminPatch } from "../../tools/demo/cluster";
