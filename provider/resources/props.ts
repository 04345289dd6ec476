/** The props a resource class hands to `pulumi.dynamic.Resource`, derived from its kind's descriptor (provider/model/). */
import * as pulumi from "@pulumi/pulumi";
import { declaredOutputs, KindDescriptor, secretOutputs } from "../model";
import { CommonNdmpArgs, secretConnection, TYPE_MODULE, withSecretOutputs } from "./common";
import { providers } from "./providerShim";

/**
 * Every output declared (undefined until the engine fills it, so its value reaches the program), then the arguments,
 * with each secret setting (the node password) wrapped as a secret even when given in clear, since state must never
 * hold it in clear, and the connection (when given) as a secret.
 */
export function resourceProps(descriptor: KindDescriptor, args: CommonNdmpArgs): Record<string, unknown> {
  const given = args as Record<string, unknown>;
  const props: Record<string, unknown> = { ...declaredOutputs(descriptor), ...given };
  for (const setting of descriptor.settings) {
    if (setting.secret)
      props[setting.property] =
        given[setting.property] === undefined ? undefined : pulumi.secret(given[setting.property]);
  }
  // No connection: no `connection` key at all. Every key costs the program four SDK promises (each capturing a stack
  // trace) per resource, and `connection` is not a declared output.
  if (args.connection === undefined) delete props.connection;
  else props.connection = secretConnection(args.connection);
  return props;
}

/** The caller's options with the kind's secret outputs (its secret settings and `connection`) added. */
export function resourceOptions(
  descriptor: KindDescriptor,
  opts: pulumi.CustomResourceOptions | undefined,
): pulumi.CustomResourceOptions {
  return withSecretOutputs(opts, secretOutputs(descriptor));
}

/**
 * The arguments of `pulumi.dynamic.Resource`'s constructor for a resource of the kind: its provider object, the
 * props, the options with its secret outputs, and its type token `pulumi-nodejs:dynamic/ontap:<typeName>`.
 */
export function dynamicResourceArgs(
  descriptor: KindDescriptor,
  name: string,
  args: CommonNdmpArgs,
  opts: pulumi.CustomResourceOptions | undefined,
): [pulumi.dynamic.ResourceProvider, string, pulumi.Inputs, pulumi.CustomResourceOptions, string, string] {
  return [
    providers[descriptor.kind],
    name,
    resourceProps(descriptor, args),
    resourceOptions(descriptor, opts),
    TYPE_MODULE,
    descriptor.typeName,
  ];
}
