/**
 * The resource kinds of this package, declared once: the serialized provider objects (provider/resources/providerShim.ts)
 * carry one of these names as `kind`, and the plugin-side runtime (provider/runtime/index.ts) dispatches on it. Both
 * key their tables by {@link ResourceKind}, so adding a kind here fails to compile until each has an entry.
 *
 * This module and the rest of `provider/model/` sit below both sides: the program-side resources import them without
 * loading any plugin-side code.
 */

/** `mode`: `NdmpMode`; `node`: `NdmpNodeConfig`; `svm`: `NdmpSvmConfig`. Values written into state: never rename. */
export const RESOURCE_KINDS = ["mode", "node", "svm"] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** What deleting a resource does to ONTAP: leave the settings (`retain`, the default) or put back the originals. */
export const ON_DELETE_VALUES = ["retain", "restore"] as const;
export type OnDelete = (typeof ON_DELETE_VALUES)[number];
