// Which host names API Gateway answers for: execute-api names, the `<apiId>-<vpceId>` alias of private
// APIs, VPC endpoint DNS names, custom domains and their regional domain names ("Invoking a private
// API", https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-api-test-invoke-url.html).
import { describe, expect, it } from "vitest";
import { ApiGatewayState, type RestApi } from "../api-gateway-state.js";
import { isApiGatewayHost, isVpceDnsHost, parseExecuteApiHost } from "./api-gateway-hosts.js";

const VPCE = "vpce-0aa11bb22cc33dd44";

function state(): ApiGatewayState {
  const s = new ApiGatewayState();
  s.addRestApi({ id: "abcdef0123", region: "eu-central-1", vpcEndpointIds: [VPCE] } as unknown as RestApi);
  s.addDomainName({
    name: "food.example.com",
    account: "111111111111",
    region: "eu-central-1",
    endpointTypes: ["REGIONAL"],
    regionalDomainName: "d-abc123.execute-api.eu-central-1.amazonaws.com",
    mappings: [],
  });
  return s;
}

describe("parseExecuteApiHost", () => {
  it("reads the API id and region, and the VPC endpoint only of an alias", () => {
    expect(parseExecuteApiHost("ABCDEF0123.execute-api.eu-central-1.amazonaws.com")).toStrictEqual({
      apiId: "abcdef0123",
      region: "eu-central-1",
    });
    expect(parseExecuteApiHost(`abcdef0123-${VPCE}.execute-api.eu-central-1.amazonaws.com`)).toStrictEqual({
      apiId: "abcdef0123",
      region: "eu-central-1",
      vpceId: VPCE,
    });
    expect(
      parseExecuteApiHost("abcdef0123.execute-api.eu-central-1.amazonaws.com.evil.example"),
    ).toBeUndefined();
    expect(parseExecuteApiHost("abc.execute-api.eu-central-1.amazonaws.com")).toBeUndefined();
  });
});

describe("isApiGatewayHost", () => {
  it("answers for a known API in its region, with or without a port, in any case", () => {
    expect(isApiGatewayHost(state(), "abcdef0123.execute-api.eu-central-1.amazonaws.com")).toBe(true);
    expect(isApiGatewayHost(state(), " ABCDEF0123.execute-api.eu-central-1.amazonaws.com:443 ")).toBe(true);
    expect(isApiGatewayHost(state(), "abcdef0123.execute-api.us-east-1.amazonaws.com")).toBe(false);
    expect(isApiGatewayHost(state(), "unknown000.execute-api.eu-central-1.amazonaws.com")).toBe(false);
  });

  it("answers for a private API's alias only with an associated endpoint, and never for an unknown API", () => {
    const alias = (api: string, vpce: string) => `${api}-${vpce}.execute-api.eu-central-1.amazonaws.com`;
    expect(isApiGatewayHost(state(), alias("abcdef0123", VPCE))).toBe(true);
    expect(isApiGatewayHost(state(), alias("abcdef0123", "vpce-0ffffffffffffffff"))).toBe(false);
    expect(isApiGatewayHost(state(), alias("unknown000", VPCE))).toBe(false);
  });

  it("answers for custom domains, their regional domain names and VPC endpoint DNS names", () => {
    const vpceDns = `${VPCE}-1a2b3c4d.execute-api.eu-central-1.vpce.amazonaws.com`;
    expect(isVpceDnsHost(vpceDns)).toBe(true);
    expect(isApiGatewayHost(state(), vpceDns)).toBe(true);
    expect(isApiGatewayHost(state(), "FOOD.example.com")).toBe(true);
    expect(isApiGatewayHost(state(), "d-abc123.execute-api.eu-central-1.amazonaws.com")).toBe(true);
    expect(isApiGatewayHost(state(), "d-other.execute-api.eu-central-1.amazonaws.com")).toBe(false);
    expect(isApiGatewayHost(state(), "example.org")).toBe(false);
  });
});
