// Test support for non-proxy integrations: the API Gateway front door over real parts — the policy
// decision point over IAM roles written like a template's, DynamoDB's real service on the test run's
// engine, Lambda's real Invoke over plain functions — so an integration's call is decided exactly as
// in the runtime.

import { IamState } from "../../../../iam/iam-state.js";
import { PolicyDecisionPoint } from "../../../../iam/policy-decision-point.js";
import type { PolicyDocument } from "../../../../iam/types.js";
import { type AwsClient, createAwsClient } from "../../../aws-client.js";
import { ServiceRegistry } from "../../../service-registry.js";
import { DynamoDbEngine } from "../../dynamodb/dynamodb-engine.js";
import { createDynamoDbService } from "../../dynamodb/dynamodb-service.js";
import { DynamoDbTables } from "../../dynamodb/dynamodb-tables.js";
import { createInvokeOperation } from "../../lambda/invoke.js";
import type { LambdaPermissions } from "../../lambda/lambda-permissions.js";
import { buildApi, TEST_ACCOUNT, TEST_REGION, type TemplateResource } from "../rest-api.test-support.js";
import type { ApiGatewayFrontDoor } from "./api-gateway-front-door.js";
import { createApiGatewayFrontDoor } from "./api-gateway-front-door.js";
import type { GatewayLogEntry } from "./deps.js";
import { FunctionHost, NOW, permissionsFrom } from "./front-door.test-support.js";

export const API_GATEWAY_TRUST: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" },
  ],
};

export interface TestRole {
  readonly name: string;
  readonly trust?: PolicyDocument;
  readonly policy: PolicyDocument;
}

export function roleArn(name: string): string {
  return `arn:aws:iam::${TEST_ACCOUNT}:role/${name}`;
}

export interface IntegrationUnderTest {
  readonly door: ApiGatewayFrontDoor;
  readonly apiId: string;
  readonly refs: ReadonlyMap<string, string>;
  readonly engine: DynamoDbEngine;
  readonly lambda: FunctionHost;
  readonly logs: GatewayLogEntry[];
  readonly aws: AwsClient;
  readonly state: Awaited<ReturnType<typeof buildApi>>["state"];
  close(): void;
}

export async function integrationUnderTest(options: {
  readonly dynamodbEndpoint: string;
  readonly resources: Readonly<Record<string, TemplateResource>>;
  readonly roles?: readonly TestRole[];
  readonly handler?: (event: Record<string, unknown>) => unknown;
  readonly permissions?: (apiId: string, refs: ReadonlyMap<string, string>) => LambdaPermissions;
  /** The front door's clock (default: the fixed NOW). */
  readonly clock?: () => Date;
}): Promise<IntegrationUnderTest> {
  const iam = new IamState();
  for (const role of options.roles ?? []) {
    iam.addRole({
      account: TEST_ACCOUNT,
      name: role.name,
      assumeRolePolicy: role.trust ?? API_GATEWAY_TRUST,
      inlinePolicies: { Policy: role.policy },
    });
  }
  const decisions = new PolicyDecisionPoint(iam);
  const authorizer = { authorize: decisions.decide.bind(decisions) };
  const { state, apiId, refs } = await buildApi(options.resources);
  const engine = new DynamoDbEngine(options.dynamodbEndpoint);
  const lambda = new FunctionHost(options.handler ?? (() => ({})));
  const permissions =
    options.permissions?.(apiId, refs) ??
    permissionsFrom({
      [`arn:aws:lambda:${TEST_REGION}:${TEST_ACCOUNT}:function:fn`]: [
        `arn:aws:execute-api:${TEST_REGION}:${TEST_ACCOUNT}:${apiId}/*`,
      ],
    });
  const registry = new ServiceRegistry([
    createDynamoDbService({ authorizer, engine, tables: new DynamoDbTables() }),
    {
      signingName: "lambda",
      protocol: { kind: "rest-json" },
      operations: { Invoke: createInvokeOperation({ host: lambda, permissions, authorizer }) },
      implemented: [],
      handle: () => Promise.reject(new Error("in-process only")),
    },
  ]);
  const aws = createAwsClient(() => registry);
  const logs: GatewayLogEntry[] = [];
  const door = createApiGatewayFrontDoor(state, {
    authorizer,
    aws,
    trustPolicy: (arn) => iam.role(arn)?.assumeRolePolicy,
    clock: options.clock ?? (() => NOW),
    log: (entry) => logs.push(entry),
  });
  return { door, apiId, refs, engine, lambda, logs, aws, state, close: () => engine.close() };
}

/** A method on a new resource `/<pathPart>` of the API `Api` (logical ids derived from `name`). */
export function method(
  name: string,
  parent: unknown,
  pathPart: string,
  httpMethod: string,
  integration: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Record<string, TemplateResource> {
  return {
    [`${name}Resource`]: {
      Type: "AWS::ApiGateway::Resource",
      Properties: { RestApiId: { Ref: "Api" }, ParentId: parent, PathPart: pathPart },
    },
    [`${name}Method`]: {
      Type: "AWS::ApiGateway::Method",
      Properties: {
        RestApiId: { Ref: "Api" },
        ResourceId: { Ref: `${name}Resource` },
        HttpMethod: httpMethod,
        AuthorizationType: "NONE",
        Integration: integration,
        ...extra,
      },
    },
  };
}

export const ROOT = { "Fn::GetAtt": ["Api", "RootResourceId"] };

/** RestApi `Api` (REGIONAL) plus `resources`, plus deployment and stage `prod`. */
export function restApi(resources: Record<string, TemplateResource>, api: Record<string, unknown> = {}) {
  return {
    Api: {
      Type: "AWS::ApiGateway::RestApi",
      Properties: { Name: "service-integrations", EndpointConfiguration: { Types: ["REGIONAL"] }, ...api },
    },
    ...resources,
    Deployment: { Type: "AWS::ApiGateway::Deployment", Properties: { RestApiId: { Ref: "Api" } } },
    Stage: {
      Type: "AWS::ApiGateway::Stage",
      Properties: { RestApiId: { Ref: "Api" }, StageName: "prod", DeploymentId: { Ref: "Deployment" } },
    },
  };
}

export { NOW };
