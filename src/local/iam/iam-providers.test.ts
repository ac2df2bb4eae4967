// The IAM resources of the orders templates (cdk.out) through the providers, then decisions on the
// tables the way the DynamoDB endpoint will ask for them.
import { describe, expect, it } from "vitest";
import type { Provisioned, ResourceProvider } from "../assembly/types.js";
import { ORDERS_STACKS, REGION, resolve, stackArtifact } from "./cdk-out-fixture.test-support.js";
import { createIamProviders } from "./iam-providers.js";
import { IamState } from "./iam-state.js";
import { PolicyDecisionPoint } from "./policy-decision-point.js";
import { rolePrincipal } from "./principals.js";
import type { AuthorizationRequest } from "./types.js";

const FOOD = ORDERS_STACKS.OrdersFood;
const ordersTable = `arn:aws:dynamodb:${REGION}:${FOOD}:table/cross-account-microservices-food`;
const idempotencyTable = `arn:aws:dynamodb:${REGION}:${FOOD}:table/cross-account-microservices-food-idempotency`;
const IAM_TYPES = ["AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"];

let state: IamState;
let providers: Map<string, ResourceProvider>;
const provisioned = new Map<string, Map<string, Provisioned>>();

async function provisionStack(stackName: keyof typeof ORDERS_STACKS): Promise<void> {
  const stack = stackArtifact(stackName);
  const done = new Map<string, Provisioned>();
  provisioned.set(stackName, done);
  const attributes = new Map<string, unknown>([
    ["MicroserviceTablesOrders0A4809B4.Arn", ordersTable],
    ["MicroserviceTablesIdempotency4F6DAFB4.Arn", idempotencyTable],
  ]);
  // The REST API, which the deployment custom resource's policy names by Ref (its deployments).
  const restApis = Object.entries(stack.template.Resources)
    .filter(([, r]) => r.Type === "AWS::ApiGateway::RestApi")
    .map(([id]): [string, string] => [id, `${stackName.toLowerCase()}api`]);
  // Roles first: CloudFormation orders by reference, and policies Ref their roles.
  for (const type of IAM_TYPES) {
    for (const [logicalId, resource] of Object.entries(stack.template.Resources)) {
      if (resource.Type !== type) continue;
      const refs = new Map([...restApis, ...[...done].map(([id, p]): [string, string] => [id, p.ref])]);
      const properties = resolve(resource.Properties ?? {}, stack.account, { refs, attributes }) as Record<
        string,
        unknown
      >;
      const provider = providers.get(type);
      if (provider === undefined) throw new Error(type);
      done.set(logicalId, await provider.create({ stack, logicalId, type, properties }));
    }
  }
}

// Provisioned once, on first use by a test (not in beforeAll: a failure there would skip the tests
// instead of failing them, which a mutation run counts as a surviving mutant).
let provisioning: Promise<void> | undefined;
function ready(): Promise<void> {
  provisioning ??= (async () => {
    state = new IamState();
    providers = new Map(createIamProviders(state).map((p) => [p.type, p]));
    for (const stackName of Object.keys(ORDERS_STACKS) as (keyof typeof ORDERS_STACKS)[])
      await provisionStack(stackName);
  })();
  return provisioning;
}

function roleArn(stack: keyof typeof ORDERS_STACKS, logicalId: string): string {
  const arn = provisioned.get(stack)?.get(logicalId)?.attributes?.Arn;
  if (typeof arn !== "string") throw new Error(`no role ${logicalId}`);
  return arn;
}

function ask(role: string, action: string, resource: string): AuthorizationRequest {
  return { principal: rolePrincipal(role, "fn"), action, resource, resourceAccount: FOOD, context: {} };
}

describe("IAM providers", () => {
  it("honour every property the orders templates give IAM resources", async () => {
    await ready();
    for (const stackName of Object.keys(ORDERS_STACKS) as (keyof typeof ORDERS_STACKS)[]) {
      for (const resource of Object.values(stackArtifact(stackName).template.Resources)) {
        const provider = providers.get(resource.Type);
        if (provider === undefined) continue;
        for (const property of Object.keys(resource.Properties ?? {}))
          expect(provider.properties).toContain(property);
      }
    }
  });

  it("name unnamed roles like CloudFormation and honour RoleName", async () => {
    await ready();
    const arn = roleArn("OrdersFood", "MicroservicePlaceOrderRole2045D2F4");
    expect(arn).toMatch(
      /^arn:aws:iam::222222222222:role\/OrdersFood-MicroservicePlaceOrderRole2045D2F4-[A-Z0-9]{12}$/,
    );
    expect(
      provisioned.get("OrdersFood")?.get("MicroservicePlaceOrderRole2045D2F4")?.attributes?.RoleId,
    ).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(roleArn("OrdersConsumer", "PublishGetStackOutputRoleF953C5C7")).toBe(
      "arn:aws:iam::111111111111:role/OrdersConsumerPublishGetStackOutputRoleFDDBE402",
    );
  });

  it("give the same names on every start", async () => {
    await ready();
    const again = new IamState();
    const role = createIamProviders(again).find((p) => p.type === "AWS::IAM::Role");
    const stack = stackArtifact("OrdersFood");
    const resource = stack.template.Resources.MicroservicePlaceOrderRole2045D2F4;
    const created = await role?.create({
      stack,
      logicalId: "MicroservicePlaceOrderRole2045D2F4",
      type: "AWS::IAM::Role",
      properties: resolve(resource?.Properties, FOOD, {}) as Record<string, unknown>,
    });
    expect(created?.attributes?.Arn).toBe(roleArn("OrdersFood", "MicroservicePlaceOrderRole2045D2F4"));
  });

  it("truncate long generated names to 64 characters, keeping the suffix", async () => {
    await ready();
    const role = createIamProviders(new IamState()).find((p) => p.type === "AWS::IAM::Role");
    const stack = stackArtifact("OrdersFood");
    const logicalId = "A".repeat(80);
    const created = await role?.create({
      stack,
      logicalId,
      type: "AWS::IAM::Role",
      properties: { AssumeRolePolicyDocument: { Statement: [] } },
    });
    expect(created?.ref).toHaveLength(64);
    expect(created?.ref).toMatch(/^OrdersFood-A+-[A-Z0-9]{12}$/);
  });

  it("reject a policy document that is not one, naming the resource and property", async () => {
    await ready();
    const role = providers.get("AWS::IAM::Role");
    const stack = stackArtifact("OrdersFood");
    await expect(
      role?.create({
        stack,
        logicalId: "Bad",
        type: "AWS::IAM::Role",
        properties: { AssumeRolePolicyDocument: "nope" },
      }),
    ).rejects.toMatchObject({
      code: "IAM_INVALID_PROPERTY",
      message: expect.stringContaining("OrdersFood/Bad: AssumeRolePolicyDocument"),
    });
  });

  it("refuse, as IAM would, a trust policy with a Resource and an inline policy with Action and NotAction", async () => {
    await ready();
    const role = providers.get("AWS::IAM::Role");
    const stack = stackArtifact("OrdersFood");
    const trust = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "sts:AssumeRole" }],
    };
    await expect(
      role?.create({
        stack,
        logicalId: "TrustWithResource",
        type: "AWS::IAM::Role",
        properties: {
          AssumeRolePolicyDocument: { ...trust, Statement: [{ ...trust.Statement[0], Resource: "*" }] },
        },
      }),
    ).rejects.toMatchObject({
      code: "POLICY_MALFORMED",
      message: expect.stringMatching(
        /^AWS::IAM::Role OrdersFood\/TrustWithResource: AssumeRolePolicyDocument is not a valid role trust policy.*\[resource-in-trust-policy\]/,
      ),
      details: { stack: "OrdersFood", logicalId: "TrustWithResource", property: "AssumeRolePolicyDocument" },
    });
    await expect(
      role?.create({
        stack,
        logicalId: "BothActions",
        type: "AWS::IAM::Role",
        properties: {
          AssumeRolePolicyDocument: trust,
          Policies: [
            {
              PolicyName: "p",
              PolicyDocument: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: "s3:*", NotAction: "s3:DeleteObject", Resource: "*" }],
              }),
            },
          ],
        },
      }),
    ).rejects.toMatchObject({
      code: "POLICY_MALFORMED",
      details: { property: "Policies[0].PolicyDocument", problems: [{ rule: "action-and-notaction" }] },
    });
    await expect(
      providers.get("AWS::IAM::ManagedPolicy")?.create({
        stack,
        logicalId: "NoResource",
        type: "AWS::IAM::ManagedPolicy",
        properties: { PolicyDocument: { Statement: [{ Effect: "Allow", Action: "s3:GetObject" }] } },
      }),
    ).rejects.toMatchObject({
      code: "POLICY_MALFORMED",
      details: { problems: [{ rule: "resource-missing" }] },
    });
  });
});

describe("AWS::IAM::Policy and AWS::IAM::ManagedPolicy name a bad PolicyDocument", () => {
  // PolicyDocument is the property of both resource types:
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-policy.html
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-managedpolicy.html
  it("rejects a PolicyDocument that is not a policy, naming the resource and the property", async () => {
    const iam = new Map(createIamProviders(new IamState()).map((p) => [p.type, p]));
    const stack = stackArtifact("OrdersFood");
    for (const type of ["AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"]) {
      await expect(
        iam.get(type)?.create({
          stack,
          logicalId: "BadDoc",
          type,
          properties: { PolicyName: "p", PolicyDocument: "nope", Roles: [] },
        }),
        type,
      ).rejects.toMatchObject({
        code: "IAM_INVALID_PROPERTY",
        message: expect.stringContaining("OrdersFood/BadDoc: PolicyDocument"),
      });
    }
  });
});

describe("orders table policies through the policy decision point", () => {
  it("PlaceOrder may PutItem on the orders table, nothing else there", async () => {
    await ready();
    const pdp = new PolicyDecisionPoint(state);
    const role = roleArn("OrdersFood", "MicroservicePlaceOrderRole2045D2F4");
    expect(pdp.authorize(ask(role, "dynamodb:PutItem", ordersTable))).toMatchObject({
      allowed: true,
      statements: [
        {
          sid: "PutOrder",
          effect: "Allow",
          policy: `identity:${role}#MicroservicePlaceOrderRoleDefaultPolicy7D068671`,
        },
      ],
    });
    expect(pdp.authorize(ask(role, "dynamodb:GetItem", ordersTable)).reason).toBe("implicit-deny");
    expect(pdp.authorize(ask(role, "dynamodb:DeleteItem", idempotencyTable)).allowed).toBe(true);
  });

  it("ListOrders may Query the two indexes and not the table itself", async () => {
    await ready();
    const pdp = new PolicyDecisionPoint(state);
    const role = roleArn("OrdersFood", "MicroserviceListOrdersRoleDAD37ED0");
    expect(pdp.authorize(ask(role, "dynamodb:Query", `${ordersTable}/index/orderDateIndex`)).allowed).toBe(
      true,
    );
    expect(pdp.authorize(ask(role, "dynamodb:Query", `${ordersTable}/index/orderListIndex`)).allowed).toBe(
      true,
    );
    expect(pdp.authorize(ask(role, "dynamodb:Query", ordersTable)).allowed).toBe(false);
    expect(pdp.authorize(ask(role, "dynamodb:Query", `${ordersTable}/index/other`)).allowed).toBe(false);
    expect(pdp.authorize(ask(role, "dynamodb:Scan", `${ordersTable}/index/orderDateIndex`)).allowed).toBe(
      false,
    );
  });

  it("a role of another account gets nothing on the table (no resource policy)", async () => {
    await ready();
    const pdp = new PolicyDecisionPoint(state);
    const beverageRole = roleArn("OrdersBeverage", "MicroserviceGetOrderRoleECCADF7F");
    expect(pdp.authorize(ask(beverageRole, "dynamodb:GetItem", ordersTable)).reason).toBe(
      "cross-account-resource-missing",
    );
  });

  it("AWS managed policies the templates attach are catalogued: nothing is unsupported", async () => {
    await ready();
    const pdp = new PolicyDecisionPoint(state);
    const providerRole = roleArn("OrdersFood", "AWS679f53fac002430cb0da5b7982bd2287ServiceRoleC1EA0FF2");
    expect(
      pdp.authorize(ask(providerRole, "logs:CreateLogGroup", `arn:aws:logs:${REGION}:${FOOD}:log-group:x`))
        .allowed,
    ).toBe(true);
    expect(pdp.authorize(ask(providerRole, "ec2:DescribeManagedPrefixLists", "*")).allowed).toBe(true);
    expect(state.unsupported()).toEqual([]);
  });

  it("trust policies let the Lambda service assume the function roles", async () => {
    await ready();
    const role = roleArn("OrdersFood", "MicroserviceGetOrderRoleECCADF7F");
    const pdp = new PolicyDecisionPoint(state);
    const lambda = { kind: "service", service: "lambda.amazonaws.com" } as const;
    const request = {
      principal: lambda,
      action: "sts:AssumeRole",
      resource: role,
      resourceAccount: FOOD,
      context: {},
    };
    expect(pdp.authorize(request, state.trustPolicyFor(role)).allowed).toBe(true);
    const ec2 = { ...request, principal: { kind: "service", service: "ec2.amazonaws.com" } as const };
    expect(pdp.authorize(ec2, state.trustPolicyFor(role)).allowed).toBe(false);
  });
});
