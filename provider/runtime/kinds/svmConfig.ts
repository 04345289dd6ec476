/** `NdmpSvmConfig`: NDMP on one SVM, in SVM scope. */
import { objectConfigHandlers } from "./objectConfig";

export const svmConfigHandlers = objectConfigHandlers({
  kind: "svm",
  label: "SVM",
  fields: [
    { input: "enabled", api: "enabled" },
    { input: "authenticationTypes", api: "authentication_types" },
  ],
  hasPassword: false,
  endpoints: (cluster) => ({
    readers: cluster.svms,
    list: (query) => cluster.client.listSvms(query),
    patch: (uuid, body) => cluster.client.patchSvm(uuid, body),
  }),
});
