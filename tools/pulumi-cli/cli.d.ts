// Types of cli.js (plain JavaScript, so that `npm run pulumi-cli` starts without a TypeScript compiler).
export declare const REPO_ROOT: string;
/** The dynamic-provider plugin the engine starts for `pulumi-nodejs:dynamic:*` resources. */
export declare const DYNAMIC_PROVIDER_PLUGIN = "pulumi-resource-pulumi-nodejs";
/**
 * The oldest CLI the harness accepts: 3.181.0 serves programs through `--client` on every operation (refresh and
 * destroy too; `@pulumi/pulumi` 3.248.0 automation/stack.js, `checkInlineSupport`), and dynamic providers receive
 * stack config through `configure` from 3.139.0.
 */
export declare const MIN_CLI_VERSION: readonly number[];
export interface PulumiCli {
  /** The `pulumi` executable. */
  path: string;
  /** As `pulumi version` prints it, e.g. `v3.248.0`. */
  version: string;
  /** Folder holding `pulumi-resource-pulumi-nodejs`, put first on PATH for every run. */
  pluginDir: string;
  source: "PULUMI_CLI" | "PATH" | "cache" | "built";
}
export declare class PulumiCliError extends Error {
  name: string;
}
/** `v3.200.0` → [3, 200, 0]; undefined when the text holds no version. */
export declare function parseVersion(text: string): number[] | undefined;
export declare function isSupported(version: readonly number[]): boolean;
/** The CLI version go.mod pins, checked against `@pulumi/pulumi` in package-lock.json. */
export declare function cliPin(root?: string): string;
export interface EnsureOptions {
  env?: NodeJS.ProcessEnv;
  /** Progress lines (what is being built, how long it took). */
  log?: (line: string) => void;
}
/**
 * A Pulumi CLI to run: PULUMI_CLI when set (an error when it is not a supported CLI: the user asked for it), else
 * `pulumi` on PATH when supported, else the pinned build from the cache, built first when missing.
 */
export declare function ensurePulumiCli(options?: EnsureOptions): PulumiCli;
