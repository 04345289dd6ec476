/**
 * Where the ONTAP connection comes from, shared by the resources (inside the provider plugin), the data functions
 * (in the program) and the `ontap-ndmp` CLI. Each setting is taken from the first layer that has it: an explicit
 * argument, then stack configuration (`ontap:*`), then the environment (`ONTAP_*`).
 *
 * Credentials are a password or a client certificate with its key (certificate authentication: the certificate's
 * common name is the login). The first layer that holds either decides which; a layer that holds both is an error
 * naming the settings to drop. The certificate and the key may come from different layers (e.g. the certificate in
 * stack config, the key from the environment), and what a lower layer holds of the other kind is not used.
 */
import { booleanFrom } from "./booleans";
import { parseEndpoint } from "./ontap/endpoint";
import { OntapConfigError } from "./ontap/errors";
import { shapeOf } from "./ontap/echo";
import { loadClientCertificate } from "./ontap/clientCertificate";
import { loadPem, PEM_KINDS } from "./ontap/pem";

/** Connection settings of an ONTAP cluster, as a user writes them. */
export interface ConnectionArgs {
  /** `name`, `name:port` or `https://name:port`. Plain `http://` is accepted for loopback hosts only. */
  host?: string;
  username?: string;
  password?: string;
  /** Skip TLS certificate verification for this connection only. */
  insecure?: boolean;
  /** PEM text of the CA certificate that signed the cluster's certificate, or the path of a PEM file. */
  caCert?: string;
  /**
   * Certificate authentication: PEM text of the client certificate, or the path of a PEM file. Its common name is the
   * ONTAP login (`-authentication-method cert`); username and password are then not used.
   */
  clientCert?: string;
  /** The unencrypted private key of `clientCert` (PEM text or the path of a PEM file). A secret. */
  clientKey?: string;
}

/**
 * A complete connection: every setting known, certificates and key as PEM text. Either `username` and `password`, or
 * `clientCert` and `clientKey`.
 */
export interface ResolvedConnection {
  host: string;
  username?: string;
  password?: string;
  insecure: boolean;
  caCert?: string;
  clientCert?: string;
  clientKey?: string;
}

/** One source of settings, with the name of each setting as the user knows it (for error messages). */
export interface ConnectionLayer {
  settings: ConnectionArgs;
  /** e.g. `{ host: "stack config ontap:host" }`. */
  names: Record<keyof ConnectionArgs, string>;
}

const KEYS = ["host", "username", "password", "insecure", "caCert", "clientCert", "clientKey"] as const;

export const ENV_NAMES: Record<keyof ConnectionArgs, string> = {
  host: "ONTAP_HOST",
  username: "ONTAP_USERNAME",
  password: "ONTAP_PASSWORD",
  insecure: "ONTAP_INSECURE",
  caCert: "ONTAP_CA_CERT",
  clientCert: "ONTAP_CLIENT_CERT",
  clientKey: "ONTAP_CLIENT_KEY",
};

export const CONFIG_KEYS: Record<keyof ConnectionArgs, string> = {
  host: "ontap:host",
  username: "ontap:username",
  password: "ontap:password",
  insecure: "ontap:insecure",
  caCert: "ontap:caCert",
  clientCert: "ontap:clientCert",
  clientKey: "ontap:clientKey",
};

/**
 * Parses `true`/`false`/`1`/`0` (config and environment values are strings) by the package's one boolean rule
 * (provider/booleans.ts). A refused value is described by its type and size only: it is a connection setting, where
 * a misplaced password is the likeliest mistake.
 */
export function parseBoolean(value: unknown, name: string): boolean {
  const parsed = booleanFrom(value);
  if (parsed !== undefined) return parsed;
  throw new OntapConfigError(name, `${name} (${shapeOf(value)}, not shown) is not a boolean; use true or false.`);
}

/**
 * A CA certificate setting is either PEM text or the path of a PEM file, read here once (bounded: a regular file of at
 * most 1 MiB, see provider/ontap/pem.ts), so that an unreadable file, a FIFO or `/dev/zero` is reported with the
 * setting's name before any request.
 */
export function loadCaCert(value: unknown, name: string): string {
  return loadPem(value, name, PEM_KINDS.caCertificate);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

/**
 * Settings from environment variables `ONTAP_HOST`, `ONTAP_USERNAME`, `ONTAP_PASSWORD`, `ONTAP_INSECURE`,
 * `ONTAP_CA_CERT`, `ONTAP_CLIENT_CERT`, `ONTAP_CLIENT_KEY`.
 */
export function environmentLayer(env: NodeJS.ProcessEnv = process.env): ConnectionLayer {
  return layerFrom((key) => nonEmpty(env[ENV_NAMES[key]]), ENV_NAMES, "environment variable ");
}

/** The values of the connection's environment variables, to tell whether {@link environmentLayer} would change. */
export function connectionEnvironment(env: NodeJS.ProcessEnv = process.env): (string | undefined)[] {
  return Object.values(ENV_NAMES).map((name) => env[name]);
}

/**
 * Settings from stack configuration (`ontap:host`, …). `get` is the `get` of a dynamic provider's configure request
 * or of `new pulumi.Config()`-like readers; keys are namespaced.
 */
export function stackConfigLayer(get: (key: string) => string | undefined): ConnectionLayer {
  return layerFrom((key) => nonEmpty(get(CONFIG_KEYS[key])), CONFIG_KEYS, "stack config ");
}

/** Settings given explicitly as a `connection` argument. */
export function argumentLayer(connection: ConnectionArgs | undefined, prefix = "connection"): ConnectionLayer {
  const names = Object.fromEntries(KEYS.map((k) => [k, `${prefix}.${k}`])) as ConnectionLayer["names"];
  const settings: ConnectionArgs = {};
  for (const key of KEYS) {
    const value = connection?.[key];
    if (value !== undefined && value !== null && value !== "") (settings as Record<string, unknown>)[key] = value;
  }
  return { settings, names };
}

function layerFrom(
  read: (key: keyof ConnectionArgs) => string | undefined,
  names: Record<keyof ConnectionArgs, string>,
  prefix: string,
): ConnectionLayer {
  const labelled = Object.fromEntries(KEYS.map((k) => [k, `${prefix}${names[k]}`])) as ConnectionLayer["names"];
  const settings: ConnectionArgs = {};
  for (const key of KEYS) {
    const raw = read(key);
    if (raw === undefined) continue;
    if (key === "insecure") settings.insecure = parseBoolean(raw, labelled.insecure);
    else settings[key] = raw;
  }
  return { settings, names: labelled };
}

/** The first layer that has a setting, with the value and the name the user knows it by. */
export function pick<K extends keyof ConnectionArgs>(
  layers: ConnectionLayer[],
  key: K,
): { value: ConnectionArgs[K]; name: string } | undefined {
  for (const layer of layers) {
    const value = layer.settings[key];
    if (value !== undefined) return { value, name: layer.names[key] };
  }
  return undefined;
}

function whereToSet(layers: ConnectionLayer[], key: keyof ConnectionArgs): string {
  return layers.map((l) => l.names[key]).join(", ");
}

function missing(layers: ConnectionLayer[], key: keyof ConnectionArgs): OntapConfigError {
  const hint =
    key === "password"
      ? ` (or log in with a client certificate: ${whereToSet(layers, "clientCert")}, and its key: ${whereToSet(layers, "clientKey")})`
      : "";
  return new OntapConfigError(layers[0]?.names[key] ?? key, `No ONTAP ${key}: set ${whereToSet(layers, key)}${hint}.`);
}

/**
 * Which credentials the connection uses: those of the first layer holding a password or a client certificate or
 * key. Throws when that layer holds both kinds, naming them (never their values).
 */
function credentialKind(layers: ConnectionLayer[]): "password" | "certificate" {
  for (const layer of layers) {
    const { password, clientCert, clientKey } = layer.settings;
    const certificate = clientCert !== undefined || clientKey !== undefined;
    if (password !== undefined && certificate) {
      const certNames = [
        clientCert !== undefined ? layer.names.clientCert : "",
        clientKey !== undefined ? layer.names.clientKey : "",
      ]
        .filter(Boolean)
        .join(" and ");
      throw new OntapConfigError(
        layer.names.password,
        `Both a password (${layer.names.password}) and a client certificate (${certNames}) are set: they are two ways to log in. Drop ${layer.names.password} to log in with the certificate, or drop ${certNames} to log in with the password.`,
      );
    }
    if (certificate) return "certificate";
    if (password !== undefined) return "password";
  }
  return "password";
}

/**
 * Resolves a complete connection from layers in precedence order, with the host in canonical form. `host` may be
 * overridden (refresh and destroy use the host recorded in state). Throws an OntapConfigError naming the missing or
 * invalid setting.
 */
export function resolveConnection(layers: ConnectionLayer[], hostOverride?: string): ResolvedConnection {
  const host = hostOverride !== undefined ? { value: hostOverride, name: "host" } : pick(layers, "host");
  if (!host?.value) throw missing(layers, "host");
  const insecure = pick(layers, "insecure");
  const caCert = pick(layers, "caCert");
  const common = {
    host: parseEndpoint(host.value, host.name).baseUrl,
    insecure: insecure ? parseBoolean(insecure.value, insecure.name) : false,
    caCert: caCert?.value ? loadCaCert(caCert.value, caCert.name) : undefined,
  };
  if (credentialKind(layers) === "certificate") {
    const where = { clientCert: whereToSet(layers, "clientCert"), clientKey: whereToSet(layers, "clientKey") };
    const pair = loadClientCertificate(pick(layers, "clientCert"), pick(layers, "clientKey"), where);
    return { ...common, ...pair };
  }
  const username = pick(layers, "username")?.value;
  if (!username) throw missing(layers, "username");
  const password = pick(layers, "password")?.value;
  if (!password) throw missing(layers, "password");
  return { ...common, username, password };
}
