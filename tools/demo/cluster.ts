// The demo's view of the "cluster" (the embedded simulator): a change made as an administrator would make it, outside
// Pulumi (a plain HTTPS PATCH to the ONTAP REST API), and checks of what ONTAP holds after each step.
import * as https from "https";
import type { SimulatorHandle } from "../../simulator";

export class DemoFailure extends Error {}

/** `PATCH <path>` with the administrator's credentials, trusting the simulator's CA; resolves with a one-line log. */
export async function adminPatch(sim: SimulatorHandle, path: string, body: unknown): Promise<string> {
  const url = new URL(path, sim.url);
  const text = JSON.stringify(body);
  const status = await new Promise<number>((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: "PATCH",
        ca: sim.caCert,
        agent: false,
        headers: {
          Authorization: `Basic ${Buffer.from(`${sim.username}:${sim.password}`).toString("base64")}`,
          "Content-Type": "application/json",
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(text);
  });
  const line = `PATCH ${url.href} ${text} → HTTP ${status}`;
  if (status < 200 || status >= 300) throw new DemoFailure(`the administrator's change failed: ${line}`);
  return line;
}

export function svmOf(sim: SimulatorHandle, name: string): { uuid: string; enabled: boolean; authTypes: string[] } {
  const svm = sim.control.state().svms.find((s) => s.name === name);
  if (!svm) throw new DemoFailure(`the simulator has no SVM ${name}`);
  return { uuid: svm.uuid, enabled: svm.enabled, authTypes: svm.authentication_types };
}

/** Fails the step unless NDMP on each named SVM is `enabled` (and, when enabled, with challenge authentication). */
export function expectNdmp(sim: SimulatorHandle, expected: Record<string, boolean>, when: string): string {
  const seen: string[] = [];
  for (const [name, enabled] of Object.entries(expected)) {
    const svm = svmOf(sim, name);
    if (svm.enabled !== enabled || (enabled && svm.authTypes.join(",") !== "challenge")) {
      throw new DemoFailure(
        `${when}: expected NDMP ${enabled ? "enabled (challenge)" : "disabled"} on ${name}, ONTAP has enabled=${svm.enabled} ${JSON.stringify(svm.authTypes)}`,
      );
    }
    seen.push(`${name} ${enabled ? "enabled" : "disabled"}`);
  }
  return seen.join(", ");
}

/** PATCH requests ONTAP received since the counters were last reset. */
export function patchCount(sim: SimulatorHandle): number {
  return sim.control.counters().byMethod.PATCH ?? 0;
}
