/**
 * The HTTP(S) front of the simulator: server lifecycle, authentication, the realism hooks (latency, faults), request
 * dispatch to the endpoints, counters and the request log. It knows HTTP; the ONTAP rules are in model/, the wire
 * format in translation/.
 *
 * Order of processing for an API request (`/api/...`): path read as ONTAP reads it (routing/path.ts) → counted as in
 * flight → latency → client certificate, else basic auth (401; the body is never read for an unauthenticated
 * request) → declared body size (413) → body read, bounded (http/body.ts) → fault injection → route (404 / 405) →
 * read-only user on a write (403) → query → body → endpoint. The answer's media type follows `Accept`
 * (http/media.ts). The control API (`/__simulator/...`) skips latency, faults, counters and the log, so tests can
 * always steer the simulator.
 */
import * as http from "http";
import * as https from "https";
import type { AddressInfo, Socket } from "net";
import { TLSSocket } from "tls";
import { setTimeout as sleep } from "timers/promises";
import { OntapCodes } from "../spec/codes";
import { Authenticator, PeerCertificate, Principal, REALM } from "./auth";
import { checkDeclaredLength, discardBody, readBody } from "./http/body";
import { negotiateAnswerType } from "./http/media";
import { CONTROL_PREFIX, handleControl } from "./control/api";
import type { SimulatorControl } from "./control/handle";
import { loggableBody, redact, redactQuery } from "./control/request-log";
import type { Endpoint, EndpointContext, Reply } from "./endpoints/context";
import { errors, OntapError } from "./errors";
import type { SimulatorInstance } from "./instance";
import { Match, Router } from "./routing/router";
import { collapseSlashes } from "./routing/path";
import { apiRouter } from "./routing/routes";
import { decodePatchBody, readJsonBody } from "./translation/body";
import { interpretQuery } from "./translation/query";

const WRITE_METHODS = new Set(["PATCH", "POST", "PUT", "DELETE"]);

export interface ServerTls {
  cert: string;
  key: string;
  /** The CA of client certificates (certificate logins): the listener then asks every client for a certificate. */
  clientCa?: string;
}

/** What the TLS handshake says about the client's certificate; undefined over plain HTTP. */
function peerOf(req: http.IncomingMessage): PeerCertificate | undefined {
  const socket = req.socket;
  if (!(socket instanceof TLSSocket)) return undefined;
  const cert = socket.getPeerCertificate();
  const presented = cert !== null && typeof cert === "object" && Object.keys(cert).length > 0;
  if (!presented) return { presented: false, verified: false };
  const cn = (cert.subject as { CN?: unknown } | undefined)?.CN;
  return { presented, verified: socket.authorized, ...(typeof cn === "string" ? { commonName: cn } : {}) };
}

function send(res: http.ServerResponse, reply: Reply, contentType: string, pretty: boolean): void {
  if (res.destroyed || res.headersSent) return;
  const text = reply.body === undefined ? "" : JSON.stringify(reply.body, null, pretty ? 2 : undefined);
  res.writeHead(reply.status, {
    ...(text ? { "Content-Type": contentType } : {}),
    "Content-Length": Buffer.byteLength(text),
    ...(reply.headers ?? {}),
  });
  res.end(text);
}

function errorReply(err: unknown): Reply {
  const error = err instanceof OntapError ? err : errors.internal((err as Error)?.message ?? String(err));
  return { status: error.status, body: error.toBody(), headers: error.headers };
}

export class SimulatorServer {
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly router: Router<Endpoint> = apiRouter();

  constructor(
    private readonly instance: SimulatorInstance,
    private readonly control: SimulatorControl,
    private readonly auth: Authenticator,
    tls?: ServerTls,
  ) {
    const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
      this.onRequest(req, res).catch((err) => {
        send(res, errorReply(err), "application/json", true);
      });
    };
    // With a client CA, the listener asks for a client certificate but accepts a handshake without one (or with one
    // it cannot verify): the authenticator decides, with a 401, so that basic auth keeps working beside certificates.
    const clientCertificates = tls?.clientCa ? { requestCert: true, rejectUnauthorized: false, ca: tls.clientCa } : {};
    this.server = tls
      ? https.createServer({ cert: tls.cert, key: tls.key, ...clientCertificates }, listener)
      : http.createServer(listener);
    // `Expect: 100-continue` is answered by the handler itself, after authentication and the size check (http/body.ts).
    this.server.on("checkContinue", listener);
    this.server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const url = req.url ?? "/";
    const queryStart = url.indexOf("?");
    const path = collapseSlashes(queryStart < 0 ? url : url.slice(0, queryStart));
    const rawQuery = queryStart < 0 ? "" : url.slice(queryStart + 1);
    if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) return this.onControl(req, res, method, path);
    return this.onApi(req, res, method, path, rawQuery);
  }

  /** 401 without reading the body (it is discarded, bounded, so the answer is not lost to a reset). */
  private challenge(req: http.IncomingMessage, res: http.ServerResponse): number {
    const unread = !req.complete;
    discardBody(req);
    // No ONTAP error body: NetApp documents none for 401, so clients must not parse it.
    res.writeHead(401, {
      "WWW-Authenticate": `Basic realm="${REALM}"`,
      "Content-Type": "text/plain",
      ...(unread ? { Connection: "close" } : {}),
    });
    res.end("Unauthorized\n");
    return 401;
  }

  /** Reads the body of an authenticated request (413 before reading when the declared length is over the limit). */
  private async body(req: http.IncomingMessage, res: http.ServerResponse): Promise<string> {
    try {
      checkDeclaredLength(req);
      return await readBody(req, res);
    } catch (err) {
      discardBody(req);
      res.setHeader("Connection", "close");
      throw err;
    }
  }

  private async onControl(req: http.IncomingMessage, res: http.ServerResponse, method: string, path: string) {
    const principal = this.auth.authenticate(req.headers.authorization, peerOf(req));
    if (!principal) return void this.challenge(req, res);
    let reply: Reply;
    try {
      const text = await this.body(req, res);
      if (principal.readOnly) throw errors.permissionDenied();
      let body: unknown;
      try {
        body = text.trim() ? JSON.parse(text) : undefined;
      } catch {
        throw errors.invalidJson("the body is not valid JSON.");
      }
      reply = handleControl(this.control, method, path, body);
    } catch (err) {
      reply = errorReply(err);
    }
    send(res, reply, "application/json", true);
  }

  private async onApi(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    method: string,
    path: string,
    rawQuery: string,
  ): Promise<void> {
    const { instance } = this;
    const started = process.hrtime.bigint();
    const route = this.router.templateOf(path);
    instance.metrics.begin(method, route);
    let status = 0;
    let text = "";
    let principal: Principal | undefined;
    let fault: string | undefined;
    let responseBody: unknown;
    try {
      if (instance.latencyMs > 0) await sleep(instance.latencyMs);
      principal = this.auth.authenticate(req.headers.authorization, peerOf(req));
      if (!principal) {
        status = this.challenge(req, res);
        return;
      }
      const contentType = negotiateAnswerType(req.headers.accept);
      const hal = contentType === "application/hal+json";
      text = await this.body(req, res);
      const injected = instance.faults.pick(method, path);
      fault = injected?.kind;
      if (injected?.kind === "reset") {
        req.socket.destroy();
        return;
      }
      let pretty = true;
      let reply: Reply;
      try {
        if (injected?.kind === "503") throw errors.serviceUnavailable();
        if (injected?.kind === "429") throw errors.tooManyRequests(injected.retryAfterSeconds ?? 1);
        if (injected?.kind === "locked") throw errors.temporarilyLocked();
        if (injected?.kind === "mode-unavailable") throw errors.ndmp(OntapCodes.modeUnavailable);
        const match = this.router.match(method, path);
        if (principal.readOnly && WRITE_METHODS.has(method)) throw errors.permissionDenied();
        const ctx = this.context(match, method, path, rawQuery, text, hal);
        pretty = ctx.query.pretty;
        reply = await match.route.handle(ctx);
      } catch (err) {
        reply = errorReply(err);
      }
      if (injected?.kind === "slow") await sleep(injected.delayMs ?? 0);
      status = reply.status;
      responseBody = reply.body;
      send(res, reply, contentType, pretty);
    } catch (err) {
      const reply = errorReply(err);
      status = reply.status;
      responseBody = reply.body;
      send(res, reply, "application/json", true);
    } finally {
      instance.metrics.end(status);
      instance.log.add({
        method,
        path,
        query: redactQuery(rawQuery),
        ...(route ? { route: `${method} ${route}` } : {}),
        ...(principal ? { user: principal.username, authentication: principal.method } : {}),
        status,
        durationMs: Number(process.hrtime.bigint() - started) / 1e6,
        ...(fault ? { fault } : {}),
        ...(text.trim() ? { requestBody: loggableBody(text) } : {}),
        ...(responseBody !== undefined ? { responseBody: redact(responseBody) } : {}),
      });
    }
  }

  private context(
    match: Match<Endpoint>,
    method: string,
    path: string,
    rawQuery: string,
    text: string,
    hal: boolean,
  ): EndpointContext {
    const endpoint = match.route;
    const query = interpretQuery(rawQuery, endpoint.query);
    const json = readJsonBody(method, text);
    const changes = endpoint.body ? decodePatchBody(endpoint.body, json) : undefined;
    return {
      method,
      path,
      rawQuery,
      query,
      hal,
      mode: this.instance.cluster.mode,
      params: match.params,
      changes,
      cluster: this.instance.cluster,
      jobs: this.instance.jobs,
      async: this.instance.async,
    };
  }
}
