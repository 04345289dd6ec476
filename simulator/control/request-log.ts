/**
 * The request log: one entry per API request (method, path, query, status, duration, route, user, fault and the
 * JSON bodies). It never holds a secret: the Authorization header is not recorded, every `password` value in a body
 * or the query is replaced by "<redacted>", and an unparseable body is recorded only by its size (it may be a
 * malformed JSON carrying a password).
 */

export const REDACTED = "<redacted>";

export interface RequestLogEntry {
  seq: number;
  time: string;
  method: string;
  path: string;
  /** The raw query string (without `?`), with password values redacted. */
  query: string;
  /** `METHOD template` (as in the counters), when the path is known. */
  route?: string;
  /** The authenticated user name. */
  user?: string;
  /** How that user was authenticated: `password` (basic auth) or `certificate` (a certificate login). */
  authentication?: "password" | "certificate";
  status: number;
  durationMs: number;
  /** The fault injected into this request, if any. */
  fault?: string;
  requestBody?: unknown;
  responseBody?: unknown;
}

function isSecretKey(key: string): boolean {
  return key.toLowerCase().includes("password");
}

/** A deep copy with every password-like value replaced. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, isSecretKey(k) ? REDACTED : redact(v)]),
  );
}

export function redactQuery(raw: string): string {
  return raw
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      let key = eq < 0 ? pair : pair.slice(0, eq);
      try {
        key = decodeURIComponent(key);
      } catch {
        // keep it raw
      }
      return eq >= 0 && isSecretKey(key) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join("&");
}

/** The body as it may be logged: parsed JSON redacted, anything else only described. */
export function loggableBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return redact(JSON.parse(text));
  } catch {
    return `<${Buffer.byteLength(text)} bytes, not JSON>`;
  }
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly limit = 1000) {}

  add(entry: Omit<RequestLogEntry, "seq" | "time">): void {
    this.entries.push({ seq: ++this.seq, time: new Date().toISOString(), ...entry });
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  list(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries = [];
    this.seq = 0;
  }
}
