// API Gateway assuming an integration's (or authorizer's) credentials role, decided by the real policy
// decision point over the role's trust policy. AWS: an integration's `credentials` is "the ARN of the
// IAM role that API Gateway assumes" (https://docs.aws.amazon.com/apigateway/latest/api/API_Integration.html),
// which its trust policy must let apigateway.amazonaws.com assume; API Gateway sets the confused-deputy
// keys aws:SourceAccount and aws:SourceArn of the calling API
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
import { describe, expect, it } from "vitest";
import { IamState } from "../../../../iam/iam-state.js";
import { PolicyDecisionPoint } from "../../../../iam/policy-decision-point.js";
import type { PolicyDocument } from "../../../../iam/types.js";
import { buildApi, lambdaProxy, TEST_ACCOUNT, TEST_REGION } from "../rest-api.test-support.js";
import { API_GATEWAY_SESSION_NAME, type AssumeRoleDeps, assumeRole } from "./assume-role.js";
import { API_GATEWAY_TRUST, method, ROOT, restApi, roleArn } from "./service-integration.test-support.js";

const FUNCTION = `arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:fn`;

async function underTest(trust: PolicyDocument = API_GATEWAY_TRUST) {
  const { state, apiId } = await buildApi(
    restApi(method("Items", ROOT, "items", "GET", lambdaProxy(FUNCTION))),
  );
  const api = state.restApi(apiId);
  if (api === undefined) throw new Error("no API built");
  const iam = new IamState();
  iam.addRole({ account: TEST_ACCOUNT, name: "Integration", assumeRolePolicy: trust, inlinePolicies: {} });
  const decisions = new PolicyDecisionPoint(iam);
  const deps: AssumeRoleDeps = {
    authorizer: { authorize: decisions.decide.bind(decisions) },
    trustPolicy: (arn) => iam.role(arn)?.assumeRolePolicy,
  };
  return { api, apiId, deps, decisions };
}

const noSuchRole = (arn: string) =>
  `API Gateway does not have permission to assume the provided role ${arn} (no such role in the cloud assembly)`;

describe("assumeRole", () => {
  it("gives the role's session when its trust policy lets API Gateway assume it", async () => {
    const { api, deps } = await underTest();
    expect(assumeRole(deps, roleArn("Integration"), api)).toEqual({
      principal: expect.objectContaining({
        kind: "role",
        arn: roleArn("Integration"),
        sessionArn: `arn:aws:sts::${TEST_ACCOUNT}:assumed-role/Integration/${API_GATEWAY_SESSION_NAME}`,
      }),
      account: TEST_ACCOUNT,
    });
  });

  it("refuses a role that is not in the assembly, or when no trust policies are known", async () => {
    const { api, deps } = await underTest();
    expect(assumeRole(deps, roleArn("Missing"), api)).toBe(noSuchRole(roleArn("Missing")));
    expect(assumeRole({ authorizer: deps.authorizer }, roleArn("Integration"), api)).toBe(
      noSuchRole(roleArn("Integration")),
    );
  });

  it("refuses an ARN that is no IAM role's, even when a trust policy is found for it", async () => {
    const { api, deps } = await underTest();
    const lenient: AssumeRoleDeps = { authorizer: deps.authorizer, trustPolicy: () => API_GATEWAY_TRUST };
    for (const arn of [
      `arn:aws:iam::${TEST_ACCOUNT}:user/Integration`,
      `x${roleArn("Integration")}`,
      `arn:aws:iam::${TEST_ACCOUNT.slice(1)}:role/Integration`,
    ]) {
      expect(assumeRole(lenient, arn, api)).toBe(noSuchRole(arn));
    }
  });

  it("reads the account of a role of another partition", async () => {
    const { api, deps } = await underTest();
    const lenient: AssumeRoleDeps = { authorizer: deps.authorizer, trustPolicy: () => API_GATEWAY_TRUST };
    const arn = `arn:aws-us-gov:iam::${TEST_ACCOUNT}:role/Integration`;
    const caller = assumeRole(lenient, arn, api);
    expect(typeof caller === "string" ? caller : caller.account).toBe(TEST_ACCOUNT);
  });

  it("refuses when the trust policy does not allow apigateway.amazonaws.com", async () => {
    const { api, deps } = await underTest({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    });
    expect(assumeRole(deps, roleArn("Integration"), api)).toBe(
      `API Gateway does not have permission to assume the provided role ${roleArn("Integration")}`,
    );
  });

  it("sets aws:SourceAccount and aws:SourceArn of the calling API for the trust policy's conditions", async () => {
    const guarded = (apiId: string): PolicyDocument => ({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "apigateway.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": TEST_ACCOUNT },
            ArnLike: { "aws:SourceArn": `arn:aws:execute-api:${TEST_REGION}:${TEST_ACCOUNT}:${apiId}*` },
          },
        },
      ],
    });
    const { api, deps } = await underTest();
    const trusting = (apiId: string): AssumeRoleDeps => ({ ...deps, trustPolicy: () => guarded(apiId) });
    expect(typeof assumeRole(trusting(api.id), roleArn("Integration"), api)).toBe("object");
    expect(typeof assumeRole(trusting("otherapi01"), roleArn("Integration"), api)).toBe("string");
    const accountOnly: PolicyDocument = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "apigateway.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": TEST_ACCOUNT } },
        },
      ],
    };
    expect(typeof assumeRole({ ...deps, trustPolicy: () => accountOnly }, roleArn("Integration"), api)).toBe(
      "object",
    );
  });
});
