/**
 * A small route table: method + path pattern (`/api/protocols/ndmp/svms/{svm.uuid}`) → route. Paths are matched as
 * path.ts reads them (duplicate slashes collapsed, every segment percent-decoded once). Path parameters match one
 * segment each (an empty segment too, so `…/sessions/{uuid}/` reaches the handler that answers 68812806). A path that
 * matches with another method gives 405 with the methods that would work.
 */
import { errors } from "../errors";
import { collapseSlashes, decodedSegments } from "./path";

export interface Match<R> {
  route: R;
  /** The pattern, used as the route's name in counters (`PATCH /api/protocols/ndmp/svms/{svm.uuid}`). */
  template: string;
  params: Record<string, string>;
}

interface Entry<R> {
  method: string;
  template: string;
  segments: string[];
  route: R;
}

export class Router<R> {
  private readonly entries: Entry<R>[] = [];

  add(method: string, template: string, route: R): this {
    this.entries.push({ method, template, segments: template.split("/"), route });
    return this;
  }

  private static bind(segments: string[], path: string[]): Record<string, string> | undefined {
    if (segments.length !== path.length) return undefined;
    const params: Record<string, string> = {};
    for (let i = 0; i < segments.length; i++) {
      const pattern = segments[i];
      if (pattern.startsWith("{") && pattern.endsWith("}")) params[pattern.slice(1, -1)] = path[i];
      else if (pattern !== path[i]) return undefined;
    }
    return params;
  }

  private static segments(pathname: string): string[] {
    return decodedSegments(collapseSlashes(pathname)) ?? [];
  }

  /** The matching route; throws 404 (unknown path) or 405 (known path, other method). */
  match(method: string, pathname: string): Match<R> {
    const path = Router.segments(pathname);
    const allowed: string[] = [];
    for (const entry of this.entries) {
      const params = Router.bind(entry.segments, path);
      if (!params) continue;
      if (entry.method === method) return { route: entry.route, template: entry.template, params };
      allowed.push(entry.method);
    }
    if (allowed.length > 0) throw errors.methodNotAllowed(method, [...new Set(allowed)]);
    throw errors.apiNotFound();
  }

  /** The template of the route a path belongs to, for counters (`undefined` for unknown paths). */
  templateOf(pathname: string): string | undefined {
    const path = Router.segments(pathname);
    return this.entries.find((entry) => Router.bind(entry.segments, path))?.template;
  }
}
