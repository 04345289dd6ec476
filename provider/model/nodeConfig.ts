/** The descriptor of `NdmpNodeConfig`: NDMP on one node (`/api/protocols/ndmp/nodes/{uuid}`, model `ndmp_node`). */
import type { KindDescriptor } from "./descriptor";

export const nodeConfigDescriptor = {
  kind: "node",
  typeName: "NdmpNodeConfig",
  model: "ndmp_node",
  target: {
    property: "node",
    label: "node",
    doc: "The node, by name or uuid. Required. Changing it replaces the resource.",
  },
  settings: [
    {
      property: "enabled",
      field: "enabled",
      compare: "scalar",
      doc: "NDMP on the node. ONTAP needs a `user` to enable it (68812800).",
    },
    {
      property: "authenticationTypes",
      field: "authentication_types",
      compare: "set",
      doc: "Must include `challenge`, which cannot be disabled in node scope. Compared as a set.",
    },
    { property: "user", field: "user", compare: "scalar", doc: "The NDMP user." },
    {
      property: "password",
      field: "password",
      compare: "scalar",
      secret: true,
      writeOnly: { resendOn: "passwordVersion" },
      doc: "The NDMP password, [write-only](#the-write-only-password).",
    },
  ],
  controls: [
    {
      property: "passwordVersion",
      schema: { type: ["string", "number"], minLength: 1, maxLength: 256 },
      type: "number \\| string",
      doc: "Any change re-sends `password`.",
    },
  ],
  computed: ["nodeName"],
  idOutput: "nodeUuid",
} as const satisfies KindDescriptor;
