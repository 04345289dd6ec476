// The gRPC and protobuf modules, loaded exactly as `@pulumi/pulumi` loads them.
//
// Notes §9.2: use the `@grpc/grpc-js` copy that `@pulumi/pulumi/proto` resolves; a second copy breaks the
// `instanceof` checks inside grpc-js (credentials, metadata) and the generated stubs. We therefore resolve every module
// from the directory of the SDK's generated stubs instead of from this file.
import * as path from "path";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as structTypes from "google-protobuf/google/protobuf/struct_pb";
import type * as emptyTypes from "google-protobuf/google/protobuf/empty_pb";

const protoDir = path.dirname(require.resolve("@pulumi/pulumi/proto/provider_grpc_pb"));

function fromSdk<T>(id: string): T {
  return require(require.resolve(id, { paths: [protoDir] })) as T;
}

export const grpc = fromSdk<typeof grpcTypes>("@grpc/grpc-js");
export const structproto = fromSdk<typeof structTypes>("google-protobuf/google/protobuf/struct_pb");
export const emptyproto = fromSdk<typeof emptyTypes>("google-protobuf/google/protobuf/empty_pb");

/* eslint-disable @typescript-eslint/no-explicit-any */
// The generated stubs are plain CommonJS; their typings are not needed for the few calls the driver makes.
export const provrpc: any = require("@pulumi/pulumi/proto/provider_grpc_pb");
export const provproto: any = require("@pulumi/pulumi/proto/provider_pb");
export const resrpc: any = require("@pulumi/pulumi/proto/resource_grpc_pb");
export const resproto: any = require("@pulumi/pulumi/proto/resource_pb");
export const engrpc: any = require("@pulumi/pulumi/proto/engine_grpc_pb");
export const engproto: any = require("@pulumi/pulumi/proto/engine_pb");
export const statusproto: any = require("@pulumi/pulumi/proto/status_pb");
export const pluginproto: any = require("@pulumi/pulumi/proto/plugin_pb");
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Path of the dynamic-provider plugin entry point that ships in the SDK. */
export const dynamicProviderPath = require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js");

/** The SDK's version, reported by the fake engine's `GetPluginInfo`-like answers and the display. */
export const sdkVersion: string = require("@pulumi/pulumi/package.json").version;

export function toStruct(obj: Record<string, unknown>): structTypes.Struct {
  return structproto.Struct.fromJavaScript(obj as Record<string, structTypes.JavaScriptValue>);
}

export function fromStruct(s: structTypes.Struct | undefined): Record<string, unknown> {
  return s ? (s.toJavaScript() as Record<string, unknown>) : {};
}
