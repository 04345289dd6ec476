/**
 * Parsing of an ONTAP endpoint (`host`) into a canonical base URL. The client, the Pulumi resources and the CLI share
 * this parser, so every entry point accepts the same forms and reports the same errors.
 *
 * Accepted forms (whitespace around the value is ignored):
 * - `name` or `name:port`, e.g. `cluster1.example.com`, `10.0.0.5:8443`;
 * - `[v6]` or `[v6]:port`, e.g. `[fd20:8b1e::10]:443`; a bare IPv6 address without port (`fd20:8b1e::10`) also works;
 * - a URL `https://name[:port]`, optionally ending in `/` or `/api` (or `/api/`).
 *
 * A value holding `@` (user information, `https://user:password@host`) is refused without being shown.
 *
 * The scheme defaults to https. `http://` is accepted only for a loopback host (127.0.0.0/8, ::1, localhost), e.g. a
 * local simulator: anything else would send the credentials in clear text.
 *
 * The canonical base URL has a lower-case host, no default port, no path and no trailing slash:
 * `https://cluster1.example.com`, `https://10.0.0.5:8443`, `https://[fd20:8b1e::10]`, `http://127.0.0.1:8080`.
 */
import * as net from "net";
import { quote, shapeOf } from "./echo";
import { OntapConfigError } from "./errors";

export interface OntapEndpoint {
  /** Canonical base URL, e.g. `https://cluster1.example.com:8443`. API paths (`/api/...`) are appended to it. */
  baseUrl: string;
  protocol: "https" | "http";
  /** Lower-case host name or IP address; an IPv6 address is given without brackets. */
  hostname: string;
  /** The port, or undefined for the scheme's default port. */
  port: number | undefined;
  /** True for 127.0.0.0/8, ::1 and localhost. */
  loopback: boolean;
}

export const ACCEPTED_ENDPOINT_FORMS =
  '"name", "name:port", "[v6]:port" or "https://name:port" (optionally ending in "/" or "/api")';

/** Longest value accepted: a 253-character DNS name with scheme, port and `/api/`. */
const MAX_HOST_LENGTH = 300;
/** Characters of a refused host shown in its error. */
const MAX_HOST_ECHO = 120;

const HOST_LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/** True for a loopback host: 127.0.0.0/8, ::1 (also IPv4-mapped 127.x) and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost") return true;
  if (net.isIPv4(host)) return host.startsWith("127.");
  if (net.isIPv6(host)) {
    if (host === "::1") return true;
    const mapped = /^::ffff:(?:(127\.\d+\.\d+\.\d+)|7f[0-9a-f]{2}:[0-9a-f]{1,4})$/.exec(host);
    return mapped !== null;
  }
  return false;
}

/**
 * Parses `value` (any accepted form) into an endpoint. `field` names the option in errors (e.g. `host`,
 * `ontap:host`). Throws OntapConfigError naming the field, the value and what is allowed.
 */
export function parseEndpoint(value: unknown, field = "host"): OntapEndpoint {
  const fail = (why: string, show = true): never => {
    const text = show && typeof value === "string" ? ` ${quote(value, MAX_HOST_ECHO)}` : "";
    throw new OntapConfigError(field, `Invalid ${field}${text}: ${why}. Allowed: ${ACCEPTED_ENDPOINT_FORMS}.`);
  };
  if (typeof value !== "string") return fail(`must be a string, not ${shapeOf(value)}`, false);
  // User information (`user:password@`) is refused before anything else looks at the value, and nothing of the value
  // is shown: whatever follows, a password may be in it, and the characters it may hold (`/`, `@`, `#`, spaces …)
  // defeat any attempt to cut it out of the text.
  if (value.includes("@")) {
    return fail(
      'must not contain user information ("user:password@"), and the value is not shown because it may hold a password; give username and password as their own settings',
      false,
    );
  }
  if (Array.from(value).length > MAX_HOST_LENGTH) {
    return fail(`has ${Array.from(value).length} characters; a host name has at most 253`);
  }
  const raw = value.trim();
  if (raw === "") return fail("must not be empty");
  if (/\s/.test(raw)) return fail("must not contain whitespace");

  let text: string;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) text = raw;
  else if (net.isIPv6(raw)) text = `https://[${raw}]`;
  else text = `https://${raw}`;

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail("is not a valid host name, address or URL");
  }
  const protocol = url.protocol.replace(/:$/, "");
  if (protocol !== "https" && protocol !== "http") return fail(`the scheme must be https, not ${protocol}`);
  if (!["/", "/api", "/api/"].includes(url.pathname))
    return fail(`the only path allowed is "/api", not "${url.pathname}"`);
  if (url.search || url.hash) return fail("must not contain a query or a fragment");
  if (url.port === "0") return fail("the port must be between 1 and 65535");

  const bracketed = url.hostname.startsWith("[");
  const hostname = bracketed ? url.hostname.slice(1, -1) : url.hostname.replace(/\.$/, "");
  if (hostname === "") return fail("the host name is missing");
  if (!bracketed && !net.isIPv4(hostname) && !hostname.split(".").every((label) => HOST_LABEL.test(label))) {
    return fail("is not a valid host name");
  }

  const loopback = isLoopbackHost(hostname);
  if (protocol === "http" && !loopback) {
    return fail(
      "plain http:// is refused for a non-loopback host because it would send the credentials in clear text; use https://",
    );
  }
  const host = bracketed ? `[${hostname}]` : hostname;
  const port = url.port === "" ? undefined : Number(url.port);
  return {
    baseUrl: `${protocol}://${host}${port === undefined ? "" : `:${port}`}`,
    protocol,
    hostname,
    port,
    loopback,
  };
}
