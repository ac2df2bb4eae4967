import { describe, expect, it } from "vitest";
import { IamState } from "../../../../iam/iam-state.js";
import { PolicyDecisionPoint } from "../../../../iam/policy-decision-point.js";
import type { AuthorizationRequest, Decision, PolicyDocument, Principal } from "../../../../iam/types.js";
import type { CallerIdentity } from "./deps.js";
import { frontDoorUnderTest, NOW, permissionsFrom, text } from "./front-door.test-support.js";
import {
  ACCOUNT,
  CONSUMER_VPC,
  CONSUMER_VPCE,
  FUNCTIONS,
  POLICY,
  REGION,
  request,
} from "./orders-api.test-support.js";

const explicitDeny: Decision = {
  allowed: false,
  reason: "explicit-deny",
  statements: [{ policy: "resource:arn", sid: "DenyOutsideConsumerEndpoint", effect: "Deny" }],
};
const implicitDeny: Decision = { allowed: false, reason: "implicit-deny", statements: [] };

describe("authorizeResourcePolicy", () => {
  it("asks for execute-api:Invoke by the anonymous principal on the request's ARN with the network path's context", async () => {
    const { door, authorizer, apiId } = await frontDoorUnderTest();
    await door.privateEndpoint(
      request("/v1/orders?orderDate=2024-01-01", {
        method: "DELETE",
        headers: { "x-amzn-vpce-id": "vpce-forged", "x-forwarded-for": "10.9.9.9" },
      }),
    );
    expect(authorizer.calls).toHaveLength(1);
    const [call] = authorizer.calls;
    expect(call?.request).toEqual({
      principal: { kind: "anonymous" },
      action: "execute-api:Invoke",
      resource: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/v1/DELETE/orders`,
      resourceAccount: ACCOUNT,
      context: {
        "aws:SourceVpce": CONSUMER_VPCE,
        "aws:SourceVpc": CONSUMER_VPC,
        "aws:VpcSourceIp": "192.168.2.17",
        "aws:SecureTransport": true,
        "aws:CurrentTime": "2024-03-05T10:11:12Z",
        "aws:EpochTime": Math.floor(NOW.getTime() / 1000),
      },
    });
    const expanded = `arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/*`;
    expect(call?.policy).toEqual({
      ...POLICY,
      Statement: POLICY.Statement.map((statement) => ({ ...statement, Resource: expanded })),
    });
  });

  it("gives aws:SourceIp (and no VPC keys) for a request that did not come through a VPC endpoint", async () => {
    const { door, authorizer, apiId } = await frontDoorUnderTest({ regional: true });
    const outside = { ...request("/v1/orders/abc"), protocol: "http" as const };
    await door.publicEndpoint({ ...outside, source: { sourceIp: "203.0.113.9", via: ["internet"] } });
    expect(authorizer.calls[0]?.request.resource).toBe(
      `arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/v1/GET/orders/abc`,
    );
    expect(authorizer.calls[0]?.request.context).toEqual({
      "aws:SourceIp": "203.0.113.9",
      "aws:SecureTransport": false,
      "aws:CurrentTime": "2024-03-05T10:11:12Z",
      "aws:EpochTime": Math.floor(NOW.getTime() / 1000),
    });
  });

  it("does not evaluate anything for a public API without a resource policy and NONE methods", async () => {
    const { door, authorizer } = await frontDoorUnderTest({ regional: true, withoutPolicy: true });
    const response = await door.publicEndpoint({
      ...request("/v1/orders"),
      source: { sourceIp: "1.2.3.4", via: [] },
    });
    expect(response.status).toBe(200);
    expect(authorizer.calls).toEqual([]);
  });

  it("answers an undefined route of such an API 403 Missing Authentication Token", async () => {
    const { door } = await frontDoorUnderTest({ regional: true, withoutPolicy: true });
    const response = await door.publicEndpoint({
      ...request("/v1/nowhere"),
      source: { sourceIp: "1.2.3.4", via: [] },
    });
    expect([response.status, text(response.body)]).toEqual([
      403,
      '{"message":"Missing Authentication Token"}',
    ]);
  });

  it("maps an explicit deny to AWS's 403 AccessDeniedException with the account masked", async () => {
    const { door, authorizer, lambda, apiId } = await frontDoorUnderTest();
    authorizer.decision = explicitDeny;
    const response = await door.privateEndpoint(request("/v1/orders"));
    expect(response.status).toBe(403);
    expect(response.headers["x-amzn-errortype"]).toBe("AccessDeniedException");
    expect(text(response.body)).toBe(
      `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:${REGION}:********2222:${apiId}/v1/GET/orders with an explicit deny in a resource-based policy"}`,
    );
    expect(lambda.events).toEqual([]);
  });

  it("maps an implicit deny to the same 403 without the explicit-deny clause, also for undefined routes", async () => {
    const { door, authorizer, apiId } = await frontDoorUnderTest();
    authorizer.decision = implicitDeny;
    const response = await door.privateEndpoint(request("/v1/orders", { method: "DELETE" }));
    expect(text(response.body)).toBe(
      `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:${REGION}:********2222:${apiId}/v1/DELETE/orders"}`,
    );
    authorizer.decision = { allowed: true, reason: "allowed", statements: [] };
    expect(text((await door.privateEndpoint(request("/v1/orders", { method: "DELETE" }))).body)).toBe(
      '{"message":"Missing Authentication Token"}',
    );
  });
});

describe("AWS_IAM methods", () => {
  const role: Principal = {
    kind: "role",
    account: "111111111111",
    arn: "arn:aws:iam::111111111111:role/Client",
    sessionArn: "arn:aws:sts::111111111111:assumed-role/Client/s1",
    roleName: "Client",
  };
  const iamPut = [
    "OrdersPUT",
    {
      HttpMethod: "PUT",
      AuthorizationType: "AWS_IAM",
      Integration: {
        Type: "AWS_PROXY",
        IntegrationHttpMethod: "POST",
        Uri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${FUNCTIONS.placeOrder}/invocations`,
      },
    },
  ] as const;

  async function iamDoor(callers: CallerIdentity) {
    const permissionsFor = (apiId: string) =>
      permissionsFrom({
        [FUNCTIONS.placeOrder]: [`arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/*/PUT/orders`],
      });
    const handler = () => ({ statusCode: 204 });
    return frontDoorUnderTest({ extraMethods: [iamPut], handler, overrides: { callers }, permissionsFor });
  }

  it("answers 403 Missing Authentication Token to unsigned calls before any policy is evaluated", async () => {
    const { door, authorizer, lambda } = await iamDoor({ identify: () => ({ kind: "anonymous" }) });
    const response = await door.privateEndpoint(request("/v1/orders", { method: "PUT" }));
    expect([response.status, text(response.body)]).toEqual([
      403,
      '{"message":"Missing Authentication Token"}',
    ]);
    expect(authorizer.calls).toEqual([]);
    expect(lambda.events).toEqual([]);
  });

  it("treats an AWS_IAM call as unsigned when no caller identity is wired (fails closed)", async () => {
    const { door, lambda } = await frontDoorUnderTest({
      extraMethods: [iamPut],
      overrides: { callers: undefined },
    });
    const response = await door.privateEndpoint(request("/v1/orders", { method: "PUT" }));
    expect([response.status, text(response.body)]).toEqual([
      403,
      '{"message":"Missing Authentication Token"}',
    ]);
    expect(lambda.events).toEqual([]);
  });

  it("logs an expired session as EXPIRED_TOKEN and a bad signature as INVALID_SIGNATURE", async () => {
    const expired = await iamDoor({
      identify: () => ({
        kind: "invalid",
        errorType: "ExpiredTokenException",
        message: "The security token included in the request is expired",
      }),
    });
    await expired.door.privateEndpoint(request("/v1/orders", { method: "PUT" }));
    expect(expired.logs[0]?.message).toBe(
      "EXPIRED_TOKEN 403: The security token included in the request is expired",
    );
    const unsigned = await iamDoor({ identify: () => ({ kind: "anonymous" }) });
    await unsigned.door.privateEndpoint(request("/v1/orders", { method: "PUT" }));
    expect(unsigned.logs[0]?.message).toBe(
      "MISSING_AUTHENTICATION_TOKEN 403: unsigned request to AWS_IAM method PUT /orders",
    );
  });

  it("shows a root caller as its account in requestContext.identity", async () => {
    const root: Principal = { kind: "root", account: "111111111111", arn: "arn:aws:iam::111111111111:root" };
    const { door, lambda } = await iamDoor({
      identify: () => ({ kind: "principal", principal: root, accessKeyId: "AKIAEXAMPLEROOT" }),
    });
    expect((await door.privateEndpoint(request("/v1/orders", { method: "PUT" }))).status).toBe(204);
    expect(lambda.event().requestContext.identity).toMatchObject({
      userArn: "arn:aws:iam::111111111111:root",
      accountId: "111111111111",
      caller: "111111111111",
      user: "111111111111",
      accessKey: "AKIAEXAMPLEROOT",
    });
  });

  it("passes an invalid signature's AWS error through", async () => {
    const { door } = await iamDoor({
      identify: () => ({
        kind: "invalid",
        errorType: "InvalidSignatureException",
        message: "The request signature we calculated does not match the signature you provided.",
      }),
    });
    const response = await door.privateEndpoint(request("/v1/orders", { method: "PUT" }));
    expect(response.status).toBe(403);
    expect(response.headers["x-amzn-errortype"]).toBe("InvalidSignatureException");
  });

  it("authorizes the signer and shows it in requestContext.identity", async () => {
    const { door, lambda, aws } = await iamDoor({
      identify: () => ({ kind: "principal", principal: role, accessKeyId: "ASIAEXAMPLE" }),
    });
    const response = await door.privateEndpoint(request("/v1/orders", { method: "PUT" }));
    expect(response.status).toBe(204);
    expect(aws.invocations().map((q) => q.sourceArn)).toEqual([
      expect.stringMatching(/:[a-z0-9]{10}\/v1\/PUT\/orders$/),
    ]);
    expect(lambda.event().requestContext.identity).toMatchObject({
      userArn: role.sessionArn,
      accountId: "111111111111",
      accessKey: "ASIAEXAMPLE",
    });
  });

  it("lets a resource policy condition on the signer's account and ARN, which the evaluator derives", async () => {
    const decisions = new PolicyDecisionPoint(new IamState());
    const policy: PolicyDocument = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: "*",
          Action: "execute-api:Invoke",
          Resource: "*",
          Condition: {
            StringEquals: { "aws:PrincipalAccount": ACCOUNT },
            ArnLike: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/Client*` },
          },
        },
      ],
    };
    const answer = async (principal: Principal) => {
      const callers: CallerIdentity = { identify: () => ({ kind: "principal", principal }) };
      const authorizer = { authorize: (request: AuthorizationRequest) => decisions.decide(request, policy) };
      const permissionsFor = (apiId: string) =>
        permissionsFrom({
          [FUNCTIONS.placeOrder]: [`arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/*/PUT/orders`],
        });
      const { door } = await frontDoorUnderTest({
        extraMethods: [iamPut],
        handler: () => ({ statusCode: 204 }),
        overrides: { callers, authorizer },
        permissionsFor,
      });
      return (await door.privateEndpoint(request("/v1/orders", { method: "PUT" }))).status;
    };
    // Same account as the API: the resource policy alone decides (no identity policy needed).
    const inApiAccount = (name: string): Principal => ({
      kind: "role",
      account: ACCOUNT,
      arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
      sessionArn: `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/s1`,
      roleName: name,
    });
    expect(await answer(inApiAccount("ClientApp"))).toBe(204);
    expect(await answer(inApiAccount("Other"))).toBe(403);
  });
});
