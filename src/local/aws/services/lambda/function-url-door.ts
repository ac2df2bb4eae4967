// The front door of function URLs (`https://<url-id>.lambda-url.<region>.on.aws/`), as Lambda's
// phases: find the URL by host, answer a CORS preflight when the URL has CORS, authenticate
// (AWS_IAM: a SigV4 signature for the service `lambda`), authorize, invoke, map the response. Since
// October 2025 a function URL needs both `lambda:InvokeFunctionUrl` (with
// lambda:FunctionUrlAuthType) and `lambda:InvokeFunction` (with lambda:InvokedViaFunctionUrl) from
// the function's resource policy and, for AWS_IAM, the caller's identity policy (Lambda developer
// guide, "Control access to Lambda function URLs"). Refusals are AWS's 403 `{"Message":"Forbidden"}`.
import { randomUUID } from "node:crypto";
import type { LocalRequest } from "../../../http/http-types.js";
import { header, type LocalHandler, type LocalResponse } from "../../../http/http-types.js";
import { pipeline, type ServerErrorLog } from "../../../http/pipeline.js";
import type { Authorizer } from "../../../iam/types.js";
import type { LambdaHost } from "../../../lambda/lambda-host.js";
import type { OperationContext } from "../../aws-service.js";
import { authorizeCall } from "../../protocol/authorize-call.js";
import type { SignedCallers } from "../../protocol/verify-request.js";
import { functionUrlEvent, functionUrlResponse, type UrlCaller } from "./function-url-event.js";
import type { LambdaPermissions } from "./lambda-permissions.js";
import type { Cors, FunctionUrl, LambdaState } from "./lambda-state.js";

export interface FunctionUrlDoorDeps {
  readonly state: LambdaState;
  readonly host: Pick<LambdaHost, "invokeJson">;
  readonly permissions: LambdaPermissions;
  readonly authorizer: Authorizer;
  readonly callers: SignedCallers;
  readonly onServerError?: ServerErrorLog;
  readonly now?: () => Date;
}

interface Exchange {
  readonly request: LocalRequest;
  readonly requestId: string;
  readonly now: Date;
  url?: FunctionUrl;
  caller?: UrlCaller;
}

const message = (status: number, text: string, headers: Record<string, string> = {}): LocalResponse => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify({ Message: text }),
});

const FORBIDDEN = () => message(403, "Forbidden");

/** The CORS headers of an answer to `origin`, when the URL's CORS configuration admits it. */
function corsHeaders(
  cors: Cors | undefined,
  origin: string | undefined,
  preflight: boolean,
): Record<string, string> {
  if (cors === undefined || origin === undefined) return {};
  const origins = cors.allowOrigins ?? [];
  if (!origins.includes("*") && !origins.includes(origin)) return {};
  const headers: Record<string, string> = {
    "access-control-allow-origin": origins.includes("*") && cors.allowCredentials !== true ? "*" : origin,
  };
  if (cors.allowCredentials === true) headers["access-control-allow-credentials"] = "true";
  if (!preflight && cors.exposeHeaders !== undefined) {
    headers["access-control-expose-headers"] = cors.exposeHeaders.join(",");
  }
  if (preflight) {
    if (cors.allowMethods !== undefined)
      headers["access-control-allow-methods"] = cors.allowMethods.join(",");
    if (cors.allowHeaders !== undefined)
      headers["access-control-allow-headers"] = cors.allowHeaders.join(",");
    if (cors.maxAge !== undefined) headers["access-control-max-age"] = String(cors.maxAge);
  }
  return headers;
}

function hostOf(request: LocalRequest): string {
  return (header(request, "host") ?? "").replace(/:\d+$/, "").toLowerCase();
}

export function createFunctionUrlDoor(deps: FunctionUrlDoorDeps): LocalHandler {
  const now = deps.now ?? (() => new Date());
  const decide = (exchange: Exchange, url: FunctionUrl, action: string, context: Record<string, unknown>) => {
    const call: OperationContext = {
      caller: exchange.caller ?? { principal: { kind: "anonymous" }, account: url.account },
      region: url.region,
      source: exchange.request.source,
      secureTransport: exchange.request.protocol === "https",
      requestId: exchange.requestId,
      now: exchange.now,
    };
    return authorizeCall(deps.authorizer, call, {
      action,
      resource: url.functionArn,
      resourceAccount: url.account,
      resourcePolicy: deps.permissions.policy(url.functionArn),
      context: context as Record<string, string | boolean>,
    }).allowed;
  };
  return pipeline<Exchange>({
    door: (exchange) => `Lambda function URL ${exchange.url?.id ?? hostOf(exchange.request)}`,
    begin: (request) => ({ request, requestId: randomUUID(), now: now() }),
    requestId: (exchange) => exchange.requestId,
    ...(deps.onServerError === undefined ? {} : { onServerError: deps.onServerError }),
    steps: [
      {
        name: "routeRequest",
        run(exchange) {
          exchange.url = deps.state.urlByHost(hostOf(exchange.request));
          return exchange.url === undefined ? message(404, "Not Found") : undefined;
        },
      },
      {
        name: "corsPreflight",
        run({ request, url }) {
          const origin = header(request, "origin");
          if (request.method !== "OPTIONS" || url?.cors === undefined || origin === undefined)
            return undefined;
          if (header(request, "access-control-request-method") === undefined) return undefined;
          return { status: 200, headers: corsHeaders(url.cors, origin, true), body: "" };
        },
      },
      {
        name: "authenticate",
        run(exchange) {
          const url = exchange.url as FunctionUrl;
          if (url.authType === "NONE") return undefined;
          const verified = deps.callers.verify(exchange.request, {
            now: exchange.now,
            service: "lambda",
            region: url.region,
          });
          if (!verified.ok) return FORBIDDEN();
          const { principal, account, accessKeyId } = verified.caller;
          exchange.caller = { principal, account, accessKeyId };
          return undefined;
        },
      },
      {
        name: "authorize",
        run(exchange) {
          const url = exchange.url as FunctionUrl;
          const authType = { "lambda:FunctionUrlAuthType": url.authType };
          const allowed =
            decide(exchange, url, "lambda:InvokeFunctionUrl", authType) &&
            decide(exchange, url, "lambda:InvokeFunction", {
              ...authType,
              "lambda:InvokedViaFunctionUrl": true,
            });
          return allowed ? undefined : FORBIDDEN();
        },
      },
      {
        name: "invoke",
        async run(exchange) {
          const url = exchange.url as FunctionUrl;
          const event = functionUrlEvent(
            url,
            exchange.request,
            exchange.caller,
            exchange.requestId,
            exchange.now,
          );
          const result = await deps.host.invokeJson(url.functionArn, JSON.stringify(event), {
            requestId: exchange.requestId,
          });
          const cors = corsHeaders(url.cors, header(exchange.request, "origin"), false);
          if (result.kind === "throttled") return message(429, "Rate Exceeded.");
          if (result.kind !== "success") return message(502, "Internal Server Error");
          const response = functionUrlResponse(result.payload);
          if (response === undefined) return message(502, "Internal Server Error");
          return { ...response, headers: { ...response.headers, ...cors } };
        },
      },
    ],
    finish: (response, exchange) => ({
      ...response,
      headers: { ...response.headers, "x-amzn-requestid": exchange.requestId },
    }),
    fail: () => message(500, "Internal Server Error"),
  });
}
