// Resource and method selection: static path parts win over `{param}`, which wins over the greedy
// `{param+}`; a resource without the request's method falls back to ANY. A trailing slash is
// ignored. Path parameter values stay as received (REST APIs do not URL-decode them).
import type { ApiMethod, ApiResource, RestApi } from "../api-gateway-state.js";

export interface Route {
  readonly resource: ApiResource;
  readonly method: ApiMethod;
  readonly pathParameters: Readonly<Record<string, string>>;
}

export function routeRequest(api: RestApi, httpMethod: string, apiPath: string): Route | undefined {
  const segments = apiPath.split("/").slice(1);
  if (segments.at(-1) === "") {
    segments.pop();
  }
  const children = new Map<string, ApiResource[]>();
  for (const resource of api.resources.values()) {
    if (resource.parentId !== undefined) {
      children.set(resource.parentId, [...(children.get(resource.parentId) ?? []), resource]);
    }
  }
  const root = api.resources.get(api.rootResourceId);
  const found = root === undefined ? undefined : match(root, segments, 0, {}, children);
  if (found === undefined) {
    return undefined;
  }
  const method = found.resource.methods.get(httpMethod) ?? found.resource.methods.get("ANY");
  return method === undefined
    ? undefined
    : { resource: found.resource, method, pathParameters: found.parameters };
}

type Found = { resource: ApiResource; parameters: Record<string, string> };

function match(
  node: ApiResource,
  segments: readonly string[],
  index: number,
  parameters: Record<string, string>,
  children: ReadonlyMap<string, readonly ApiResource[]>,
): Found | undefined {
  if (index === segments.length) {
    return { resource: node, parameters };
  }
  const segment = segments[index] ?? "";
  const kids = children.get(node.id) ?? [];
  const exact = kids.find((kid) => kid.pathPart === segment);
  if (exact !== undefined) {
    const found = match(exact, segments, index + 1, parameters, children);
    if (found !== undefined) {
      return found;
    }
  }
  if (segment !== "") {
    for (const kid of kids) {
      const name = /^\{([^{}+]+)\}$/.exec(kid.pathPart)?.[1];
      if (name !== undefined) {
        const found = match(kid, segments, index + 1, { ...parameters, [name]: segment }, children);
        if (found !== undefined) {
          return found;
        }
      }
    }
  }
  const rest = segments.slice(index).join("/");
  for (const kid of kids) {
    const name = /^\{([^{}+]+)\+\}$/.exec(kid.pathPart)?.[1];
    if (name !== undefined && rest !== "") {
      return { resource: kid, parameters: { ...parameters, [name]: rest } };
    }
  }
  return undefined;
}
