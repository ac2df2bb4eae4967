// `$input` of API Gateway mapping templates (API Gateway developer guide, "Variables for data
// transformations", $input): the payload (`body`, `json(x)`, `path(x)`, JSONPath as Jayway
// JsonPath evaluates it) and the method request parameters (`params()`, `params(x)`, searched in
// path, query string, header order). An empty payload reads as `{}` (AWS-recorded: `$input.body` of an
// empty request renders `{}`; LocalStack's test_input_body_formatting, recorded against AWS).
import { JSONPath } from "jsonpath-plus";

export interface MethodRequestParameters {
  readonly path: Readonly<Record<string, string>>;
  readonly querystring: Readonly<Record<string, string>>;
  readonly header: Readonly<Record<string, string>>;
}

export interface TemplateInput {
  readonly body: string;
  json(path?: string): string;
  path(path?: string): unknown;
  params(name?: string): unknown;
}

/** `$input` over a payload (text) and the method request's parameters (last value of each). */
export function templateInput(payload: string, parameters: MethodRequestParameters): TemplateInput {
  const body = payload === "" ? "{}" : payload;
  let document: { value: unknown } | undefined;
  const evaluate = (path = "$"): unknown => {
    if (document === undefined) {
      try {
        document = { value: JSON.parse(body) as unknown };
      } catch {
        document = { value: undefined };
      }
    }
    if (document.value === undefined) return undefined;
    const expression = path.startsWith("$") || path.startsWith("@") ? path : `$.${path}`;
    const result = JSONPath({ path: expression, json: document.value as object, wrap: false });
    return result === undefined ? undefined : structuredClone(result);
  };
  return {
    body,
    /** The JSONPath result as a JSON string; `""` when nothing matches. */
    json: (path) => JSON.stringify(evaluate(path) ?? ""),
    /** The JSONPath result as an object VTL can walk (`$input.path('$.items').size()`); null when nothing matches. */
    path: (path) => evaluate(path) ?? null,
    params: (name) => {
      if (name === undefined) {
        return {
          path: { ...parameters.path },
          querystring: { ...parameters.querystring },
          header: { ...parameters.header },
        };
      }
      const key = String(name);
      for (const map of [parameters.path, parameters.querystring] as const) {
        if (Object.hasOwn(map, key)) return map[key];
      }
      const header = Object.keys(parameters.header).find((h) => h.toLowerCase() === key.toLowerCase());
      return header === undefined ? "" : parameters.header[header];
    },
  };
}
