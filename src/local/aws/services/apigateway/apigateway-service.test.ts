// API Gateway's in-process CreateDeployment, authorized by the real evaluator against the policy the
// food stack gives its deployment custom resource (cdk.out), and run as CDK's AwsCustomResource.
import { beforeEach, describe, expect, it } from "vitest";
import { REGION, readTemplate, resolve } from "../../../iam/cdk-out-fixture.test-support.js";
import { compilePolicy } from "../../../iam/compile-policy.js";
import { evaluate } from "../../../iam/evaluate.js";
import { rolePrincipal } from "../../../iam/principals.js";
import type { Authorizer, PolicyDocument, Principal } from "../../../iam/types.js";
import { createAwsClient } from "../../aws-client.js";
import type { OperationContext } from "../../aws-service.js";
import { AwsError } from "../../protocol/aws-error.js";
import { ServiceRegistry } from "../../service-registry.js";
import { createAwsCustomResourceRunner } from "../cloudformation/aws-custom-resource.js";
import { ApiGatewayState, type RestApi } from "./api-gateway-state.js";
import { createApiGatewayService, deploymentsArn } from "./apigateway-service.js";
import { ModelValidator } from "./model-validator.js";

const FOOD = "222222222222";
const API_ID = "foodapi123";
const ROLE = `arn:aws:iam::${FOOD}:role/OrdersFood-AWS679f53fac002430cb0da5b7982bd2287-ServiceRole`;
const STACK = "OrdersFood";

/** The logical id of the food stack's resource of `type` (exactly one). */
function logicalIdOf(type: string): string {
  const ids = Object.entries(readTemplate(STACK).Resources)
    .filter(([, r]) => r.Type === type)
    .map(([id]) => id);
  expect(ids, type).toHaveLength(1);
  return ids[0] as string;
}

/** The real evaluator with the custom resource role's only identity policy, as synthesized. */
function templateAuthorizer(): Authorizer {
  const policyId = Object.entries(readTemplate(STACK).Resources).find(
    ([id, r]) =>
      r.Type === "AWS::IAM::Policy" && id.startsWith("MicroserviceApiDeploymentCustomResourcePolicy"),
  )?.[0];
  const document = resolve(readTemplate(STACK).Resources[policyId ?? ""]?.Properties?.PolicyDocument, FOOD, {
    refs: new Map([[logicalIdOf("AWS::ApiGateway::RestApi"), API_ID]]),
  }) as PolicyDocument;
  const identity = [compilePolicy(document, "identity:deployment-custom-resource")];
  return {
    authorize: (request) =>
      evaluate(request, {
        identity: request.principal.kind === "role" && request.principal.arn === ROLE ? identity : [],
      }),
  };
}

function restApi(id: string, account: string): RestApi {
  return {
    id,
    name: id,
    account,
    region: REGION,
    endpointTypes: ["PRIVATE"],
    vpcEndpointIds: [],
    binaryMediaTypes: [],
    disableExecuteApiEndpoint: false,
    rootResourceId: "root",
    resources: new Map(),
    models: new ModelValidator(id),
    validators: new Map(),
    stages: new Map(),
    deployments: new Set(),
    authorizers: new Map(),
    apiKeySource: "HEADER",
  };
}

function context(principal: Principal, account = FOOD): OperationContext {
  return {
    caller: { principal, account },
    region: REGION,
    source: { sourceIp: "127.0.0.1", via: ["test"] },
    secureTransport: true,
    requestId: "test",
    now: new Date("2030-01-02T03:04:05Z"),
  };
}

async function awsErrorOf(promise: Promise<unknown>): Promise<AwsError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AwsError);
  return error as AwsError;
}

let state: ApiGatewayState;
let service: ReturnType<typeof createApiGatewayService>;
const role = rolePrincipal(ROLE, "AwsCustomResource-test");

beforeEach(() => {
  state = new ApiGatewayState();
  state.addRestApi(restApi(API_ID, FOOD));
  state.addRestApi(restApi("otherapi12", FOOD));
  service = createApiGatewayService({ authorizer: templateAuthorizer(), state });
});

describe("API Gateway CreateDeployment (in-process)", () => {
  it("makes a new deployment of the API each call, as the role the template allows", async () => {
    const create = service.operations.CreateDeployment;
    if (create === undefined) throw new Error("CreateDeployment is not an in-process operation");
    const first = await create({ restApiId: API_ID, description: "first" }, context(role));
    const second = await create({ restApiId: API_ID, description: "second" }, context(role));
    expect(first).toMatchObject({ id: expect.stringMatching(/^[a-z0-9]{6}$/), description: "first" });
    expect(second.id).not.toBe(first.id);
    expect([...(state.restApi(API_ID)?.deployments ?? [])]).toEqual([first.id, second.id]);
    expect(deploymentsArn(REGION, API_ID)).toBe(
      `arn:aws:apigateway:${REGION}::/restapis/${API_ID}/deployments`,
    );
  });

  it("denies another API's deployments, and any other caller, with AWS's wording", async () => {
    const create = service.operations.CreateDeployment;
    if (create === undefined) throw new Error("CreateDeployment is not an in-process operation");
    const other = await awsErrorOf(create({ restApiId: "otherapi12" }, context(role)));
    expect(other.code).toBe("AccessDeniedException");
    expect(other.status).toBe(403);
    expect(other.message).toContain(
      `is not authorized to perform: apigateway:POST on resource: ${deploymentsArn(REGION, "otherapi12")}`,
    );
    const stranger = rolePrincipal(`arn:aws:iam::${FOOD}:role/Stranger`, "s");
    expect((await awsErrorOf(create({ restApiId: API_ID }, context(stranger)))).code).toBe(
      "AccessDeniedException",
    );
    expect(state.restApi("otherapi12")?.deployments.size).toBe(0);
  });

  it("finds only the caller's own APIs, and takes no stageName", async () => {
    const create = service.operations.CreateDeployment;
    if (create === undefined) throw new Error("CreateDeployment is not an in-process operation");
    state.addRestApi(restApi("consumerapi", "111111111111"));
    const allowAll: Authorizer = {
      authorize: () => ({ allowed: true, reason: "allowed", statements: [] }),
    };
    const open = createApiGatewayService({ authorizer: allowAll, state }).operations.CreateDeployment;
    const missing = await awsErrorOf(open?.({ restApiId: "consumerapi" }, context(role)) ?? Promise.reject());
    expect([missing.code, missing.status]).toEqual(["NotFoundException", 404]);
    expect(missing.message).toBe(`Invalid API identifier specified ${FOOD}:consumerapi`);
    const staged = await awsErrorOf(create({ restApiId: API_ID, stageName: "v1" }, context(role)));
    expect(staged.code).toBe("BadRequestException");
  });

  it("runs the food stack's deployment custom resource: the stage gets the new deployment's id", async () => {
    const logicalId = logicalIdOf("Custom::ApiGatewayDeployment");
    const template = readTemplate(STACK);
    const outputName = /"OutputName":"(\w+)"/.exec(JSON.stringify(template.Resources[logicalId]))?.[1] ?? "";
    const properties = resolve(template.Resources[logicalId]?.Properties, FOOD, {
      refs: new Map([
        [logicalIdOf("AWS::ApiGateway::RestApi"), API_ID],
        [logicalIdOf("AWS::ApiGateway::Deployment"), "cdk123"],
      ]),
      stackOutputs: new Map([[outputName, "vpce-0123456789abcdef0"]]),
    }) as Record<string, unknown>;
    expect(JSON.parse(String(properties.Create)).parameters).toEqual({
      restApiId: API_ID,
      description: "accountmesh: structure cdk123 cross-account values vpce-0123456789abcdef0",
    });
    const registry = new ServiceRegistry([service]);
    const run = createAwsCustomResourceRunner(createAwsClient(() => registry));
    const provisioned = await run(properties, { roleArn: ROLE, region: REGION, logicalId });
    const [deploymentId] = [...(state.restApi(API_ID)?.deployments ?? [])];
    expect(provisioned).toEqual({ ref: deploymentId, attributes: { id: deploymentId } });
  });
});
