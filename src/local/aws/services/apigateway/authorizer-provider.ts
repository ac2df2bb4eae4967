// AWS::ApiGateway::Authorizer: Lambda authorizers (TOKEN and REQUEST) with their function, the role
// they are invoked as, identity sources, token validation expression and result TTL (CloudFormation
// template reference; default TTL 300 s). COGNITO_USER_POOLS is reported: its methods fail closed.
import { AccountmeshError } from "../../../../shared/errors.js";
import { stableId } from "../../../../shared/ids.js";
import type { ResourceProvider } from "../../../assembly/types.js";
import type { ApiAuthorizer, ApiGatewayState, IdentitySource } from "./api-gateway-state.js";
import { awsTarget } from "./aws-integration.js";
import { optionalString, where } from "./properties.js";

const TYPE = "AWS::ApiGateway::Authorizer";

export function authorizerProvider(state: ApiGatewayState): ResourceProvider {
  return {
    type: TYPE,
    properties: [
      "RestApiId",
      "Name",
      "Type",
      "AuthorizerUri",
      "AuthorizerCredentials",
      "IdentitySource",
      "IdentityValidationExpression",
      "AuthorizerResultTtlInSeconds",
      "ProviderARNs",
      "AuthType",
    ],
    async create(resource) {
      const api = state.requireRestApi(resource.properties.RestApiId, where(resource));
      const id = stableId([api.id, resource.logicalId], 6, "alnum");
      const type = optionalString(resource, "Type") ?? "TOKEN";
      if (type !== "TOKEN" && type !== "REQUEST" && type !== "COGNITO_USER_POOLS") {
        throw new AccountmeshError(
          "API_GATEWAY_INVALID_PROPERTY",
          `${where(resource)}: Type ${JSON.stringify(type)} is not TOKEN, REQUEST or COGNITO_USER_POOLS.`,
          { where: where(resource), type },
        );
      }
      if (type === "COGNITO_USER_POOLS") {
        state.reportUnsupported({
          kind: "property",
          name: `${TYPE}.Type=COGNITO_USER_POOLS`,
          where: where(resource),
          detail:
            "Cognito user pools are not emulated: methods using this authorizer answer 500 Internal server error",
        });
      }
      const uri = optionalString(resource, "AuthorizerUri") ?? "";
      const target = awsTarget(uri);
      if (type !== "COGNITO_USER_POOLS" && target?.kind !== "lambda") {
        throw new AccountmeshError(
          "API_GATEWAY_INVALID_PROPERTY",
          `${where(resource)}: AuthorizerUri ${JSON.stringify(uri)} is not a Lambda function invocation URI.`,
          { where: where(resource), uri },
        );
      }
      const ttl = Number(resource.properties.AuthorizerResultTtlInSeconds ?? 300);
      const credentials = optionalString(resource, "AuthorizerCredentials");
      const validationExpression = optionalString(resource, "IdentityValidationExpression");
      const authorizer: ApiAuthorizer = {
        id,
        name: optionalString(resource, "Name") ?? resource.logicalId,
        type,
        ...(target?.kind === "lambda" ? { functionArn: target.functionArn } : {}),
        ...(credentials === undefined ? {} : { credentials }),
        identitySources: identitySources(optionalString(resource, "IdentitySource") ?? "", where(resource)),
        ...(validationExpression === undefined ? {} : { validationExpression }),
        ttlSeconds: Number.isFinite(ttl) && ttl > 0 ? ttl : 0,
      };
      api.authorizers.set(id, authorizer);
      return { ref: id, attributes: { AuthorizerId: id } };
    },
  };
}

/** `method.request.header.Auth, method.request.querystring.q` (comma-separated) → identity sources. */
export function identitySources(value: string, at: string): IdentitySource[] {
  return value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => {
      const match =
        /^(?:method\.request\.(header|querystring|multivalueheader|multivaluequerystring)|(stageVariables)|(context))\.(.+)$/.exec(
          part,
        );
      if (match === null) {
        throw new AccountmeshError(
          "API_GATEWAY_INVALID_PROPERTY",
          `${at}: IdentitySource ${JSON.stringify(part)} is not method.request.header|querystring.<name>, stageVariables.<name> or context.<name>.`,
          { where: at, identitySource: part },
        );
      }
      const kind = (match[1]?.replace("multivalue", "") ?? match[2] ?? match[3]) as IdentitySource["kind"];
      return { kind, name: match[4] ?? "" };
    });
}
