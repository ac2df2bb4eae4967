// AWS::ApiGateway::RestApi: a deterministic API id, the endpoint configuration and the resource policy
// (with AWS's `execute-api:/...` shorthand expanded to the API's ARN, as GetRestApi returns it).
import { AccountmeshError } from "../../../../shared/errors.js";
import { stableId } from "../../../../shared/ids.js";
import type { ResolvedResource, ResourceProvider } from "../../../assembly/types.js";
import type { PolicyDocument, PolicyStatement } from "../../../iam/types.js";
import { assertStorablePolicy } from "../../../iam/validate-policy.js";
import type { ApiGatewayState, ApiResource, EndpointType, RestApi } from "./api-gateway-state.js";
import { executeApiArnPrefix } from "./execute-api-arn.js";
import { ModelValidator } from "./model-validator.js";
import { optionalBoolean, optionalRecord, optionalString, stringList, where } from "./properties.js";

const ENDPOINT_TYPES: readonly EndpointType[] = ["PRIVATE", "REGIONAL", "EDGE"];

export function restApiProvider(state: ApiGatewayState): ResourceProvider {
  return {
    type: "AWS::ApiGateway::RestApi",
    properties: [
      "Name",
      "Description",
      "EndpointConfiguration",
      "Policy",
      "BinaryMediaTypes",
      "DisableExecuteApiEndpoint",
      "ApiKeySourceType",
      "Tags",
    ],
    async create(resource) {
      const { account, region } = resource.stack;
      const id = stableId([account, region, resource.stack.stackName, resource.logicalId], 10, "alnum");
      const rootResourceId = stableId([id, "/"], 10, "alnum");
      const endpoint = optionalRecord(
        resource,
        "EndpointConfiguration",
        resource.properties.EndpointConfiguration,
      );
      const root: ApiResource = { id: rootResourceId, pathPart: "", path: "/", methods: new Map() };
      const policy = parsePolicy(resource, resource.properties.Policy);
      const api: RestApi = {
        id,
        name: optionalString(resource, "Name") ?? resource.logicalId,
        account,
        region,
        endpointTypes: endpointTypes(resource, endpoint?.Types),
        vpcEndpointIds: stringList(
          resource,
          "EndpointConfiguration.VpcEndpointIds",
          endpoint?.VpcEndpointIds,
        ),
        ...(policy === undefined
          ? {}
          : { policy: expandPolicy(policy, executeApiArnPrefix(region, account, id)) }),
        binaryMediaTypes: stringList(resource, "BinaryMediaTypes", resource.properties.BinaryMediaTypes),
        disableExecuteApiEndpoint:
          optionalBoolean(
            resource,
            "DisableExecuteApiEndpoint",
            resource.properties.DisableExecuteApiEndpoint,
          ) ?? false,
        rootResourceId,
        resources: new Map([[rootResourceId, root]]),
        models: new ModelValidator(id),
        validators: new Map(),
        stages: new Map(),
        deployments: new Set(),
        authorizers: new Map(),
        apiKeySource: optionalString(resource, "ApiKeySourceType") === "AUTHORIZER" ? "AUTHORIZER" : "HEADER",
      };
      state.addRestApi(api);
      return { ref: id, attributes: { RootResourceId: rootResourceId, RestApiId: id } };
    },
  };
}

function endpointTypes(resource: ResolvedResource, value: unknown): EndpointType[] {
  const types = stringList(resource, "EndpointConfiguration.Types", value);
  for (const type of types) {
    if (!(ENDPOINT_TYPES as readonly string[]).includes(type)) {
      throw new AccountmeshError(
        "API_GATEWAY_INVALID_PROPERTY",
        `${where(resource)}: EndpointConfiguration.Types holds ${JSON.stringify(type)}; expected PRIVATE, REGIONAL or EDGE.`,
        { where: where(resource), value: type },
      );
    }
  }
  return types.length === 0 ? ["EDGE"] : (types as EndpointType[]);
}

/** Policy may be a JSON object or a JSON string in a template. */
function parsePolicy(resource: ResolvedResource, value: unknown): PolicyDocument | undefined {
  if (value === undefined) {
    return undefined;
  }
  let document: unknown = value;
  if (typeof value === "string") {
    try {
      document = JSON.parse(value);
    } catch {
      document = undefined;
    }
  }
  const record =
    typeof document === "object" && document !== null ? (document as Record<string, unknown>) : {};
  if (typeof record.Statement !== "object" || record.Statement === null) {
    throw new AccountmeshError(
      "API_GATEWAY_INVALID_PROPERTY",
      `${where(resource)}: Policy must be a policy document with a Statement; received ${JSON.stringify(value)}.`,
      { where: where(resource), property: "Policy" },
    );
  }
  return assertStorablePolicy(document, "resource", {
    stack: resource.stack.stackName,
    logicalId: resource.logicalId,
    resourceType: resource.type,
    property: "Policy",
  });
}

/**
 * API Gateway stores `execute-api:/<stage>/<METHOD>/<path>` resources as
 * `arn:<partition>:execute-api:<region>:<account>:<apiId>/<stage>/<METHOD>/<path>`.
 */
export function expandPolicy(policy: PolicyDocument, arnPrefix: string): PolicyDocument {
  const expand = (value: string): string =>
    value.startsWith("execute-api:/") ? `${arnPrefix}/${value.slice("execute-api:/".length)}` : value;
  const expandList = (
    value: string | readonly string[] | undefined,
  ): string | readonly string[] | undefined =>
    value === undefined ? undefined : typeof value === "string" ? expand(value) : value.map(expand);
  const statements: readonly PolicyStatement[] = Array.isArray(policy.Statement)
    ? policy.Statement
    : [policy.Statement as PolicyStatement];
  return {
    ...policy,
    Statement: statements.map((statement) => {
      const resourceList = expandList(statement.Resource);
      const notResourceList = expandList(statement.NotResource);
      return {
        ...statement,
        ...(resourceList === undefined ? {} : { Resource: resourceList }),
        ...(notResourceList === undefined ? {} : { NotResource: notResourceList }),
      };
    }),
  };
}
