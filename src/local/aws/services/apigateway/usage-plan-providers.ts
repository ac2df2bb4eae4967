// AWS::ApiGateway::ApiKey, ::UsagePlan and ::UsagePlanKey: the keys methods that require one accept,
// and the throttle and quota limits each usage plan puts on them (CloudFormation template reference).
// A key without a Value gets a deterministic 40-character one (listed in endpoints.json).
import { AccountmeshError } from "../../../../shared/errors.js";
import { stableId } from "../../../../shared/ids.js";
import type { ResolvedResource, ResourceProvider } from "../../../assembly/types.js";
import type { ApiGatewayState, Throttle, UsagePlan } from "./api-gateway-state.js";
import { optionalBoolean, optionalRecord, optionalString, requiredString, where } from "./properties.js";

export function apiKeyProvider(state: ApiGatewayState): ResourceProvider {
  return {
    type: "AWS::ApiGateway::ApiKey",
    properties: [
      "Name",
      "Value",
      "Enabled",
      "Description",
      "GenerateDistinctId",
      "CustomerId",
      "StageKeys",
      "Tags",
    ],
    async create(resource) {
      const { account, region } = resource.stack;
      const id = stableId([account, region, resource.stack.stackName, resource.logicalId], 10, "alnum");
      const value = optionalString(resource, "Value") ?? stableId([id, "value"], 40, "alnum");
      state.apiKeys.set(id, {
        id,
        name: optionalString(resource, "Name") ?? resource.logicalId,
        value,
        enabled: optionalBoolean(resource, "Enabled", resource.properties.Enabled) ?? true,
        account,
        region,
      });
      return { ref: id, attributes: { APIKeyId: id } };
    },
  };
}

export function usagePlanProvider(state: ApiGatewayState): ResourceProvider {
  return {
    type: "AWS::ApiGateway::UsagePlan",
    properties: ["UsagePlanName", "Description", "ApiStages", "Throttle", "Quota", "Tags"],
    async create(resource) {
      const { account, region } = resource.stack;
      const id = stableId([account, region, resource.stack.stackName, resource.logicalId], 6, "alnum");
      const stages = Array.isArray(resource.properties.ApiStages)
        ? (resource.properties.ApiStages as unknown[])
        : [];
      const throttle = throttleOf(resource, "Throttle", resource.properties.Throttle);
      const quota = optionalRecord(resource, "Quota", resource.properties.Quota);
      const period = String(quota?.Period ?? "");
      const plan: UsagePlan = {
        id,
        name: optionalString(resource, "UsagePlanName") ?? resource.logicalId,
        account,
        region,
        apiStages: stages.map((item, i) => {
          const stage = optionalRecord(resource, `ApiStages.${i}`, item) ?? {};
          const methods = optionalRecord(resource, `ApiStages.${i}.Throttle`, stage.Throttle) ?? {};
          return {
            apiId: String(stage.ApiId ?? ""),
            stage: String(stage.Stage ?? ""),
            throttle: new Map(
              Object.entries(methods).flatMap(([path, limits]) => {
                const t = throttleOf(resource, `ApiStages.${i}.Throttle.${path}`, limits);
                return t === undefined ? [] : [[path, t] as const];
              }),
            ),
          };
        }),
        ...(throttle === undefined ? {} : { throttle }),
        ...(quota === undefined
          ? {}
          : {
              quota: {
                limit: Number(quota.Limit ?? 0),
                period: period === "DAY" || period === "WEEK" || period === "MONTH" ? period : "DAY",
                offset: Number(quota.Offset ?? 0),
              },
            }),
        keyIds: new Set(),
      };
      state.usagePlans.set(id, plan);
      return { ref: id, attributes: { Id: id } };
    },
  };
}

export function usagePlanKeyProvider(state: ApiGatewayState): ResourceProvider {
  return {
    type: "AWS::ApiGateway::UsagePlanKey",
    properties: ["KeyId", "KeyType", "UsagePlanId"],
    async create(resource) {
      const keyId = requiredString(resource, "KeyId");
      const planId = requiredString(resource, "UsagePlanId");
      const plan = state.usagePlans.get(planId);
      if (plan === undefined || !state.apiKeys.has(keyId)) {
        throw new AccountmeshError(
          "API_GATEWAY_UNKNOWN_USAGE_PLAN_KEY",
          `${where(resource)}: UsagePlanId ${planId} or KeyId ${keyId} names no usage plan or API key created so far.`,
          { where: where(resource), planId, keyId },
        );
      }
      plan.keyIds.add(keyId);
      return { ref: `${keyId}:${planId}` };
    },
  };
}

function throttleOf(resource: ResolvedResource, name: string, value: unknown): Throttle | undefined {
  const record = optionalRecord(resource, name, value);
  if (record === undefined) return undefined;
  const rateLimit = Number(record.RateLimit ?? Number.POSITIVE_INFINITY);
  const burstLimit = Number(record.BurstLimit ?? Number.POSITIVE_INFINITY);
  return { rateLimit, burstLimit };
}
