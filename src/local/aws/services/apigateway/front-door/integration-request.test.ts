// The integration request of a non-proxy integration on its own: passthrough behaviours, request
// templates ($stageVariables, a template that cannot run), request parameter mapping (every source
// and destination kind) and $context.requestOverride on top — and parameterSource, shared with the
// integration response's parameters.
import { describe, expect, it } from "vitest";
import { GatewayError } from "./gateway-error.js";
import { buildIntegrationRequest, type ParameterSources, parameterSource } from "./integration-request.js";
import { STAGE_VARIABLES, stepUnderTest } from "./template-integration.test-support.js";

function failure(run: () => unknown): string {
  try {
    run();
    return "no error";
  } catch (error) {
    return error instanceof GatewayError ? `${error.status} ${error.logMessage}` : String(error);
  }
}

// "Method request behavior for payloads without mapping templates for REST APIs":
// https://docs.aws.amazon.com/apigateway/latest/developerguide/integration-passthrough-behaviors.html
describe("passthrough behaviour for a payload without a mapping template", () => {
  const post = { method: "POST", headers: { "content-type": "text/plain" }, body: "raw text" };

  it("WHEN_NO_TEMPLATES passes the payload through untransformed when no template is defined", async () => {
    const { integration, input } = await stepUnderTest(
      { PassthroughBehavior: "WHEN_NO_TEMPLATES" },
      "/prod/things/1",
      post,
    );
    expect(buildIntegrationRequest(integration, input).body).toBe("raw text");
  });

  it("WHEN_NO_MATCH passes an unmapped Content-Type through even when templates are defined", async () => {
    const { integration, input } = await stepUnderTest(
      { RequestTemplates: { "application/json": "{}" } },
      "/prod/things/1",
      post,
    );
    expect(buildIntegrationRequest(integration, input).body).toBe("raw text");
  });

  it("NEVER and WHEN_NO_TEMPLATES (templates defined) refuse it: 415, the log naming type and behaviour", async () => {
    for (const behavior of ["NEVER", "WHEN_NO_TEMPLATES"]) {
      const { integration, input } = await stepUnderTest(
        { PassthroughBehavior: behavior, RequestTemplates: { "application/json": "{}" } },
        "/prod/things/1",
        post,
      );
      expect(failure(() => buildIntegrationRequest(integration, input))).toBe(
        `415 no request template for Content-Type text/plain and passthrough behavior ${behavior}`,
      );
    }
  });
});

// "Set up data transformations for REST APIs" (mapping templates, $stageVariables):
// https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-data-transformations.html
describe("request templates", () => {
  it("render with the stage's variables", async () => {
    const { integration, input } = await stepUnderTest(
      { RequestTemplates: { "application/json": `{"table": "$stageVariables.table"}` } },
      "/prod/things/1",
    );
    expect(buildIntegrationRequest(integration, input).body).toBe('{"table": "things"}');
  });

  it("a template that cannot run is a 500 whose execution log names the request template", async () => {
    const { integration, input } = await stepUnderTest(
      { RequestTemplates: { "application/json": "#if($input.body" } },
      "/prod/things/1",
    );
    expect(failure(() => buildIntegrationRequest(integration, input))).toMatch(
      /^500 Execution failed due to configuration error: the request mapping template failed: \S/,
    );
  });
});

// "Parameter mapping for REST APIs" (sources and destinations of integration request parameters):
// https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-parameter-mapping.html
describe("request parameter mapping", () => {
  it("maps method request parameters, body, stage variables, context and literals to header, query and path", async () => {
    const { integration, input } = await stepUnderTest(
      {
        RequestParameters: {
          "integration.request.path.thing": "method.request.path.id",
          "integration.request.querystring.q": "method.request.querystring.search",
          "integration.request.multivaluequerystring.tags": "method.request.multivaluequerystring.tag",
          "integration.request.header.X-Trace": "method.request.header.x-trace-id",
          "integration.request.multivalueheader.X-Many": "method.request.multivalueheader.X-Trace-Id",
          "integration.request.header.X-Body": "method.request.body",
          "integration.request.header.X-Name": "method.request.body.thing.name",
          "integration.request.header.X-Thing": "method.request.body.thing",
          "integration.request.header.X-Table": "stageVariables.table",
          "integration.request.header.X-Request": "context.requestId",
          "integration.request.header.X-Source": "context.identity.sourceIp",
          "integration.request.querystring.fixed": "'a literal'",
        },
      },
      "/prod/things/7?search=red&tag=a",
      {
        method: "POST",
        headers: { "X-Trace-Id": "t-1" },
        body: '{"thing": {"name": "box"}}',
      },
    );
    expect(buildIntegrationRequest(integration, input)).toStrictEqual({
      body: '{"thing": {"name": "box"}}',
      path: { thing: "7" },
      querystring: { q: "red", tags: "a", fixed: "a literal" },
      header: {
        "X-Trace": "t-1",
        "X-Many": "t-1",
        "X-Body": '{"thing": {"name": "box"}}',
        "X-Name": "box",
        "X-Thing": '{"name":"box"}',
        "X-Table": "things",
        "X-Request": "11111111-2222-3333-4444-555555555555",
        "X-Source": "198.51.100.10",
      },
    });
  });

  it("maps nothing for a source without a value, and ignores keys that are no integration request parameter", async () => {
    const { integration, input } = await stepUnderTest(
      {
        RequestParameters: {
          "integration.request.header.A": "method.request.header.absent",
          "integration.request.header.B": "method.request.body.missing.field",
          "integration.request.header.C": "stageVariables.absent",
          "integration.request.header.D": "context.identity.absent.deeper",
          "integration.request.header.E": "context.authorizer.principalId",
          "integration.request.header.F": "nothing.known",
          "method.request.header.G": "'not a destination'",
          "xintegration.request.header.H": "'not a destination either'",
        },
      },
      "/prod/things/1",
      { method: "POST", body: "not json" },
    );
    expect(buildIntegrationRequest(integration, input)).toStrictEqual({
      body: "not json",
      header: {},
      querystring: {},
      path: {},
    });
  });

  it("applies the template's $context.requestOverride over the mapped parameters", async () => {
    const { integration, input } = await stepUnderTest(
      {
        RequestParameters: {
          "integration.request.header.X-A": "'mapped'",
          "integration.request.querystring.q": "'mapped'",
          "integration.request.path.p": "'mapped'",
        },
        RequestTemplates: {
          "application/json": [
            '#set($context.requestOverride.header.X-A = "override")',
            '#set($context.requestOverride.querystring.q = "override")',
            '#set($context.requestOverride.path.p = "override")',
            '#set($context.requestOverride.path.extra = "added")',
            "{}",
          ].join("\n"),
        },
      },
      "/prod/things/1",
    );
    const request = buildIntegrationRequest(integration, input);
    expect([request.header, request.querystring, request.path]).toStrictEqual([
      { "X-A": "override" },
      { q: "override" },
      { p: "override", extra: "added" },
    ]);
  });
});

describe("parameterSource", () => {
  const from: ParameterSources = {
    method: { path: { id: "7" }, querystring: { q: "red" }, header: { "X-Trace-Id": "t-1" } },
    context: { requestId: "r-1", count: 3, none: null, identity: { sourceIp: "198.51.100.10" } },
    payload: '{"a": {"b": "c"}}',
    stageVariables: { table: "things" },
    response: { header: { "content-type": "application/json" }, body: '{"id": 5, "tags": ["x"]}' },
  };
  const value = (source: string, sources: ParameterSources = from) => parameterSource(source, sources);

  it("reads literals, method request parameters (header names case-insensitively) and stage variables", () => {
    expect(value("'it''s'")).toBe("it''s");
    expect(value("'a\nb'")).toBe("a\nb");
    expect(value("method.request.path.id")).toBe("7");
    expect(value("method.request.querystring.q")).toBe("red");
    expect(value("method.request.multivaluequerystring.q")).toBe("red");
    expect(value("method.request.header.x-trace-id")).toBe("t-1");
    expect(value("method.request.multivalueheader.X-TRACE-ID")).toBe("t-1");
    expect(value("method.request.path.ID")).toBeUndefined();
    expect(value("stageVariables.table")).toBe("things");
  });

  it("reads bodies whole or by JSONPath (strings as they are, the rest as JSON), the response's header by name", () => {
    expect(value("method.request.body")).toBe('{"a": {"b": "c"}}');
    expect(value("method.request.body.a.b")).toBe("c");
    expect(value("method.request.body.a")).toBe('{"b":"c"}');
    expect(value("integration.response.body")).toBe('{"id": 5, "tags": ["x"]}');
    expect(value("integration.response.body.id")).toBe("5");
    expect(value("integration.response.body.tags")).toBe('["x"]');
    expect(value("integration.response.body.nope")).toBeUndefined();
    expect(value("integration.response.header.Content-Type")).toBe("application/json");
    expect(value("method.request.body.a", { ...from, payload: "not json" })).toBeUndefined();
  });

  it("reads $context values, nested ones too, as strings; null and absent ones are no value", () => {
    expect(value("context.requestId")).toBe("r-1");
    expect(value("context.count")).toBe("3");
    expect(value("context.identity.sourceIp")).toBe("198.51.100.10");
    expect(value("context.none")).toBeUndefined();
    expect(value("context.nope.deeper")).toBeUndefined();
  });

  it("has no response body or headers to read in an integration request", () => {
    const { response: _response, ...request } = from;
    expect(value("integration.response.body", request)).toBe("");
    expect(value("integration.response.header.content-type", request)).toBeUndefined();
  });

  it("matches whole expressions only", () => {
    for (const source of [
      "x'literal'",
      "'literal'x",
      "xmethod.request.path.id",
      "xmethod.request.body",
      "method.request.bodyx",
      "xintegration.response.header.content-type",
      "xcontext.requestId",
      "xstageVariables.table",
      "stageVariables.",
    ]) {
      expect([source, value(source)]).toEqual([source, undefined]);
    }
  });

  it("accepts the stage variables as given to the template", () => {
    expect(value("stageVariables.region", { ...from, stageVariables: STAGE_VARIABLES })).toBe("eu-west-1");
  });
});
