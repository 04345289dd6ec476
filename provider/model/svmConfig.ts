/** The descriptor of `NdmpSvmConfig`: NDMP on one SVM (`/api/protocols/ndmp/svms/{uuid}`, model `ndmp_svm`). */
import type { KindDescriptor } from "./descriptor";

export const svmConfigDescriptor = {
  kind: "svm",
  typeName: "NdmpSvmConfig",
  model: "ndmp_svm",
  target: {
    property: "svm",
    label: "SVM",
    doc: "The SVM, by name or uuid. Required. Changing it replaces the resource.",
  },
  settings: [
    {
      property: "enabled",
      field: "enabled",
      compare: "scalar",
      doc: "NDMP on the SVM (data SVMs start disabled).",
    },
    {
      property: "authenticationTypes",
      field: "authentication_types",
      compare: "set",
      doc: "`plaintext_sso` cannot be combined with another type. Compared as a set.",
    },
  ],
  controls: [],
  computed: ["svmName"],
  idOutput: "svmUuid",
} as const satisfies KindDescriptor;
