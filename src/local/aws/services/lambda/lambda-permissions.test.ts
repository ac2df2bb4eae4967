import { describe, expect, it } from "vitest";
import { compilePolicy } from "../../../iam/compile-policy.js";
import { evaluate } from "../../../iam/evaluate.js";
import { rolePrincipal } from "../../../iam/principals.js";
import type { ContextValue, Principal } from "../../../iam/types.js";
import { LambdaPermissions } from "./lambda-permissions.js";

const FUNCTION =
  "arn:aws:lambda:eu-central-1:222222222222:function:cross-account-microservices-food-get-order";
const API = "arn:aws:execute-api:eu-central-1:222222222222:a1b2c3d4e5";

function apiGatewayPermissions(): LambdaPermissions {
  const permissions = new LambdaPermissions();
  permissions.add({
    sid: "get-order-v1",
    functionArn: FUNCTION,
    action: "lambda:InvokeFunction",
    principal: "apigateway.amazonaws.com",
    sourceArn: `${API}/v1/GET/orders/*`,
  });
  return permissions;
}

function principalOf(name: string): Principal {
  if (name.endsWith(".amazonaws.com")) return { kind: "service", service: name };
  const session = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\/(.+)$/.exec(name);
  if (session !== null)
    return rolePrincipal(`arn:aws:iam::${session[1]}:role/${session[2]}`, session[3] ?? "s");
  return rolePrincipal(name, "s");
}

/**
 * The decision the policy evaluator makes for the function's resource policy. IAM callers carry an
 * identity policy allowing lambda:*, so the answer is the resource policy's (both sides are needed
 * across accounts).
 */
function allows(
  permissions: LambdaPermissions,
  query: {
    functionArn: string;
    principal: string;
    action?: string;
    sourceArn?: string;
    sourceAccount?: string;
  },
): boolean {
  const document = permissions.policy(query.functionArn);
  const principal = principalOf(query.principal);
  const context: Record<string, ContextValue> = {};
  if (query.sourceArn !== undefined) context["aws:SourceArn"] = query.sourceArn;
  if (query.sourceAccount !== undefined) context["aws:SourceAccount"] = query.sourceAccount;
  const identity =
    principal.kind === "role"
      ? [
          compilePolicy(
            { Statement: [{ Effect: "Allow", Action: "lambda:*", Resource: "*" }] },
            "identity:caller",
          ),
        ]
      : [];
  return evaluate(
    {
      principal,
      action: query.action ?? "lambda:InvokeFunction",
      resource: query.functionArn,
      resourceAccount: "222222222222",
      context,
    },
    document === undefined ? { identity } : { identity, resource: compilePolicy(document, "resource") },
  ).allowed;
}

/** ArnLike as the evaluator applies it to a permission's SourceArn. */
function compileArnLike(pattern: string): (arn: string) => boolean {
  const permissions = new LambdaPermissions();
  permissions.add({
    sid: "p",
    functionArn: FUNCTION,
    action: "lambda:InvokeFunction",
    principal: "apigateway.amazonaws.com",
    sourceArn: pattern,
  });
  return (arn) =>
    allows(permissions, { functionArn: FUNCTION, principal: "apigateway.amazonaws.com", sourceArn: arn });
}

describe("ArnLike on a permission's SourceArn (evaluated by the policy evaluator)", () => {
  it("matches each ARN part on its own, with * and ? wildcards", () => {
    const matches = compileArnLike("arn:aws:execute-api:*:2222222222??:a1b2c3d4e5/*/GET/orders/*");
    expect(matches(`${API}/v1/GET/orders/0123`)).toBe(true);
    expect(matches("arn:aws:execute-api:us-east-1:222222222211:a1b2c3d4e5/test/GET/orders/x")).toBe(true);
    expect(matches(`${API}/v1/POST/orders/0123`)).toBe(false);
    // `*` in the region part does not swallow the account part.
    expect(matches("arn:aws:execute-api:eu-central-1:333333333333:a1b2c3d4e5/v1/GET/orders/1")).toBe(false);
    expect(matches("arn:aws:execute-api:eu-central-1")).toBe(false);
  });

  it("is case-sensitive and keeps colons of the resource part", () => {
    expect(
      compileArnLike("arn:aws:sns:eu-central-1:111111111111:topic:*")(
        "arn:aws:sns:eu-central-1:111111111111:topic:x:y",
      ),
    ).toBe(true);
    expect(compileArnLike("arn:aws:sns:*:*:Orders")("arn:aws:sns:eu-central-1:111111111111:orders")).toBe(
      false,
    );
    expect(compileArnLike("*")("arn:aws:sns:eu-central-1:111111111111:orders")).toBe(true);
  });
});

describe("LambdaPermissions, decided by the policy evaluator", () => {
  it("allows the granted service principal from a matching source ARN only", () => {
    const permissions = apiGatewayPermissions();
    const request = { functionArn: FUNCTION, principal: "apigateway.amazonaws.com" };
    expect(allows(permissions, { ...request, sourceArn: `${API}/v1/GET/orders/0123` })).toBe(true);
    expect(allows(permissions, { ...request, sourceArn: `${API}/v1/POST/orders` })).toBe(false);
    expect(
      allows(permissions, {
        ...request,
        sourceArn: `${API.replace("a1b2c3d4e5", "zzzzzzzzzz")}/v1/GET/orders/1`,
      }),
    ).toBe(false);
    // AWS:SourceArn is required by the statement: a request without it does not match.
    expect(allows(permissions, request)).toBe(false);
    expect(
      allows(permissions, {
        ...request,
        principal: "sns.amazonaws.com",
        sourceArn: `${API}/v1/GET/orders/0123`,
      }),
    ).toBe(false);
    expect(
      allows(permissions, {
        ...request,
        action: "lambda:GetFunction",
        sourceArn: `${API}/v1/GET/orders/0123`,
      }),
    ).toBe(false);
    expect(
      allows(permissions, {
        ...request,
        functionArn: `${FUNCTION}-other`,
        sourceArn: `${API}/v1/GET/orders/1`,
      }),
    ).toBe(false);
  });

  it("grants an account principal to every principal of that account, with SourceAccount checked", () => {
    const permissions = new LambdaPermissions();
    permissions.add({ sid: "acct", functionArn: FUNCTION, action: "lambda:*", principal: "111111111111" });
    permissions.add({
      sid: "s3",
      functionArn: FUNCTION,
      action: "lambda:InvokeFunction",
      principal: "s3.amazonaws.com",
      sourceAccount: "222222222222",
    });
    expect(
      allows(permissions, { functionArn: FUNCTION, principal: "arn:aws:iam::111111111111:role/caller" }),
    ).toBe(true);
    expect(
      allows(permissions, { functionArn: FUNCTION, principal: "arn:aws:sts::111111111111:assumed-role/r/s" }),
    ).toBe(true);
    expect(
      allows(permissions, { functionArn: FUNCTION, principal: "arn:aws:iam::333333333333:role/caller" }),
    ).toBe(false);
    expect(
      allows(permissions, {
        functionArn: FUNCTION,
        principal: "s3.amazonaws.com",
        sourceAccount: "222222222222",
      }),
    ).toBe(true);
    expect(
      allows(permissions, {
        functionArn: FUNCTION,
        principal: "s3.amazonaws.com",
        sourceAccount: "999999999999",
      }),
    ).toBe(false);
    expect(allows(permissions, { functionArn: FUNCTION, principal: "s3.amazonaws.com" })).toBe(false);
  });

  it("shows the resource policy as Lambda's GetPolicy does", () => {
    const permissions = apiGatewayPermissions();
    permissions.add({
      sid: "acct",
      functionArn: FUNCTION,
      action: "lambda:InvokeFunction",
      principal: "111111111111",
      sourceAccount: "111111111111",
    });
    expect(permissions.policy(FUNCTION)).toEqual({
      Version: "2012-10-17",
      Id: "default",
      Statement: [
        {
          Sid: "get-order-v1",
          Effect: "Allow",
          Principal: { Service: "apigateway.amazonaws.com" },
          Action: "lambda:InvokeFunction",
          Resource: FUNCTION,
          Condition: { ArnLike: { "AWS:SourceArn": `${API}/v1/GET/orders/*` } },
        },
        {
          Sid: "acct",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111111111111:root" },
          Action: "lambda:InvokeFunction",
          Resource: FUNCTION,
          Condition: { StringEquals: { "AWS:SourceAccount": "111111111111" } },
        },
      ],
    });
    expect(permissions.policy(`${FUNCTION}-none`)).toBeUndefined();
    expect(permissions.statementsFor(FUNCTION).map((s) => s.sid)).toEqual(["get-order-v1", "acct"]);
  });
});
