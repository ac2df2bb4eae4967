// API keys and usage plans (API Gateway developer guide, "Usage plans and API keys for REST APIs"): a
// method with ApiKeyRequired accepts a key — from `x-api-key`, or a Lambda authorizer's
// usageIdentifierKey when the API's ApiKeySourceType is AUTHORIZER — only when an enabled key of a
// usage plan associated with this API stage holds that value (403 Forbidden otherwise). The plan's
// throttle (per method if the stage lists one, else the plan's; token bucket of BurstLimit refilled at
// RateLimit per second) answers 429 Too Many Requests; its quota (Limit per DAY, WEEK or MONTH, UTC,
// Offset shifting the period's start) 429 Limit Exceeded. Counters live for the run (not persisted).
import type { LocalRequest } from "../../../../http/http-types.js";
import type { ApiGatewayState, ApiKey, Throttle, UsagePlan } from "../api-gateway-state.js";
import { invalidApiKey, quotaExceeded, throttled } from "./gateway-error.js";
import type { ApiTarget } from "./resolve-endpoint.js";
import type { Route } from "./route-request.js";

export interface MeteredKey {
  readonly id: string;
  readonly value: string;
}

const DAY_MS = 86_400_000;

export class ApiKeyMeter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #quotas = new Map<string, { window: string; used: number }>();

  constructor(private readonly state: ApiGatewayState) {}

  /** The key the request is metered with, or undefined when the method requires none; throws 403/429. */
  meter(input: {
    readonly target: ApiTarget;
    readonly route: Route;
    readonly request: LocalRequest;
    readonly now: Date;
    readonly usageIdentifierKey?: string;
  }): MeteredKey | undefined {
    const { target, route } = input;
    if (!route.method.apiKeyRequired) return undefined;
    const { api, stage } = target;
    const value =
      api.apiKeySource === "AUTHORIZER"
        ? input.usageIdentifierKey
        : input.request.headers["x-api-key"]?.at(-1);
    if (value === undefined || value === "") {
      throw invalidApiKey(
        `${route.method.httpMethod} ${route.resource.path} requires an API key and the request has none`,
      );
    }
    const found = this.#find(api.id, api.account, api.region, stage.name, value);
    if (found === undefined) {
      throw invalidApiKey(`no enabled API key of a usage plan of ${api.id}/${stage.name} has the value sent`);
    }
    const { plan, key } = found;
    const methodPath = `${route.resource.path === "/" ? "/" : `${route.resource.path}/`}${route.method.httpMethod}`;
    const planStage = plan.apiStages.find((s) => s.apiId === api.id && s.stage === stage.name);
    const limits =
      planStage?.throttle.get(methodPath) ?? planStage?.throttle.get(`/${methodPath}`) ?? plan.throttle;
    const now = input.now.getTime();
    if (
      limits !== undefined &&
      !this.#take(`${plan.id}/${key.id}/${limits === plan.throttle ? "" : methodPath}`, limits, now)
    ) {
      throw throttled(
        `usage plan ${plan.name}: key ${key.id} exceeds ${limits.rateLimit} requests/s (burst ${limits.burstLimit})`,
      );
    }
    if (plan.quota !== undefined) {
      const window = quotaWindow(plan.quota.period, plan.quota.offset, now);
      const counter = this.#quotas.get(`${plan.id}/${key.id}`);
      const used = counter?.window === window ? counter.used : 0;
      if (used >= plan.quota.limit) {
        throw quotaExceeded(
          `usage plan ${plan.name}: key ${key.id} used its ${plan.quota.limit} requests of this ${plan.quota.period}`,
        );
      }
      this.#quotas.set(`${plan.id}/${key.id}`, { window, used: used + 1 });
    }
    return { id: key.id, value: key.value };
  }

  #find(apiId: string, account: string, region: string, stage: string, value: string) {
    for (const plan of this.state.usagePlans.values()) {
      if (plan.account !== account || plan.region !== region) continue;
      if (!plan.apiStages.some((s) => s.apiId === apiId && s.stage === stage)) continue;
      for (const keyId of plan.keyIds) {
        const key = this.state.apiKeys.get(keyId);
        if (key?.enabled && key.value === value) return { plan, key } as { plan: UsagePlan; key: ApiKey };
      }
    }
    return undefined;
  }

  /** One token from the bucket `id` (created full); false when it is empty. */
  #take(id: string, limits: Throttle, now: number): boolean {
    if (!Number.isFinite(limits.burstLimit) && !Number.isFinite(limits.rateLimit)) return true;
    const capacity = Number.isFinite(limits.burstLimit) ? limits.burstLimit : limits.rateLimit;
    const bucket = this.#buckets.get(id) ?? { tokens: capacity, at: now };
    const rate = Number.isFinite(limits.rateLimit) ? limits.rateLimit : capacity;
    const tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    if (tokens < 1) {
      this.#buckets.set(id, { tokens, at: now });
      return false;
    }
    this.#buckets.set(id, { tokens: tokens - 1, at: now });
    return true;
  }
}

/** The quota period `now` falls in (UTC): a day, a week starting `offset` days after Sunday, a month starting on day offset + 1. */
export function quotaWindow(period: "DAY" | "WEEK" | "MONTH", offset: number, now: number): string {
  const day = Math.floor(now / DAY_MS);
  switch (period) {
    case "DAY":
      return `D${day}`;
    case "WEEK":
      // 1970-01-01 was a Thursday: day 4 of the week counted from Sunday (day 0).
      return `W${Math.floor((day + 4 - offset) / 7)}`;
    case "MONTH": {
      const shifted = new Date(now - offset * DAY_MS);
      return `M${shifted.getUTCFullYear()}-${shifted.getUTCMonth()}`;
    }
  }
}
