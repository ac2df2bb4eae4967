// The resource policies of the orders system as synthesized (cdk.out), compiled and evaluated.
import { describe, expect, it } from "vitest";
import { ORDERS_STACKS, REGION, readTemplate, resolve } from "./cdk-out-fixture.test-support.js";
import { compilePolicy } from "./compile-policy.js";
import { evaluate } from "./evaluate.js";
import { expandExecuteApiPolicy } from "./execute-api-policy.js";
import { rolePrincipal } from "./principals.js";
import type {
  AuthorizationRequest,
  ContextValue,
  PolicyDocument,
  PolicyStatement,
  Principal,
} from "./types.js";

const CONSUMER = ORDERS_STACKS.OrdersConsumer;
const FOOD = ORDERS_STACKS.OrdersFood;
const VPCE = "vpce-0123456789abcdef0";
const fixture = { stackOutputs: new Map([["PublishOutputRefExecuteApiEndpointC976111FD771B7FC", VPCE]]) };

function templateDocument(
  stack: keyof typeof ORDERS_STACKS,
  logicalId: string,
  property: string,
): PolicyDocument {
  const resource = readTemplate(stack).Resources[logicalId];
  return resolve(resource?.Properties?.[property], ORDERS_STACKS[stack], fixture) as PolicyDocument;
}

function request(
  principal: Principal,
  action: string,
  resource: string,
  resourceAccount: string,
  context: Record<string, ContextValue> = {},
): AuthorizationRequest {
  return { principal, action, resource, resourceAccount, context };
}

const identity = (name: string, ...statements: PolicyStatement[]) =>
  compilePolicy({ Version: "2012-10-17", Statement: statements }, `identity:${name}`);

describe("orders API resource policy (OrdersFood MicroserviceApi)", () => {
  const apiId = "a1b2c3d4e5";
  const document = expandExecuteApiPolicy(
    templateDocument("OrdersFood", "MicroserviceApiFB1335EA", "Policy"),
    {
      region: REGION,
      account: FOOD,
      apiId,
    },
  );
  const policy = compilePolicy(document, `resource:arn:aws:execute-api:${REGION}:${FOOD}:${apiId}`);
  const invoke = `arn:aws:execute-api:${REGION}:${FOOD}:${apiId}/v1/POST/orders`;
  const anonymous: Principal = { kind: "anonymous" };

  it("is the AllowInvoke + DenyOutsideConsumerEndpoint pair on the expanded API ARN", () => {
    const statements = document.Statement as readonly PolicyStatement[];
    expect(statements.map((s) => [s.Sid, s.Effect, s.Resource])).toEqual([
      ["AllowInvoke", "Allow", `arn:aws:execute-api:${REGION}:${FOOD}:${apiId}/*`],
      ["DenyOutsideConsumerEndpoint", "Deny", `arn:aws:execute-api:${REGION}:${FOOD}:${apiId}/*`],
    ]);
    expect(policy.unsupported).toEqual([]);
    expect(policy.conditionKeys).toEqual(["aws:SourceVpce"]);
  });

  it("allows a request through the consumer's execute-api VPC endpoint", () => {
    expect(
      evaluate(request(anonymous, "execute-api:Invoke", invoke, FOOD, { "aws:SourceVpce": VPCE }), {
        identity: [],
        resource: policy,
      }),
    ).toEqual({
      allowed: true,
      reason: "allowed",
      statements: [{ policy: policy.name, sid: "AllowInvoke", effect: "Allow" }],
    });
  });

  it("denies a request that carries no VPC endpoint, or another one", () => {
    for (const context of [{}, { "aws:SourceVpce": "vpce-someoneelse" }] as Record<string, ContextValue>[]) {
      expect(
        evaluate(request(anonymous, "execute-api:Invoke", invoke, FOOD, context), {
          identity: [],
          resource: policy,
        }),
      ).toEqual({
        allowed: false,
        reason: "explicit-deny",
        statements: [{ policy: policy.name, sid: "DenyOutsideConsumerEndpoint", effect: "Deny" }],
      });
    }
  });

  it("does not cover another API", () => {
    const other = `arn:aws:execute-api:${REGION}:${FOOD}:zzzzzzzzzz/v1/GET/orders`;
    expect(
      evaluate(request(anonymous, "execute-api:Invoke", other, FOOD, { "aws:SourceVpce": VPCE }), {
        identity: [],
        resource: policy,
      }).reason,
    ).toBe("implicit-deny");
  });

  it("a signed caller from the consumer account also needs its own identity policy", () => {
    const caller = rolePrincipal(`arn:aws:iam::${CONSUMER}:role/consumer-app`, "s");
    const req = request(caller, "execute-api:Invoke", invoke, FOOD, { "aws:SourceVpce": VPCE });
    expect(evaluate(req, { identity: [], resource: policy }).reason).toBe("cross-account-identity-missing");
    const id = identity("consumer", {
      Effect: "Allow",
      Action: "execute-api:Invoke",
      Resource: "arn:aws:execute-api:*:*:*/*",
    });
    expect(evaluate(req, { identity: [id], resource: policy }).allowed).toBe(true);
  });
});

describe("shared secret (OrdersConsumer EndpointIdSecret) and its KMS key", () => {
  const secretArn = `arn:aws:secretsmanager:${REGION}:${CONSUMER}:secret:cross-account-microservices-AbCdEf`;
  const keyArn = `arn:aws:kms:${REGION}:${CONSUMER}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const secretPolicy = compilePolicy(
    templateDocument("OrdersConsumer", "EndpointIdSecretPolicy9E348989", "ResourcePolicy"),
    `resource:${secretArn}`,
  );
  const keyPolicy = compilePolicy(
    templateDocument("OrdersConsumer", "EndpointIdSecretKey669B54FE", "KeyPolicy"),
    `resource:${keyArn}`,
  );
  const foodRole = rolePrincipal(`arn:aws:iam::${FOOD}:role/food-deployer`, "s");
  const strangerRole = rolePrincipal("arn:aws:iam::444444444444:role/stranger", "s");
  const readSecret = identity("food", {
    Effect: "Allow",
    Action: ["secretsmanager:GetSecretValue", "kms:Decrypt"],
    Resource: "*",
  });

  it("a microservice account reads the secret when its identity policy allows it too", () => {
    const decision = evaluate(request(foodRole, "secretsmanager:GetSecretValue", secretArn, CONSUMER), {
      identity: [readSecret],
      resource: secretPolicy,
    });
    expect(decision.allowed).toBe(true);
    expect(decision.statements.map((s) => s.sid ?? s.policy)).toEqual([
      "identity:food",
      "MicroserviceAccountsRead",
    ]);
    expect(
      evaluate(request(foodRole, "secretsmanager:GetSecretValue", secretArn, CONSUMER), {
        identity: [],
        resource: secretPolicy,
      }).reason,
    ).toBe("cross-account-identity-missing");
  });

  it("only reading is shared, and only with the microservice accounts", () => {
    const writeAll = identity("food-all", { Effect: "Allow", Action: "secretsmanager:*", Resource: "*" });
    expect(
      evaluate(request(foodRole, "secretsmanager:PutSecretValue", secretArn, CONSUMER), {
        identity: [writeAll],
        resource: secretPolicy,
      }).reason,
    ).toBe("cross-account-resource-missing");
    expect(
      evaluate(request(strangerRole, "secretsmanager:GetSecretValue", secretArn, CONSUMER), {
        identity: [readSecret],
        resource: secretPolicy,
      }).reason,
    ).toBe("cross-account-resource-missing");
  });

  it("the key decrypts for a microservice account only via Secrets Manager (kms:ViaService)", () => {
    const via = { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` };
    expect(
      evaluate(request(foodRole, "kms:Decrypt", keyArn, CONSUMER, via), {
        identity: [readSecret],
        resource: keyPolicy,
      }),
    ).toMatchObject({
      allowed: true,
      statements: [{ policy: "identity:food" }, { sid: "MicroserviceAccountsDecryptViaSecretsManager" }],
    });
    expect(
      evaluate(request(foodRole, "kms:Decrypt", keyArn, CONSUMER), {
        identity: [readSecret],
        resource: keyPolicy,
      }).reason,
    ).toBe("cross-account-resource-missing");
  });

  it("in the consumer account the key policy's root statement delegates to identity policies", () => {
    const admin = rolePrincipal(`arn:aws:iam::${CONSUMER}:role/ops`, "s");
    expect(
      evaluate(request(admin, "kms:ScheduleKeyDeletion", keyArn, CONSUMER), {
        identity: [],
        resource: keyPolicy,
      }).reason,
    ).toBe("implicit-deny");
    const ops = identity("ops", { Effect: "Allow", Action: "kms:*", Resource: keyArn });
    expect(
      evaluate(request(admin, "kms:ScheduleKeyDeletion", keyArn, CONSUMER), {
        identity: [ops],
        resource: keyPolicy,
      }).allowed,
    ).toBe(true);
  });
});

describe("ALB access-log bucket policy (OrdersConsumer AlbAccessLogsPolicy)", () => {
  const bucketArn = "arn:aws:s3:::orders-alb-logs";
  const policy = compilePolicy(
    resolve(
      readTemplate("OrdersConsumer").Resources.AlbAccessLogsPolicy7C549C7B?.Properties?.PolicyDocument,
      CONSUMER,
      {
        attributes: new Map([["AlbAccessLogs4EBA3815.Arn", bucketArn]]),
      },
    ) as PolicyDocument,
    `resource:${bucketArn}`,
  );
  const delivery: Principal = { kind: "service", service: "delivery.logs.amazonaws.com" };
  const object = `${bucketArn}/AWSLogs/${CONSUMER}/elasticloadbalancing/log.gz`;

  it("lets the log delivery service put objects with bucket-owner-full-control over TLS", () => {
    const context = { "aws:SecureTransport": true, "s3:x-amz-acl": "bucket-owner-full-control" };
    expect(
      evaluate(request(delivery, "s3:PutObject", object, CONSUMER, context), {
        identity: [],
        resource: policy,
      }).allowed,
    ).toBe(true);
    expect(
      evaluate(request(delivery, "s3:PutObject", object, CONSUMER, { "aws:SecureTransport": true }), {
        identity: [],
        resource: policy,
      }).allowed,
    ).toBe(false);
  });

  it("denies anything over plain HTTP", () => {
    const context = { "aws:SecureTransport": false, "s3:x-amz-acl": "bucket-owner-full-control" };
    expect(
      evaluate(request(delivery, "s3:PutObject", object, CONSUMER, context), {
        identity: [],
        resource: policy,
      }).reason,
    ).toBe("explicit-deny");
  });
});
