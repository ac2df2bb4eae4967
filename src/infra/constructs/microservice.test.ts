import { App } from "aws-cdk-lib";
import type { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { deploymentServedByStage, resolveStackOutputs } from "../../../test/support/deployment-identity.js";
import { synthApp } from "../../../test/support/synth.js";
import { type Json, only, props, type Resource, resources } from "../../../test/support/template.js";
import { AccountmeshError } from "../../shared/errors.js";
import { AccountStack } from "../stacks/account-stack.js";
import { Microservice } from "./microservice.js";

let food: Template;
let consumer: Template;

beforeAll(() => {
  const sys = synthApp();
  food = sys.template("OrdersFood");
  consumer = sys.template("OrdersConsumer");
});

/** The consumer's output that publishes its endpoint id for weak references. */
function endpointOutputName(): string | undefined {
  const [endpointLogicalId] = resources(consumer, "AWS::EC2::VPCEndpoint")[0] as [string, Resource];
  const outputs = consumer.toJSON().Outputs as Record<string, { Value: unknown }>;
  return Object.keys(outputs).find(
    (n) =>
      n.startsWith("Publish") &&
      JSON.stringify(outputs[n]?.Value) === JSON.stringify({ Ref: endpointLogicalId }),
  );
}

/** The weak reference the food stack uses for the consumer's endpoint id. */
function endpointReference(): unknown {
  const outputName = endpointOutputName();
  expect(outputName).toBeDefined();
  return {
    "Fn::GetStackOutput": expect.objectContaining({ StackName: "OrdersConsumer", OutputName: outputName }),
  };
}

describe("Microservice (food)", () => {
  it("has a PRIVATE REST API associated with the consumer's endpoint, by weak cross-account reference", () => {
    const [, api] = only(food, "AWS::ApiGateway::RestApi", "MicroserviceApi");
    expect(api.Properties?.Name).toBe("cross-account-microservices-food");
    expect(api.Properties?.EndpointConfiguration).toEqual({
      Types: ["PRIVATE"],
      VpcEndpointIds: [endpointReference()],
    });
  });

  it("admits only requests through that endpoint: the resource policy denies any other aws:SourceVpce", () => {
    const [, api] = only(food, "AWS::ApiGateway::RestApi", "MicroserviceApi");
    const statements = (props(api).Policy as { Statement: Json[] }).Statement;
    expect(statements).toEqual([
      expect.objectContaining({ Effect: "Allow", Action: "execute-api:Invoke", Resource: "execute-api:/*" }),
      expect.objectContaining({
        Effect: "Deny",
        Action: "execute-api:Invoke",
        Resource: "execute-api:/*",
        Condition: { StringNotEquals: { "aws:SourceVpce": endpointReference() } },
      }),
    ]);
    expect(statements[0]?.Condition).toBeUndefined();
  });

  it("serves stage v1 at https://food.cross-account-microservices.com/v1 (regional custom domain, TLS 1.2)", () => {
    const [, stage] = only(food, "AWS::ApiGateway::Stage", "MicroserviceApi");
    expect(stage.Properties?.StageName).toBe("v1");
    expect(stage.Properties?.AccessLogSetting).toBeDefined();
    const [domainId, domain] = only(food, "AWS::ApiGateway::DomainName", "MicroserviceApiDomain");
    expect(domain.Properties).toMatchObject({
      DomainName: "food.cross-account-microservices.com",
      EndpointConfiguration: { Types: ["REGIONAL"] },
      SecurityPolicy: "TLS_1_2",
    });
    const [, mapping] = only(food, "AWS::ApiGateway::BasePathMapping", "MicroserviceApi");
    expect(mapping.Properties).toMatchObject({ BasePath: "v1", DomainName: { Ref: domainId } });
  });

  it("serves v1 from a deployment that follows the consumer's endpoint id, which the policy names", () => {
    const [stageId, stage] = only(food, "AWS::ApiGateway::Stage", "MicroserviceApi");
    const [deploymentId, deployment] = only(food, "Custom::ApiGatewayDeployment", "MicroserviceApi");
    expect(stage.Properties?.DeploymentId).toEqual({ "Fn::GetAtt": [deploymentId, "id"] });
    const [, mapping] = only(food, "AWS::ApiGateway::BasePathMapping", "MicroserviceApi");
    expect(mapping.Properties?.Stage).toEqual({ Ref: stageId });
    // Every cross-account value of the API's resources is among the deployment's properties.
    const outputsIn = (value: unknown) =>
      new Set([...JSON.stringify(value).matchAll(/"OutputName":"(\w+)"/g)].map((m) => m[1]));
    const apiResources = resources(food, "AWS::ApiGateway::RestApi").concat(
      resources(food, "AWS::ApiGateway::Method"),
      resources(food, "AWS::ApiGateway::Resource"),
    );
    expect(outputsIn(apiResources).size).toBeGreaterThan(0);
    expect(outputsIn(deployment.Properties?.Create)).toEqual(outputsIn(apiResources));
    expect([...outputsIn(deployment.Properties?.Create)]).toEqual([endpointOutputName()]);
  });

  it("gets a new deployment when the consumer's endpoint is replaced: same template, another output value", () => {
    const before = deploymentServedByStage(resolveStackOutputs(food.toJSON(), "vpce-0aaaaaaaaaaaaaaaa"));
    const after = deploymentServedByStage(resolveStackOutputs(food.toJSON(), "vpce-0bbbbbbbbbbbbbbbb"));
    expect(after.logicalId).toBe(before.logicalId);
    expect(after.identity).not.toEqual(before.identity);
  });

  it("validates the POST body: required fullName and food, food from the options enum", () => {
    const [modelId, model] = only(food, "AWS::ApiGateway::Model", "MicroserviceApi");
    const schema = model.Properties?.Schema as Json;
    expect(schema.required).toEqual(["fullName", "food"]);
    expect((schema.properties as Json).food).toEqual({
      type: "string",
      enum: ["pizza", "hamburger", "salat"],
    });
    expect((schema.properties as Json).fullName).toMatchObject({ type: "string", minLength: 1 });
    const [validatorId, validator] = only(food, "AWS::ApiGateway::RequestValidator", "MicroserviceApi");
    expect(validator.Properties).toMatchObject({
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
    const methods = resources(food, "AWS::ApiGateway::Method").map(([, r]) => r.Properties as Json);
    expect(methods.map((m) => m.HttpMethod).sort()).toEqual(["GET", "GET", "POST"]);
    const post = methods.find((m) => m.HttpMethod === "POST") as Json;
    expect(post.RequestModels).toEqual({ "application/json": { Ref: modelId } });
    for (const m of methods) {
      expect(m.RequestValidatorId).toEqual({ Ref: validatorId });
      expect(m.AuthorizationType).toBe("NONE");
      expect(m.Integration).toMatchObject({
        Type: "AWS_PROXY",
        IntegrationHttpMethod: "POST",
        TimeoutInMillis: 29000,
      });
    }
    expect(
      methods.some((m) => JSON.stringify(m.RequestParameters) === '{"method.request.path.orderId":true}'),
    ).toBe(true);
  });

  it("runs three Node 22 arm64 functions in the VPC with the seed's names and the handler contract", () => {
    const fns = resources(food, "AWS::Lambda::Function")
      .map(([, r]) => r.Properties as Json)
      .filter((p) => String(p.FunctionName ?? "").startsWith("cross-account-microservices-food"));
    expect(fns.map((f) => f.FunctionName).sort()).toEqual([
      "cross-account-microservices-food-get-order",
      "cross-account-microservices-food-get-orders",
      "cross-account-microservices-food-post-order",
    ]);
    for (const f of fns) {
      expect(f).toMatchObject({ Runtime: "nodejs22.x", Architectures: ["arm64"], Handler: "index.handler" });
      expect((f.VpcConfig as Json).SubnetIds).toHaveLength(2);
      expect((f.Environment as { Variables: Json }).Variables).toMatchObject({
        MICROSERVICE_TOPIC: "food",
        ORDER_OPTIONS: "pizza,hamburger,salat",
        ORDER_DATE_INDEX_NAME: "orderDateIndex",
        ORDER_LIST_INDEX_NAME: "orderListIndex",
      });
    }
  });

  it("lets the functions reach DynamoDB (prefix list, 443) and nothing else", () => {
    const [sgId, sg] = only(food, "AWS::EC2::SecurityGroup", "MicroserviceFunctionsSecurityGroup");
    expect(sg.Properties?.SecurityGroupIngress).toBeUndefined();
    // No inline egress (no allow-all); the one standalone egress rule below is all there is.
    expect(sg.Properties?.SecurityGroupEgress).toBeUndefined();
    const egress = resources(food, "AWS::EC2::SecurityGroupEgress").map(([, r]) => r.Properties as Json);
    const [lookupId] = only(food, "Custom::ManagedPrefixListLookup", "Microservice");
    expect(egress).toEqual([
      expect.objectContaining({
        GroupId: { "Fn::GetAtt": [sgId, "GroupId"] },
        DestinationPrefixListId: { "Fn::GetAtt": [lookupId, "PrefixLists.0.PrefixListId"] },
        FromPort: 443,
        ToPort: 443,
      }),
    ]);
    food.hasResourceProperties("AWS::EC2::VPCEndpoint", { VpcEndpointType: "Gateway" });
    expect(food.toJSON().Resources).not.toHaveProperty("MicroserviceNetworkVpcIGW");
  });

  it("stores orders keyed by orderId, with date and list indexes, on demand, point-in-time recovery on", () => {
    const tables = resources(food, "AWS::DynamoDB::GlobalTable").map(([, r]) => r.Properties as Json);
    const orders = tables.find((t) => t.TableName === "cross-account-microservices-food") as Json;
    expect(orders).toMatchObject({
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: "orderId", KeyType: "HASH" }],
    });
    expect(JSON.stringify(orders.Replicas)).toContain('"PointInTimeRecoveryEnabled":true');
    const indexes = (orders.GlobalSecondaryIndexes as Json[]).map((i) => [i.IndexName, i.KeySchema]);
    expect(indexes).toEqual([
      [
        "orderDateIndex",
        [
          { AttributeName: "orderDate", KeyType: "HASH" },
          { AttributeName: "createdAt", KeyType: "RANGE" },
        ],
      ],
      [
        "orderListIndex",
        [
          { AttributeName: "orderList", KeyType: "HASH" },
          { AttributeName: "createdAt", KeyType: "RANGE" },
        ],
      ],
    ]);
    const idem = tables.find((t) => t.TableName === "cross-account-microservices-food-idempotency") as Json;
    expect(idem.TimeToLiveSpecification).toEqual({ AttributeName: "expiration", Enabled: true });
  });

  it("grants each function exactly the DynamoDB actions its code uses, on its own table", () => {
    const policies = resources(food, "AWS::IAM::Policy").map(([, r]) => r.Properties as Json);
    const actionsOf = (rolePrefix: string) => {
      const p = policies.find((x) => JSON.stringify(x.Roles).includes(rolePrefix)) as Json;
      const statements = (p.PolicyDocument as { Statement: Json[] }).Statement;
      return statements
        .flatMap((s) => [s.Action].flat() as string[])
        .filter((a) => a.startsWith("dynamodb:"))
        .sort();
    };
    expect(actionsOf("MicroservicePlaceOrderRole")).toEqual([
      "dynamodb:DeleteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
    ]);
    expect(actionsOf("MicroserviceListOrdersRole")).toEqual(["dynamodb:Query"]);
    expect(actionsOf("MicroserviceGetOrderRole")).toEqual(["dynamodb:GetItem"]);
    const text = JSON.stringify(policies);
    expect(text).not.toContain("dynamodb:Scan");
    expect(text).not.toContain("dynamodb:*");
  });
});

describe("Microservice props", () => {
  const make = (props: Partial<ConstructorParameters<typeof Microservice>[2]>) => () =>
    new Microservice(new AccountStack(new App(), "S", { availabilityZones: ["eu-central-1a"] }), "M", {
      name: "food",
      applicationName: "app",
      orderOptions: ["pizza"],
      domainName: "example.com",
      consumerEndpointId: "vpce-0123456789abcdef0",
      ...props,
    });
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      return (e as AccountmeshError).code;
    }
    return "no error";
  };

  it("are validated eagerly with stable codes", () => {
    expect(code(make({ name: "Food" }))).toBe("INVALID_SERVICE_NAME");
    expect(code(make({ orderOptions: [] }))).toBe("INVALID_ORDER_OPTIONS");
    expect(code(make({ orderOptions: ["tea", "tea"] }))).toBe("INVALID_ORDER_OPTIONS");
    expect(code(make({ orderOptions: [" tea"] }))).toBe("INVALID_ORDER_OPTIONS");
    expect(code(make({ azCount: 0 }))).toBe("INVALID_AZ_COUNT");
    expect(AccountmeshError).toBeDefined();
  });
});
