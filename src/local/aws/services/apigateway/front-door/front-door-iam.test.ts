// AWS_IAM methods with real SigV4 callers: requests signed by the SDK's signer for `execute-api`,
// verified against the runtime's credential registry (temporary credentials included), decided by the
// real policy decision point over the caller's identity policies and the API's resource policy.
import { describe, expect, it } from "vitest";
import { signedLocalRequest } from "../../../../../../test/support/signed-local-request.js";
import { CredentialRegistry } from "../../../../iam/credential-registry.js";
import { IamState } from "../../../../iam/iam-state.js";
import { PolicyDecisionPoint } from "../../../../iam/policy-decision-point.js";
import type { AwsCredentials, PolicyStatement } from "../../../../iam/types.js";
import { signedCallers } from "../../../protocol/verify-request.js";
import { executeApiCallers } from "./execute-api-callers.js";
import { frontDoorUnderTest, NOW, permissionsFrom, text } from "./front-door.test-support.js";
import { ACCOUNT, DOMAIN, FUNCTIONS, REGION, request } from "./orders-api.test-support.js";

const CONSUMER = "111111111111";
const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;
const invokeAll: PolicyStatement = { Effect: "Allow", Action: "execute-api:Invoke", Resource: "*" };

const iam = new IamState();
const trust = {
  Statement: [
    { Effect: "Allow" as const, Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
};
iam.addRole({
  account: ACCOUNT,
  name: "Allowed",
  assumeRolePolicy: trust,
  inlinePolicies: {
    Invoke: {
      Statement: [
        {
          Effect: "Allow",
          Action: "execute-api:Invoke",
          Resource: `arn:aws:execute-api:${REGION}:${ACCOUNT}:*/v1/PUT/orders`,
        },
      ],
    },
  },
});
iam.addRole({ account: ACCOUNT, name: "Denied", assumeRolePolicy: trust });
iam.addRole({
  account: CONSUMER,
  name: "Partner",
  assumeRolePolicy: trust,
  inlinePolicies: { I: { Statement: [invokeAll] } },
});
iam.addRole({
  account: CONSUMER,
  name: "Stranger",
  assumeRolePolicy: trust,
  inlinePolicies: { I: { Statement: [invokeAll] } },
});
iam.addRole({ account: CONSUMER, name: "NoIdentity", assumeRolePolicy: trust });

/** The API's resource policy names two roles of the consumer account. */
const POLICY = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { AWS: [role(CONSUMER, "Partner"), role(CONSUMER, "NoIdentity")] },
      Action: "execute-api:Invoke",
      Resource: "execute-api:/*",
    },
  ],
};

const registry = new CredentialRegistry("0123456789abcdef0123456789abcdef");
const pdp = new PolicyDecisionPoint(iam);
const session = (account: string, name: string, now = NOW) =>
  registry.issueSession({
    roleArn: role(account, name),
    sessionName: `${name}-session`,
    now,
    durationSeconds: 900,
  });

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

async function iamDoor(clock = NOW) {
  return frontDoorUnderTest({
    regional: true,
    policy: POLICY,
    extraMethods: [iamPut],
    handler: () => ({ statusCode: 204 }),
    permissionsFor: (apiId) =>
      permissionsFrom({
        [FUNCTIONS.placeOrder]: [`arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}/*/PUT/orders`],
      }),
    overrides: {
      callers: executeApiCallers(signedCallers(registry)),
      authorizer: { authorize: (request, document) => pdp.decide(request, document) },
      clock: () => clock,
    },
  });
}

/** PUT https://<custom domain>/v1/orders from the internet, signed for execute-api at `at`. */
async function signedPut(credentials: AwsCredentials, at = NOW, service = "execute-api") {
  const signed = await signedLocalRequest({
    credentials,
    service,
    region: REGION,
    at,
    method: "PUT",
    url: "/v1/orders",
    host: DOMAIN,
    protocol: "https",
  });
  return { ...signed, source: { sourceIp: "203.0.113.9", via: ["internet"] } };
}

const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

describe("AWS_IAM methods: who may call", () => {
  it("answers an unsigned call 403 Missing Authentication Token", async () => {
    const { door, lambda } = await iamDoor();
    const response = await door.publicEndpoint({
      ...request("/v1/orders", { method: "PUT" }),
      source: { sourceIp: "203.0.113.9", via: ["internet"] },
    });
    expect([response.status, response.headers["x-amzn-errortype"], text(response.body)]).toEqual([
      403,
      "MissingAuthenticationTokenException",
      '{"message":"Missing Authentication Token"}',
    ]);
    expect(lambda.events).toEqual([]);
  });

  it("lets a role of the API's account in on its identity policy, and fills requestContext.identity as AWS does", async () => {
    const { door, lambda } = await iamDoor();
    const credentials = session(ACCOUNT, "Allowed");
    const response = await door.publicEndpoint(await signedPut(credentials));
    expect(response.status, text(response.body)).toBe(204);
    const userId = expect.stringMatching(/^AROA[A-Z0-9]{17}:Allowed-session$/);
    expect(lambda.event().requestContext.identity).toMatchObject({
      accessKey: credentials.accessKeyId,
      accountId: ACCOUNT,
      caller: userId,
      user: userId,
      userArn: `arn:aws:sts::${ACCOUNT}:assumed-role/Allowed/Allowed-session`,
      cognitoIdentityId: null,
      sourceIp: "203.0.113.9",
    });
  });

  it("denies a role no policy allows with 403 and AWS's body", async () => {
    const { door, apiId, lambda } = await iamDoor();
    const response = await door.publicEndpoint(await signedPut(session(ACCOUNT, "Denied")));
    expect(response.status).toBe(403);
    expect(response.headers["x-amzn-errortype"]).toBe("AccessDeniedException");
    expect(text(response.body)).toBe(
      `{"Message":"User: arn:aws:sts::${ACCOUNT}:assumed-role/Denied/Denied-session is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:${REGION}:********2222:${apiId}/v1/PUT/orders"}`,
    );
    expect(lambda.events).toEqual([]);
  });

  it("lets another account's role in only when its identity policy and the resource policy both allow", async () => {
    const { door } = await iamDoor();
    const status = async (name: string) =>
      (await door.publicEndpoint(await signedPut(session(CONSUMER, name)))).status;
    expect(await status("Partner")).toBe(204);
    expect(await status("NoIdentity")).toBe(403);
    expect(await status("Stranger")).toBe(403);
  });
});

describe("AWS_IAM methods: signatures as AWS checks them", () => {
  it("accepts a signature 4 minutes off and refuses one 6 minutes off, with InvalidSignatureException", async () => {
    const { door } = await iamDoor();
    const credentials = session(ACCOUNT, "Allowed");
    expect((await door.publicEndpoint(await signedPut(credentials, minutes(-4)))).status).toBe(204);
    expect((await door.publicEndpoint(await signedPut(credentials, minutes(4)))).status).toBe(204);
    const late = await door.publicEndpoint(await signedPut(credentials, minutes(-6)));
    expect([late.status, late.headers["x-amzn-errortype"]]).toEqual([403, "InvalidSignatureException"]);
    expect(text(late.body)).toBe(
      '{"message":"Signature expired: 20240305T100512Z is now earlier than 20240305T100612Z (20240305T101112Z - 5 min.)"}',
    );
    const early = await door.publicEndpoint(await signedPut(credentials, minutes(6)));
    expect(text(early.body)).toMatch(
      /^\{"message":"Signature not yet current: 20240305T101712Z is still later than/,
    );
  });

  it("refuses a credential scoped to another service or region", async () => {
    const { door } = await iamDoor();
    const response = await door.publicEndpoint(await signedPut(session(ACCOUNT, "Allowed"), NOW, "sts"));
    expect(text(response.body)).toBe(
      '{"message":"Credential should be scoped to correct service: \'execute-api\'."}',
    );
  });

  it("refuses an expired session (ExpiredTokenException) and a bogus token (UnrecognizedClientException)", async () => {
    const credentials = session(ACCOUNT, "Allowed", minutes(-30));
    const { door } = await iamDoor();
    const expired = await door.publicEndpoint(await signedPut(credentials));
    expect([expired.status, expired.headers["x-amzn-errortype"], text(expired.body)]).toEqual([
      403,
      "ExpiredTokenException",
      '{"message":"The security token included in the request is expired"}',
    ]);
    const bogus = await door.publicEndpoint(
      await signedPut({ ...session(ACCOUNT, "Allowed"), sessionToken: "bogus" }),
    );
    expect([bogus.status, bogus.headers["x-amzn-errortype"], text(bogus.body)]).toEqual([
      403,
      "UnrecognizedClientException",
      '{"message":"The security token included in the request is invalid."}',
    ]);
  });
});
