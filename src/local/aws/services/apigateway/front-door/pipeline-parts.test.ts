// The pure parts of the API Gateway pipeline on their own: request parsing, binary media types,
// request ids and times, gateway responses, host names and endpoint types.
import { describe, expect, it } from "vitest";
import type { LocalRequest } from "../../../../http/http-types.js";
import { RandomBytesPool } from "../../../../http/random-bytes-pool.js";
import { ApiGatewayState, type RestApi } from "../api-gateway-state.js";
import { isApiGatewayHost, isVpceDnsHost, parseExecuteApiHost } from "./api-gateway-hosts.js";
import { isBinaryMediaType } from "./binary-media-types.js";
import { checkEndpointType } from "./check-endpoint-type.js";
import type { GatewayLogEntry } from "./deps.js";
import { GatewayError, missingAuthenticationToken } from "./gateway-error.js";
import { gatewayResponses, withGatewayHeaders } from "./gateway-responses.js";
import { mediaType, parseInvocationRequest, safeDecode } from "./invocation-request.js";
import { buildOrdersApi, request } from "./orders-api.test-support.js";
import { newRequestIds, requestTime } from "./request-ids.js";
import type { ApiTarget } from "./resolve-endpoint.js";

const local = (
  url: string,
  headers: Record<string, readonly string[]> = {},
  method = "get",
): LocalRequest => ({
  ...request(url),
  method,
  headers,
});

describe("parseInvocationRequest", () => {
  it("takes method, raw path, decoded query and host without port, from absolute or relative targets", () => {
    const parsed = parseInvocationRequest(
      local("https://x.example:8443/v1/a%20b?x=1&y=a%20b&&flag&bad=%E0%A4%A#frag", {
        host: [" Food.Example.COM:443 "],
      }),
    );
    expect(parsed).toEqual({
      method: "GET",
      rawPath: "/v1/a%20b",
      query: [
        ["x", "1"],
        ["y", "a b"],
        ["flag", ""],
        ["bad", "%E0%A4%A"],
      ],
      host: "food.example.com",
      contentType: undefined,
    });
    expect(parseInvocationRequest(local("orders")).rawPath).toBe("/orders");
    expect(parseInvocationRequest(local("/a#b?c=d")).query).toEqual([]);
    expect(parseInvocationRequest(local("/")).host).toBe("");
  });

  it("reads an absolute target without a path as the root, its query or fragment kept apart", () => {
    const withQuery = parseInvocationRequest(local("https://food.example.com?code=1"));
    expect([withQuery.rawPath, withQuery.query]).toEqual(["/", [["code", "1"]]]);
    const withFragment = parseInvocationRequest(local("https://food.example.com#top"));
    expect([withFragment.rawPath, withFragment.query]).toEqual(["/", []]);
  });

  it("takes a URL inside the query string as a query value, not as the request target", () => {
    const parsed = parseInvocationRequest(local("/v1/login?next=https://evil.example/steal"));
    expect(parsed.rawPath).toBe("/v1/login");
    expect(parsed.query).toEqual([["next", "https://evil.example/steal"]]);
  });

  it("reads the media type of Content-Type without parameters, lower case", () => {
    expect(
      parseInvocationRequest(local("/", { "content-type": ["Application/JSON; charset=utf-8"] })).contentType,
    ).toBe("application/json");
    expect(mediaType(" text/plain ")).toBe("text/plain");
    expect(safeDecode("%41")).toBe("A");
    expect(safeDecode("%")).toBe("%");
  });
});

describe("isBinaryMediaType", () => {
  it("matches exact types and * wildcards on either side, case-insensitively", () => {
    expect(isBinaryMediaType("image/png", ["image/png"])).toBe(true);
    expect(isBinaryMediaType("IMAGE/PNG", ["image/png"])).toBe(true);
    expect(isBinaryMediaType("image/png", ["Image/*"])).toBe(true);
    expect(isBinaryMediaType("image/png", ["*/*"])).toBe(true);
    expect(isBinaryMediaType("image/png", ["*/png"])).toBe(true);
    expect(isBinaryMediaType("image/png", ["image/gif", "text/*"])).toBe(false);
    expect(isBinaryMediaType("text/png", ["image/png"])).toBe(false);
    expect(isBinaryMediaType(undefined, ["*/*"])).toBe(false);
    expect(isBinaryMediaType("", ["*/*"])).toBe(false);
  });
});

describe("request ids and times", () => {
  it("a UUID request id and a 16-character extended id ending in =", () => {
    const ids = newRequestIds(new RandomBytesPool());
    expect(ids.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(ids.extendedRequestId).toMatch(/^[A-Za-z0-9_-]{15}=$/);
  });

  it("requestTime is CLF in UTC with two-digit fields", () => {
    expect(requestTime(new Date(Date.UTC(2023, 0, 4, 1, 2, 3)))).toBe("04/Jan/2023:01:02:03 +0000");
    expect(requestTime(new Date(Date.UTC(2024, 11, 31, 23, 59, 59)))).toBe("31/Dec/2024:23:59:59 +0000");
  });

  it("requestTime names every month with CLF's three-letter English abbreviation", () => {
    const months = Array.from({ length: 12 }, (_, month) =>
      requestTime(new Date(Date.UTC(2025, month, 15, 12, 0, 0))).slice(3, 6),
    );
    expect(months).toEqual([
      "Jan",
      "Feb",
      "Mar",
      "Apr",
      "May",
      "Jun",
      "Jul",
      "Aug",
      "Sep",
      "Oct",
      "Nov",
      "Dec",
    ]);
  });

  it("two requests get different ids", () => {
    const random = new RandomBytesPool();
    const [a, b] = [newRequestIds(random), newRequestIds(random)];
    expect(a.requestId).not.toBe(b.requestId);
    expect(a.extendedRequestId).not.toBe(b.extendedRequestId);
  });
});

describe("gatewayResponses", () => {
  const ids = { requestId: "req-1", extendedRequestId: "ext=" };

  it("a gateway error becomes its status, body and x-amzn-ErrorType, logged with the API id", () => {
    const logs: GatewayLogEntry[] = [];
    const response = gatewayResponses(
      missingAuthenticationToken("no route"),
      ids,
      (e) => logs.push(e),
      "api1",
    );
    expect(response).toEqual({
      status: 403,
      headers: {
        "content-type": "application/json",
        "x-amzn-errortype": "MissingAuthenticationTokenException",
        "x-amzn-requestid": "req-1",
        "x-amz-apigw-id": "ext=",
      },
      body: '{"message":"Missing Authentication Token"}',
    });
    expect(logs).toEqual([
      { requestId: "req-1", apiId: "api1", message: "MISSING_AUTHENTICATION_TOKEN 403: no route" },
    ]);
  });

  it("anything else is a 500 whose details go only to the log; no error type header when AWS sends none", () => {
    const logs: GatewayLogEntry[] = [];
    const response = gatewayResponses(new TypeError("boom"), ids, (e) => logs.push(e));
    expect(response.status).toBe(500);
    expect(response.body).not.toContain("boom");
    expect(logs).toEqual([
      {
        requestId: "req-1",
        message:
          "API_CONFIGURATION_ERROR 500: unexpected error in the API Gateway front door: TypeError: boom",
      },
    ]);
    expect(gatewayResponses("text", ids, (e) => logs.push(e)).status).toBe(500);
    expect(logs[1]?.message).toContain("front door: text");
    const quiet = gatewayResponses(new GatewayError("FORBIDDEN", 403, "{}", undefined), ids, undefined);
    expect(quiet.headers).not.toHaveProperty("x-amzn-errortype");
    expect(withGatewayHeaders({ status: 200, headers: { a: "b" }, body: "" }, ids).headers).toEqual({
      a: "b",
      "x-amzn-requestid": "req-1",
      "x-amz-apigw-id": "ext=",
    });
  });
});

describe("API Gateway host names", () => {
  it("parses execute-api host names and the private alias, case-insensitively", () => {
    expect(parseExecuteApiHost("ABCDE12345.execute-api.eu-central-1.amazonaws.com")).toEqual({
      apiId: "abcde12345",
      region: "eu-central-1",
    });
    expect(parseExecuteApiHost("abcde12345-vpce-0abc.execute-api.eu-central-1.amazonaws.com")).toEqual({
      apiId: "abcde12345",
      region: "eu-central-1",
      vpceId: "vpce-0abc",
    });
    for (const host of [
      "abcde1234.execute-api.eu-central-1.amazonaws.com",
      "xabcde12345.execute-api.eu-central-1.amazonaws.com",
      "abcde12345.execute-api.eu-central-1.amazonaws.com.evil",
    ])
      expect(parseExecuteApiHost(host), host).toBeUndefined();
    expect(isVpceDnsHost("VPCE-0abc-12.execute-api.eu-central-1.vpce.amazonaws.com")).toBe(true);
    expect(isVpceDnsHost("x.vpce-0abc.execute-api.eu-central-1.vpce.amazonaws.com")).toBe(false);
    expect(isVpceDnsHost("vpce-0abc.execute-api.eu-central-1.vpce.amazonaws.com.evil")).toBe(false);
  });

  it("answers for custom domains, regional domain names, VPC endpoint names and its own APIs only", async () => {
    const { state, apiId } = await buildOrdersApi();
    const domain = [...state.domainNames()][0];
    expect(isApiGatewayHost(state, " Food.Cross-Account-Microservices.com:443")).toBe(true);
    expect(isApiGatewayHost(state, domain?.regionalDomainName ?? "")).toBe(true);
    expect(isApiGatewayHost(state, "vpce-0abc.execute-api.eu-central-1.vpce.amazonaws.com")).toBe(true);
    expect(isApiGatewayHost(state, `${apiId}.execute-api.eu-central-1.amazonaws.com`)).toBe(true);
    expect(isApiGatewayHost(state, `${apiId}.execute-api.us-east-1.amazonaws.com`)).toBe(false);
    expect(isApiGatewayHost(state, "zzzzzzzzzz.execute-api.eu-central-1.amazonaws.com")).toBe(false);
    const api = state.restApi(apiId);
    const associated = api?.vpcEndpointIds[0];
    if (associated !== undefined)
      expect(isApiGatewayHost(state, `${apiId}-${associated}.execute-api.eu-central-1.amazonaws.com`)).toBe(
        true,
      );
    expect(isApiGatewayHost(state, `${apiId}-vpce-0other.execute-api.eu-central-1.amazonaws.com`)).toBe(
      false,
    );
    expect(isApiGatewayHost(state, "example.com")).toBe(false);
    expect(isApiGatewayHost(new ApiGatewayState(), "food.cross-account-microservices.com")).toBe(false);
  });
});

describe("checkEndpointType", () => {
  const target = (types: RestApi["endpointTypes"]) =>
    ({ api: { id: "api1", endpointTypes: types } }) as unknown as ApiTarget;
  const viaVpce = { ...request("/"), source: { sourceIp: "10.0.0.1", vpceId: "vpce-1", via: [] } };
  const direct = { ...request("/"), source: { sourceIp: "10.0.0.1", via: [] } };
  const status = (f: () => void) => {
    try {
      f();
      return "ok";
    } catch (error) {
      return error instanceof GatewayError ? `${error.status} ${error.logMessage}` : String(error);
    }
  };

  it("PRIVATE APIs only through a VPC endpoint; a VPC endpoint reaches private APIs only", () => {
    expect(status(() => checkEndpointType(target(["PRIVATE"]), viaVpce, "private"))).toBe("ok");
    expect(status(() => checkEndpointType(target(["REGIONAL"]), direct, "public"))).toBe("ok");
    expect(status(() => checkEndpointType(target(["PRIVATE"]), direct, "public"))).toBe(
      "403 REST API api1 is PRIVATE: it is reachable only through an execute-api VPC endpoint",
    );
    expect(status(() => checkEndpointType(target(["REGIONAL", "EDGE"]), viaVpce, "private"))).toBe(
      "403 REST API api1 is REGIONAL,EDGE: an execute-api VPC endpoint reaches private APIs only",
    );
    expect(status(() => checkEndpointType(target(["PRIVATE"]), direct, "private"))).toBe(
      "403 request reached the VPC endpoint handler without passing through a VPC endpoint",
    );
  });
});
