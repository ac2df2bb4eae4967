// Route selection of HTTP APIs (API Gateway v2), as AWS documents it ("Working with routes for HTTP
// APIs": the most specific match wins): an exact path before a path with variables before a greedy
// `{proxy+}` path (the longest greedy prefix first), a route with the request's method before `ANY`,
// and `$default` only when nothing else matches. Pure: no state, no I/O.

/** A route key parsed: `$default`, or a method (`ANY` included) and a path template. */
export interface RouteKey {
  readonly key: string;
  readonly method: string | undefined;
  readonly segments: readonly Segment[] | undefined;
}

type Segment =
  | { readonly kind: "literal"; readonly text: string }
  | { readonly kind: "variable"; readonly name: string }
  | { readonly kind: "greedy"; readonly name: string };

export interface RouteMatch<R> {
  readonly route: R;
  /** Path variables by name (`{todoId}` → `todoId`, `{proxy+}` → `proxy`), decoded. */
  readonly pathParameters: Readonly<Record<string, string>>;
}

const ROUTE_KEY = /^([A-Z]+) (\/.*)$/;

/**
 * Parses a RouteKey as AWS::ApiGatewayV2::Route takes it (`GET /todo/{todoId}`, `ANY /{proxy+}`,
 * `$default`). Returns an error message (string) for a key AWS would refuse.
 */
export function parseRouteKey(key: string): RouteKey | string {
  if (key === "$default") return { key, method: undefined, segments: undefined };
  const match = ROUTE_KEY.exec(key);
  if (match === null) {
    return `route key ${JSON.stringify(key)} is neither $default nor "<METHOD> /<path>"`;
  }
  const [, method = "", path = "/"] = match;
  const parts = path === "/" ? [] : path.slice(1).split("/");
  const segments: Segment[] = [];
  for (const [index, part] of parts.entries()) {
    const variable = /^\{([A-Za-z0-9._-]+)(\+?)\}$/.exec(part);
    if (variable === null) {
      if (part.includes("{") || part.includes("}")) {
        return `route key ${JSON.stringify(key)}: segment ${JSON.stringify(part)} must be a whole {variable}`;
      }
      segments.push({ kind: "literal", text: part });
    } else if (variable[2] === "+") {
      if (index !== parts.length - 1) {
        return `route key ${JSON.stringify(key)}: a greedy variable must be the last segment`;
      }
      segments.push({ kind: "greedy", name: variable[1] ?? "proxy" });
    } else {
      segments.push({ kind: "variable", name: variable[1] ?? "" });
    }
  }
  return { key, method, segments };
}

/**
 * The route a request selects (undefined: none, the gateway answers 404 Not Found). `path` is the
 * request path without the stage prefix and without the query, still percent-encoded.
 */
export function selectRoute<R extends { readonly routeKey: RouteKey }>(
  routes: readonly R[],
  method: string,
  path: string,
): RouteMatch<R> | undefined {
  const parts = path === "/" || path === "" ? [] : path.replace(/^\//, "").split("/");
  let best: { match: RouteMatch<R>; rank: readonly number[] } | undefined;
  let fallback: R | undefined;
  for (const route of routes) {
    const { method: routeMethod, segments } = route.routeKey;
    if (segments === undefined) {
      fallback = route;
      continue;
    }
    if (routeMethod !== "ANY" && routeMethod !== method.toUpperCase()) continue;
    const pathParameters = matchSegments(segments, parts);
    if (pathParameters === undefined) continue;
    const rank = rankOf(segments, routeMethod === "ANY");
    if (best === undefined || compareRanks(rank, best.rank) > 0) {
      best = { match: { route, pathParameters }, rank };
    }
  }
  if (best !== undefined) return best.match;
  return fallback === undefined ? undefined : { route: fallback, pathParameters: {} };
}

function matchSegments(
  segments: readonly Segment[],
  parts: readonly string[],
): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    if (segment.kind === "greedy") {
      const rest = parts.slice(index);
      if (rest.length === 0 || rest.join("/") === "") return undefined;
      parameters[segment.name] = decode(rest.join("/"));
      return parameters;
    }
    const part = parts[index];
    if (part === undefined || part === "") return undefined;
    if (segment.kind === "literal") {
      if (part !== segment.text) return undefined;
    } else {
      parameters[segment.name] = decode(part);
    }
  }
  return segments.length === parts.length ? parameters : undefined;
}

/** Higher is more specific: [no greedy, literal count, segment count, method-specific]. */
function rankOf(segments: readonly Segment[], any: boolean): readonly number[] {
  const greedy = segments.some((s) => s.kind === "greedy");
  const literals = segments.filter((s) => s.kind === "literal").length;
  const variables = segments.filter((s) => s.kind === "variable").length;
  return [greedy ? 0 : 1, variables === 0 && !greedy ? 1 : 0, literals, segments.length, any ? 0 : 1];
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (const [index, value] of a.entries()) {
    const other = b[index] ?? 0;
    if (value !== other) return value - other;
  }
  return 0;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
