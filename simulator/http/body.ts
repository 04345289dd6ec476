/**
 * Request bodies off the wire, bounded. The server reads a body only after the request is authenticated and only up
 * to {@link MAX_BODY_BYTES}: a larger one is refused with an ONTAP error body (413, 262197) that the client receives,
 * rather than a connection reset. A body that is not read (refused or unauthenticated) is discarded, up to a bound,
 * before the connection closes: closing a socket with unread data makes TCP send a reset, which would destroy the
 * answer already sent (the same "lingering close" a web server does).
 *
 * The limit is the simulator's own (ONTAP documents none for its REST API): 1 MiB, far above the largest NDMP body
 * (a node PATCH is under 1 KB), small enough that no request can make the simulator hold much memory.
 */
import type * as http from "http";
import { errors } from "../errors";

export const MAX_BODY_BYTES = 1024 * 1024;
/** How much of a refused body is read and thrown away before the connection is closed anyway. */
const DISCARD_LIMIT_BYTES = 16 * MAX_BODY_BYTES;
const DISCARD_TIMEOUT_MS = 2000;
const discarding = new WeakSet<http.IncomingMessage>();

/** The declared `Content-Length`, or undefined when absent (chunked) or malformed. */
function declaredLength(req: http.IncomingMessage): number | undefined {
  const header = req.headers["content-length"];
  return header !== undefined && /^\d{1,15}$/.test(header) ? Number(header) : undefined;
}

/** Refuses a body whose declared length is over the limit before reading any of it. */
export function checkDeclaredLength(req: http.IncomingMessage): void {
  const length = declaredLength(req);
  if (length !== undefined && length > MAX_BODY_BYTES) throw errors.bodyTooLarge(MAX_BODY_BYTES);
}

/**
 * Reads the whole body as UTF-8, or throws 413 as soon as it passes the limit (the rest is then discarded). Answers
 * `100 Continue` first when the client asked for it, so a client waiting for it sends the body only now.
 */
export function readBody(req: http.IncomingMessage, res: http.ServerResponse): Promise<string> {
  if (/^100-continue$/i.test(req.headers.expect ?? "")) res.writeContinue();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.off("data", onData);
        discardBody(req);
        reject(errors.bodyTooLarge(MAX_BODY_BYTES));
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/**
 * Throws away what remains of a body without keeping it, so the answer reaches the client before the connection
 * closes; past {@link DISCARD_LIMIT_BYTES} or {@link DISCARD_TIMEOUT_MS} the socket is destroyed.
 */
export function discardBody(req: http.IncomingMessage): void {
  if (req.complete || discarding.has(req)) return;
  discarding.add(req);
  let discarded = 0;
  const timer = setTimeout(() => req.socket.destroy(), DISCARD_TIMEOUT_MS);
  timer.unref();
  req.on("data", (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_LIMIT_BYTES) req.socket.destroy();
  });
  req.on("end", () => clearTimeout(timer));
  req.on("close", () => clearTimeout(timer));
  req.resume();
}
