import { describe, expect, it } from "vitest";
import { IamState } from "../../../iam/iam-state.js";
import { PolicyDecisionPoint } from "../../../iam/policy-decision-point.js";
import { rolePrincipal, rootPrincipal } from "../../../iam/principals.js";
import type { Authorizer, PolicyDocument, Principal } from "../../../iam/types.js";
import type { OperationContext } from "../../aws-service.js";
import { authorizeKeyUse } from "./kms-access.js";
import type { KmsKey } from "./kms-keys.js";

const A = "111122223333";
const ADMIN = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }],
} as const;

function setup(keyPolicy: PolicyDocument) {
  const iam = new IamState();
  const trust = {
    Statement: [
      { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
    ],
  } as const;
  const app = iam.addRole({
    account: A,
    name: "app",
    assumeRolePolicy: trust,
    inlinePolicies: { admin: ADMIN },
  });
  const keyUser = iam.addRole({ account: A, name: "key-user", assumeRolePolicy: trust });
  const pdp = new PolicyDecisionPoint(iam);
  const authorizer: Authorizer = {
    authorize: (request, document) =>
      pdp.authorize(
        request,
        document === undefined ? undefined : pdp.resourcePolicy(document, "resource:key"),
      ),
  };
  const key: KmsKey = {
    id: "k",
    arn: `arn:aws:kms:eu-central-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    account: A,
    region: "eu-central-1",
    policy: keyPolicy,
    description: "",
    enabled: true,
    creationDate: new Date(0),
  };
  const decide = (principal: Principal) => {
    const call: OperationContext = {
      caller: { principal, account: A },
      region: "eu-central-1",
      source: { sourceIp: "10.0.0.1", via: [] },
      secureTransport: true,
      requestId: "r",
      now: new Date("2024-06-01T00:00:00Z"),
    };
    return authorizeKeyUse(authorizer, call, key, "kms:Decrypt");
  };
  return { decide, app: rolePrincipal(app.arn, "s"), keyUser: rolePrincipal(keyUser.arn, "s") };
}

const policyNaming = (principal: string): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: "kms:*", Resource: "*" }],
});

describe("authorizeKeyUse: the key policy must allow (https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html)", () => {
  it("an identity Allow is not enough when the key policy names only another role", () => {
    const { decide, app, keyUser } = setup(policyNaming(`arn:aws:iam::${A}:role/key-user`));
    expect(decide(app)).toMatchObject({ allowed: false, reason: "resource-policy-missing" });
    expect(decide(keyUser)).toMatchObject({ allowed: true, statements: [{ policy: "resource:key" }] });
    expect(decide(rootPrincipal(A))).toMatchObject({ allowed: false, reason: "resource-policy-missing" });
  });

  it("a key policy naming the account enables IAM policies: the identity Allow then counts", () => {
    const { decide, app, keyUser } = setup(policyNaming(`arn:aws:iam::${A}:root`));
    expect(decide(app).allowed).toBe(true);
    expect(decide(keyUser)).toMatchObject({ allowed: false, reason: "implicit-deny" });
    expect(decide(rootPrincipal(A)).allowed).toBe(true);
  });
});
