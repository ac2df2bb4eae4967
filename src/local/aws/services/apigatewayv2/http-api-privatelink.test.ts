import { afterEach, describe, expect, it } from "vitest";
import {
  GLOBAL,
  globalStack,
  internetRequest,
  type PrivateLinkWorld,
  privateLinkWorld,
  STRANGER,
  strangerStack,
} from "./privatelink.test-support.js";

let current: PrivateLinkWorld | undefined;
afterEach(async () => {
  await current?.world.stop();
  current = undefined;
});

async function call(world: PrivateLinkWorld, method: string, url: string) {
  const door = world.world.platform.frontDoors.publicDoorFor(world.host);
  if (door === undefined) throw new Error(`no public door for ${world.host}`);
  const response = await door.handler(internetRequest(world.host, method, url));
  return { ...response, text: String(response.body) };
}

describe("an HTTP API reaching a provider account over PrivateLink (VPC link → ALB → endpoint → NLB → workload)", () => {
  it("forwards method, path and query unchanged on the $default stage, and stamps apigw-requestid", async () => {
    current = await privateLinkWorld();
    const answer = await call(current, "POST", "/todo/42?x=1");
    expect(answer).toMatchObject({ status: 200, text: "POST /todo/42?x=1" });
    expect(answer.headers["apigw-requestid"]).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    const seen = current.workload.seen[0];
    // The provider's workload sees its own NLB's address, after the endpoint in the path.
    expect(seen?.source.vpc?.account).toBe("161616161616");
    expect(seen?.source.via.join(" → ")).toMatch(
      /HTTP API .* → VPC link .* → target .*:8080 → vpce-.* → NLB .*:8080/,
    );
  });

  it('answers 404 {"message":"Not Found"} for a path no route matches, without reaching the backend', async () => {
    current = await privateLinkWorld();
    const answer = await call(current, "GET", "/dogs/other");
    expect(answer).toMatchObject({ status: 404, text: '{"message":"Not Found"}' });
    expect(current.workload.seen).toEqual([]);
  });

  it("answers 503 while the provider's workload is down and 200 once it is back", async () => {
    current = await privateLinkWorld();
    current.workload.down = true;
    expect((await call(current, "GET", "/dogs")).status).toBe(503);
    current.workload.down = false;
    expect(await call(current, "GET", "/dogs")).toMatchObject({ status: 200, text: "GET /dogs" });
  });

  it("keeps a named stage's prefix in the backend path, and serves nothing on a stage without deployment", async () => {
    current = await privateLinkWorld({ stage: "prod" });
    expect(await call(current, "GET", "/prod/dogs")).toMatchObject({ status: 200, text: "GET /prod/dogs" });
    expect((await call(current, "GET", "/dogs")).status).toBe(404);
    await current.world.stop();
    current = await privateLinkWorld({ stage: "prod", autoDeploy: false });
    expect(await call(current, "GET", "/prod/dogs")).toMatchObject({
      status: 404,
      text: '{"message":"Not Found"}',
    });
  });

  it("leaves an endpoint to a service that needs acceptance pending: no traffic reaches the provider", async () => {
    current = await privateLinkWorld({ acceptanceRequired: true });
    const endpoint = [...current.world.platform.network.endpoints.values()][0];
    expect(endpoint?.state).toBe("pendingAcceptance");
    expect((await call(current, "GET", "/dogs")).status).toBe(502);
    expect(current.workload.seen).toEqual([]);
  });

  it("refuses an endpoint from an account not among the allowed principals, with AWS's reason", async () => {
    current = await privateLinkWorld({ allowed: [`arn:aws:iam::${GLOBAL}:root`] });
    const [subnet] = [...current.world.platform.network.subnets.values()];
    const vpc = await current.world.create(strangerStack, "Vpc", "AWS::EC2::VPC", {
      CidrBlock: "10.9.0.0/16",
    });
    const own = await current.world.create(strangerStack, "Subnet", "AWS::EC2::Subnet", {
      VpcId: vpc.ref,
      CidrBlock: "10.9.1.0/24",
    });
    expect(subnet).toBeDefined();
    await expect(
      current.world.create(strangerStack, "Endpoint", "AWS::EC2::VPCEndpoint", {
        VpcId: vpc.ref,
        ServiceName: current.serviceName,
        VpcEndpointType: "Interface",
        SubnetIds: [own.ref],
      }),
    ).rejects.toMatchObject({
      code: "EC2_ENDPOINT_SERVICE_NOT_ALLOWED",
      message: expect.stringContaining(
        `The Vpc Endpoint Service '${current.serviceName}' does not exist (account ${STRANGER} is not among its allowed principals`,
      ),
    });
  });

  it("leaves out a route it cannot authorize (never served open) and reports a mapping it does not apply", async () => {
    current = await privateLinkWorld();
    const { world, apiId } = current;
    await expect(
      world.create(globalStack, "Jwt", "AWS::ApiGatewayV2::Route", {
        ApiId: apiId,
        RouteKey: "GET /secret",
        AuthorizationType: "JWT",
      }),
    ).rejects.toMatchObject({
      code: "APIGATEWAYV2_UNSUPPORTED_AUTHORIZATION",
      details: { notRunnableLocally: true },
    });
    await world.create(globalStack, "Mapped", "AWS::ApiGatewayV2::Integration", {
      ApiId: apiId,
      IntegrationType: "HTTP_PROXY",
      IntegrationUri: "http://example.com",
      RequestParameters: { "append:header.x-tenant": "blue", "overwrite:path": "$request.path" },
    });
    const reported = world.parts.flatMap((part) => part.unsupported?.() ?? []);
    expect(reported).toContainEqual(
      expect.objectContaining({
        name: "AWS::ApiGatewayV2::Integration.RequestParameters.append:header.x-tenant",
      }),
    );
    expect(reported.map((feature) => feature.name)).not.toContain(
      "AWS::ApiGatewayV2::Integration.RequestParameters.overwrite:path",
    );
    expect((await call(current, "GET", "/secret")).status).toBe(404);
  });
});
