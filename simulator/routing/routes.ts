/** The route table of the ONTAP API: every endpoint of the NDMP reference, plus the cluster and job endpoints. */
import { clusterEndpoints } from "../endpoints/cluster";
import type { Endpoint } from "../endpoints/context";
import { modeEndpoints } from "../endpoints/mode";
import { nodeEndpoints } from "../endpoints/nodes";
import { sessionEndpoints } from "../endpoints/sessions";
import { svmEndpoints } from "../endpoints/svms";
import { Router } from "./router";

export const ENDPOINTS: readonly Endpoint[] = [
  ...clusterEndpoints,
  ...modeEndpoints,
  ...nodeEndpoints,
  ...svmEndpoints,
  ...sessionEndpoints,
];

export function apiRouter(): Router<Endpoint> {
  const router = new Router<Endpoint>();
  for (const endpoint of ENDPOINTS) router.add(endpoint.method, endpoint.template, endpoint);
  return router;
}
