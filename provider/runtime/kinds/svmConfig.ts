/** `NdmpSvmConfig`: NDMP on one SVM, in SVM scope. Its settings: provider/model/svmConfig.ts. */
import { svmConfigDescriptor } from "../../model";
import { objectConfigHandlers } from "./objectConfig";

export const svmConfigHandlers = objectConfigHandlers({
  descriptor: svmConfigDescriptor,
  endpoints: (cluster) => ({
    readers: cluster.svms,
    list: (query) => cluster.client.listSvms(query),
    patch: (uuid, body) => cluster.client.patchSvm(uuid, body),
  }),
});
