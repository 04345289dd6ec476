/**
 * The control API under `/__simulator/`, protected by the administrator's basic-auth credentials. It maps HTTP onto
 * the control handle; bodies and answers are plain JSON, errors use the ONTAP error body.
 *
 * | Method and path                         | Body                                   | Answer                    |
 * |-----------------------------------------|----------------------------------------|---------------------------|
 * | GET    /__simulator/state               |                                        | state dump (no secrets)   |
 * | POST   /__simulator/reset               |                                        | `{}`                      |
 * | GET    /__simulator/counters            |                                        | counters                  |
 * | DELETE /__simulator/counters            |                                        | `{}`                      |
 * | GET    /__simulator/requests            |                                        | `{records: [...]}`        |
 * | DELETE /__simulator/requests            |                                        | `{}`                      |
 * | GET    /__simulator/latency             |                                        | `{ms}`                    |
 * | PUT    /__simulator/latency             | `{ms}`                                 | `{ms}`                    |
 * | GET    /__simulator/faults              |                                        | `{records: [...]}`        |
 * | POST   /__simulator/faults              | a fault rule                           | 201 the active rule       |
 * | DELETE /__simulator/faults              |                                        | `{}`                      |
 * | DELETE /__simulator/faults/{id}         |                                        | `{}` or 404               |
 * | GET    /__simulator/async               |                                        | async settings            |
 * | PUT    /__simulator/async               | `{enabled?, durationMs?, failure?}`    | async settings            |
 * | GET    /__simulator/jobs                |                                        | `{records: [...]}`        |
 * | POST   /__simulator/jobs/{uuid}/fail    | `{message, code}`                      | `{}` or 404               |
 * | DELETE /__simulator/nodes/{uuid}        |                                        | `{}` or 404               |
 * | DELETE /__simulator/svms/{uuid}         |                                        | `{}` or 404               |
 * | GET    /__simulator/svms/{uuid}/users   |                                        | `{records: [{name,role}]}`|
 * | POST   /__simulator/svms/{uuid}/users   | `{name, password, role?}`              | 201 `{name, role}`        |
 * | GET    /__simulator/sessions            |                                        | `{records: [...]}`        |
 * | POST   /__simulator/sessions            | `{scope?, node?, svm?, id?, details?}` | 201 `{scope, record}`     |
 * | GET    /__simulator/certificate-logins  |                                        | `{records: [{name}]}`     |
 * | POST   /__simulator/certificate-logins  | `{name}`                               | 201 `{user, cert, key}`   |
 * | GET    /__simulator/client-ca           |                                        | `{cert}` (PEM)            |
 * | POST   /__simulator/client-certificates | `{common_name, not_before?, not_after?}` | 201 `{cert, key}`       |
 *
 * `certificate-logins` adds a login that authenticates with a client certificate and returns a new certificate and
 * key for it; `client-certificates` issues a certificate of the client CA without a login (dates in ISO 8601).
 */
import { errors } from "../errors";
import type { NewSession } from "../model/cluster";
import { Router } from "../routing/router";
import type { AsyncSettingsChange, NewSvmUser, SimulatorControl } from "./handle";
import type { FaultRule } from "./faults";
import type { JobFailure } from "../model/jobs";

export const CONTROL_PREFIX = "/__simulator";

export interface ControlReply {
  status: number;
  body: unknown;
}

type ControlRoute = (control: SimulatorControl, params: Record<string, string>, body: unknown) => ControlReply;

const ok = (body: unknown = {}): ControlReply => ({ status: 200, body });
const created = (body: unknown): ControlReply => ({ status: 201, body });
const found = (done: boolean, target: string): ControlReply => {
  if (!done) throw errors.notFound(target);
  return ok();
};

function objectBody<T>(body: unknown): T {
  if (body === undefined) return {} as T;
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw errors.invalidJson("expected an object.");
  return body as T;
}

const router = new Router<ControlRoute>()
  .add("GET", `${CONTROL_PREFIX}/state`, (c) => ok(c.state()))
  .add("POST", `${CONTROL_PREFIX}/reset`, (c) => (c.reset(), ok()))
  .add("GET", `${CONTROL_PREFIX}/counters`, (c) => ok(c.counters()))
  .add("DELETE", `${CONTROL_PREFIX}/counters`, (c) => (c.resetCounters(), ok()))
  .add("GET", `${CONTROL_PREFIX}/requests`, (c) => ok({ records: c.requestLog() }))
  .add("DELETE", `${CONTROL_PREFIX}/requests`, (c) => (c.clearRequestLog(), ok()))
  .add("GET", `${CONTROL_PREFIX}/latency`, (c) => ok({ ms: c.latency() }))
  .add("PUT", `${CONTROL_PREFIX}/latency`, (c, _p, body) => {
    c.setLatency(objectBody<{ ms: number }>(body).ms);
    return ok({ ms: c.latency() });
  })
  .add("GET", `${CONTROL_PREFIX}/faults`, (c) => ok({ records: c.faults() }))
  .add("POST", `${CONTROL_PREFIX}/faults`, (c, _p, body) => created(c.addFault(objectBody<FaultRule>(body))))
  .add("DELETE", `${CONTROL_PREFIX}/faults`, (c) => (c.clearFaults(), ok()))
  .add("DELETE", `${CONTROL_PREFIX}/faults/{id}`, (c, p) => found(c.removeFault(p.id), "id"))
  .add("GET", `${CONTROL_PREFIX}/async`, (c) => ok(c.asyncMode()))
  .add("PUT", `${CONTROL_PREFIX}/async`, (c, _p, body) => ok(c.setAsyncMode(objectBody<AsyncSettingsChange>(body))))
  .add("GET", `${CONTROL_PREFIX}/jobs`, (c) => ok({ records: c.jobs() }))
  .add("POST", `${CONTROL_PREFIX}/jobs/{uuid}/fail`, (c, p, body) =>
    found(c.failJob(p.uuid, objectBody<JobFailure>(body)), "uuid"),
  )
  .add("DELETE", `${CONTROL_PREFIX}/nodes/{uuid}`, (c, p) => found(c.deleteNode(p.uuid), "uuid"))
  .add("DELETE", `${CONTROL_PREFIX}/svms/{uuid}`, (c, p) => found(c.deleteSvm(p.uuid), "uuid"))
  .add("GET", `${CONTROL_PREFIX}/svms/{uuid}/users`, (c, p) => ok({ records: c.svmUsers(p.uuid) }))
  .add("POST", `${CONTROL_PREFIX}/svms/{uuid}/users`, (c, p, body) => {
    const user = objectBody<NewSvmUser>(body);
    c.addSvmUser(p.uuid, user);
    return created(c.svmUsers(p.uuid).find((u) => u.name === user.name));
  })
  .add("GET", `${CONTROL_PREFIX}/sessions`, (c) => ok({ records: c.sessions() }))
  .add("POST", `${CONTROL_PREFIX}/sessions`, (c, _p, body) => created(c.addSession(objectBody<NewSession>(body))))
  .add("GET", `${CONTROL_PREFIX}/certificate-logins`, (c) =>
    ok({ records: c.certificateLogins().map((name) => ({ name })) }),
  )
  .add("POST", `${CONTROL_PREFIX}/certificate-logins`, (c, _p, body) =>
    created(c.addCertificateLogin(objectBody<{ name: string }>(body).name)),
  )
  .add("GET", `${CONTROL_PREFIX}/client-ca`, (c) => ok({ cert: c.clientCa() }))
  .add("POST", `${CONTROL_PREFIX}/client-certificates`, (c, _p, body) => {
    const request = objectBody<{ common_name: string; not_before?: string; not_after?: string }>(body);
    return created(
      c.issueClientCertificate(request.common_name, {
        notBefore: dateOf(request.not_before, "not_before"),
        notAfter: dateOf(request.not_after, "not_after"),
      }),
    );
  });

/** An optional ISO 8601 date of a request body. */
function dateOf(value: unknown, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = typeof value === "string" ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw errors.invalidValue(field, value);
  return date;
}

export function handleControl(control: SimulatorControl, method: string, path: string, body: unknown): ControlReply {
  const match = router.match(method, path);
  return match.route(control, match.params, body);
}
