/**
 * Options of the `…Output` data functions, as Pulumi's own invoke options: `dependsOn` makes the call wait until
 * those resources are applied, e.g. a password lookup after the `NdmpMode` that puts the cluster in SVM scope.
 */
import * as pulumi from "@pulumi/pulumi";

export interface DataFunctionOptions {
  /** Resources that must be applied before the call runs (their ids known), as for `pulumi.InvokeOutputOptions`. */
  dependsOn?: pulumi.Resource | pulumi.Resource[];
}

/**
 * Resolves once every dependency is applied. As in the SDK's output invokes, a dependency whose id is not known
 * (preview of a resource to create) leaves the call's result unknown rather than running it.
 */
export function afterDependencies(options: DataFunctionOptions | undefined): pulumi.Output<unknown[]> {
  const dependencies = ([] as pulumi.Resource[]).concat(options?.dependsOn ?? []);
  return pulumi.all(dependencies.map((r) => (pulumi.CustomResource.isInstance(r) ? r.id : r.urn)));
}
