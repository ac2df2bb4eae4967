// The integration response of a non-proxy integration on its own: selection patterns (whole match,
// no newline for `.`), the default response, response parameters, the response template chosen by
// Accept, and $context.responseOverride.
import { describe, expect, it } from "vitest";
import type { EndpointResponse } from "./aws-endpoint-call.js";
import { GatewayError } from "./gateway-error.js";
import { mapIntegrationResponse } from "./integration-response.js";
import { stepUnderTest } from "./template-integration.test-support.js";

function endpoint(selectionValue: string, body = '{"id": 5}', status = 200): EndpointResponse {
  return { status, header: { "x-backend": "b-1" }, body, selectionValue };
}

async function answer(
  integration: Record<string, unknown>,
  from: EndpointResponse,
  headers: Record<string, string> = {},
) {
  const { integration: built, input } = await stepUnderTest(integration, "/prod/things/7", { headers });
  return mapIntegrationResponse(built, from, input);
}

async function selected(responses: unknown[], selectionValue: string): Promise<number> {
  return (await answer({ IntegrationResponses: responses }, endpoint(selectionValue))).status;
}

// API_IntegrationResponse, selectionPattern: "a regular expression... For Lambda the errorMessage is
// matched, for other back ends the HTTP status code"; the pattern must match the whole value, and an
// error message with a newline is not matched by `.+`:
// https://docs.aws.amazon.com/apigateway/latest/api/API_IntegrationResponse.html
describe("selecting the integration response", () => {
  it("takes the response whose pattern matches the whole value, else the default (no pattern)", async () => {
    const responses = [
      { StatusCode: "200" },
      { StatusCode: "404", SelectionPattern: "NotFound:.*" },
      { StatusCode: "400", SelectionPattern: "4\\d{2}" },
    ];
    expect(await selected(responses, "NotFound: thing 7")).toBe(404);
    expect(await selected(responses, "404")).toBe(400);
    expect(await selected(responses, "4040")).toBe(200);
    expect(await selected(responses, "Really NotFound: 7")).toBe(200);
  });

  it("never matches the default response by pattern, even when it is listed first", async () => {
    const responses = [{ StatusCode: "200" }, { StatusCode: "502", SelectionPattern: "undef.*" }];
    expect(await selected(responses, "undefined")).toBe(502);
  });

  it("does not let `.` match a newline: a multi-line message needs (\\n|.)", async () => {
    const dot = [{ StatusCode: "200" }, { StatusCode: "404", SelectionPattern: "NotFound:.*" }];
    const anything = [{ StatusCode: "200" }, { StatusCode: "404", SelectionPattern: "NotFound:(\\n|.)*" }];
    expect(await selected(dot, "NotFound: a\nat line 2")).toBe(200);
    expect(await selected(anything, "NotFound: a\nat line 2")).toBe(404);
  });

  it("a pattern that is no regular expression matches nothing", async () => {
    expect(await selected([{ StatusCode: "200" }, { StatusCode: "400", SelectionPattern: "[" }], "[")).toBe(
      200,
    );
  });

  it("without a match or a default: 500, the log naming the endpoint status", async () => {
    const run = answer(
      { IntegrationResponses: [{ StatusCode: "400", SelectionPattern: "4\\d{2}" }] },
      endpoint("200"),
    );
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error instanceof GatewayError ? [error.status, error.logMessage] : error).toEqual([
      500,
      "Execution failed due to configuration error: No match for output mapping and no default output mapping configured. Endpoint Response Status Code: 200",
    ]);
  });
});

// "Parameter mapping for REST APIs" (integration response to method response headers):
// https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-parameter-mapping.html
describe("response parameters", () => {
  it("map the endpoint's headers and body, literals and the request into method response headers", async () => {
    const response = await answer(
      {
        IntegrationResponses: [
          {
            StatusCode: "201",
            ResponseParameters: {
              "method.response.header.X-Backend": "integration.response.header.X-Backend",
              "method.response.header.X-Id": "integration.response.body.id",
              "method.response.header.Location": "'/things'",
              "method.response.header.X-Thing": "method.request.path.id",
              "method.response.header.X-Absent": "integration.response.body.nope",
              "xmethod.response.header.X-Not": "'not a method response header'",
              "method.response.body": "'not a header'",
            },
          },
        ],
      },
      endpoint("200"),
    );
    expect(response).toStrictEqual({
      status: 201,
      headers: {
        "content-type": "application/json",
        "x-backend": "b-1",
        "x-id": "5",
        location: "/things",
        "x-thing": "7",
      },
      body: '{"id": 5}',
    });
  });
});

// "Set up data transformations for REST APIs": the response template for the client's Accept, else
// application/json; without a template the endpoint's body passes through:
// https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-data-transformations.html
describe("response templates", () => {
  const templates = {
    IntegrationResponses: [
      {
        StatusCode: "200",
        ResponseTemplates: { "application/xml": "<id>$input.path('$.id')</id>", "application/json": "{}" },
      },
    ],
  };

  it("are chosen by the client's Accept header, parameters and other types ignored", async () => {
    const response = await answer(templates, endpoint("200"), {
      accept: "text/html, application/XML;q=0.9",
    });
    expect([response.headers["content-type"], response.body]).toEqual(["application/xml", "<id>5</id>"]);
  });

  it("fall back to application/json for an Accept that names no template, or none", async () => {
    for (const headers of [{ accept: "text/html" }, {}] as Record<string, string>[]) {
      const response = await answer(templates, endpoint("200"), headers);
      expect([response.headers["content-type"], response.body]).toEqual(["application/json", "{}"]);
    }
  });

  it("pass the endpoint's body through as application/json when the response has none", async () => {
    const response = await answer({ IntegrationResponses: [{ StatusCode: "200" }] }, endpoint("200", "raw"), {
      accept: "text/plain",
    });
    expect([response.headers["content-type"], response.body]).toEqual(["application/json", "raw"]);
  });

  it("a template that cannot run is a 500 whose execution log names the response template", async () => {
    const run = answer(
      { IntegrationResponses: [{ StatusCode: "200", ResponseTemplates: { "application/json": "#if(" } }] },
      endpoint("200"),
    );
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error instanceof GatewayError ? `${error.status} ${error.logMessage}` : error).toMatch(
      /^500 Execution failed due to configuration error: the response mapping template failed: \S/,
    );
  });
});

// "Override your API's request and response parameters and status codes" ($context.responseOverride):
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-override-request-response-parameters.html
describe("$context.responseOverride", () => {
  it("sets the status, from 100 to 599, and headers (names lower-cased) over the mapped ones", async () => {
    for (const status of [100, 599]) {
      const response = await answer(
        {
          IntegrationResponses: [
            {
              StatusCode: "200",
              ResponseParameters: { "method.response.header.X-A": "'mapped'" },
              ResponseTemplates: {
                "application/json": `#set($context.responseOverride.status = ${status})#set($context.responseOverride.header.X-A = "override")ok`,
              },
            },
          ],
        },
        endpoint("200"),
      );
      expect(response).toStrictEqual({
        status,
        headers: { "content-type": "application/json", "x-a": "override" },
        body: "ok",
      });
    }
  });
});
