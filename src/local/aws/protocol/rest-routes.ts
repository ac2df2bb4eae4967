// Routing of REST protocols (rest-json, later rest-xml): a request's method and path against the
// routes a service declares (their Smithy `@http` traits). Literal segments match exactly; `{Label}`
// matches one non-empty segment and `{Label+}` the rest of the path; labels are URL-decoded.
import type { RestRoute } from "../aws-service.js";

export interface RouteMatch {
  readonly operation: string;
  readonly labels: Readonly<Record<string, string>>;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function matchPath(template: string, path: string): Record<string, string> | undefined {
  const want = template.split("/");
  const have = path.split("/");
  const labels: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    const greedy = /^\{(\w+)\+\}$/.exec(part);
    if (greedy?.[1] !== undefined) {
      const rest = have.slice(index).join("/");
      if (rest === "") return undefined;
      labels[greedy[1]] = decode(rest);
      return labels;
    }
    const segment = have[index];
    if (segment === undefined) return undefined;
    const label = /^\{(\w+)\}$/.exec(part);
    if (label?.[1] !== undefined) {
      if (segment === "") return undefined;
      labels[label[1]] = decode(segment);
    } else if (part !== segment) {
      return undefined;
    }
  }
  return have.length === want.length ? labels : undefined;
}

/** The first route matching `method` and `path` (the URL's path, without its query), with its labels. */
export function matchRoute(
  routes: readonly RestRoute[],
  method: string,
  path: string,
): RouteMatch | undefined {
  const trimmed = path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;
  for (const route of routes) {
    if (route.method !== method) continue;
    const labels = matchPath(route.path, trimmed);
    if (labels !== undefined) return { operation: route.operation, labels };
  }
  return undefined;
}
