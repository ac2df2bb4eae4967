// The API Gateway (REST) resource providers, all writing into one ApiGatewayState.
import type { ResourceProvider } from "../../../assembly/types.js";
import type { ApiGatewayState } from "./api-gateway-state.js";
import {
  accountProvider,
  deploymentProvider,
  modelProvider,
  requestValidatorProvider,
  resourceProvider,
  stageProvider,
} from "./api-structure-providers.js";
import { authorizerProvider } from "./authorizer-provider.js";
import { basePathMappingProvider, domainNameProvider } from "./domain-providers.js";
import { methodProvider } from "./method-provider.js";
import { restApiProvider } from "./rest-api-provider.js";
import { apiKeyProvider, usagePlanKeyProvider, usagePlanProvider } from "./usage-plan-providers.js";

export function createApiGatewayProviders(state: ApiGatewayState): ResourceProvider[] {
  return [
    restApiProvider(state),
    resourceProvider(state),
    authorizerProvider(state),
    methodProvider(state),
    modelProvider(state),
    requestValidatorProvider(state),
    deploymentProvider(state),
    stageProvider(state),
    domainNameProvider(state),
    basePathMappingProvider(state),
    accountProvider(),
    apiKeyProvider(state),
    usagePlanProvider(state),
    usagePlanKeyProvider(state),
  ];
}
