/** The descriptor of `NdmpMode`: the cluster's NDMP mode (`/api/protocols/ndmp`, model `cluster_ndmp_properties`). */
import type { KindDescriptor } from "./descriptor";

export const modeDescriptor = {
  kind: "mode",
  typeName: "NdmpMode",
  model: "cluster_ndmp_properties",
  settings: [
    {
      property: "mode",
      field: "mode",
      compare: "scalar",
      required: true,
      doc: "NDMP per SVM (the default of a new cluster) or per node (deprecated by NetApp). Required.",
    },
  ],
  controls: [],
  computed: ["clusterName"],
  idOutput: "clusterUuid",
} as const satisfies KindDescriptor;
