// API Gateway's control plane, in-process only: `CreateDeployment`, which the orders stacks call
// through CDK's AwsCustomResource to re-deploy a REST API when a cross-account value in it changes
// (docs/decisions.md §6). IAM-checked as on AWS: `apigateway:POST` on
// `arn:aws:apigateway:<region>::/restapis/<id>/deployments`, in the caller's own account.
// Deployments stay inert locally (a stage serves the API as provisioned); the id is recorded.
// The control plane's wire protocol (rest-json) is not served: SDK and CLI calls to it get the local
// endpoint's 501, as before (a json-kind protocol keeps signed requests away from this service).
import { stableId } from "../../../../shared/ids.js";
import type { Authorizer } from "../../../iam/types.js";
import type { AwsOperation, AwsService } from "../../aws-service.js";
import { authorizeCall } from "../../protocol/authorize-call.js";
import { AwsError, accessDeniedMessage, notImplemented } from "../../protocol/aws-error.js";
import type { ApiGatewayState } from "./api-gateway-state.js";

export interface ApiGatewayServiceDeps {
  readonly authorizer: Authorizer;
  readonly state: ApiGatewayState;
}

/** The IAM resource of a REST API's deployments collection (CreateDeployment's resource). */
export function deploymentsArn(region: string, restApiId: string): string {
  return `arn:aws:apigateway:${region}::/restapis/${restApiId}/deployments`;
}

export function createApiGatewayService(deps: ApiGatewayServiceDeps): AwsService {
  const createDeployment: AwsOperation = async (input, context) => {
    const { restApiId, description, stageName } = input;
    if (typeof restApiId !== "string" || restApiId === "") {
      throw new AwsError(
        "BadRequestException",
        "Invalid REST API identifier specified: restApiId is required.",
      );
    }
    if (stageName !== undefined) {
      throw new AwsError(
        "BadRequestException",
        "accountmesh runs CreateDeployment without stageName only: point an AWS::ApiGateway::Stage at the deployment instead.",
      );
    }
    const resource = deploymentsArn(context.region, restApiId);
    const decision = authorizeCall(deps.authorizer, context, {
      action: "apigateway:POST",
      resource,
      resourceAccount: context.caller.account,
    });
    if (!decision.allowed) {
      throw new AwsError(
        "AccessDeniedException",
        accessDeniedMessage(context.caller.principal, "apigateway:POST", resource, decision),
        403,
      );
    }
    const api = deps.state.restApi(restApiId);
    if (api === undefined || api.account !== context.caller.account || api.region !== context.region) {
      throw new AwsError(
        "NotFoundException",
        `Invalid API identifier specified ${context.caller.account}:${restApiId}`,
        404,
      );
    }
    const text = typeof description === "string" ? description : "";
    const id = stableId([api.id, "deployment", String(api.deployments.size), text], 6, "alnum");
    api.deployments.add(id);
    return { id, description: text, createdDate: context.now };
  };
  return {
    signingName: "apigateway",
    protocol: {
      kind: "json",
      contentType: "application/json",
      targetPrefix: "accountmesh.apigateway.in-process",
      errorNamespace: "",
    },
    operations: { CreateDeployment: createDeployment },
    implemented: [],
    async handle(call) {
      throw notImplemented("apigateway", call.operation, []);
    },
  };
}
