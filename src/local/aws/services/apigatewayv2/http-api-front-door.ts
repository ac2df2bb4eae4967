// The HTTP API (API Gateway v2) front door as a pipeline of AWS's phases: find the API by its
// execute-api host, select the stage (a named stage is the path's first segment, else `$default`),
// select the route (route-selection.ts), then integrate — HTTP_PROXY through a VPC link to a load
// balancer listener (payload 1.0: method, path and query forwarded; a named stage's prefix kept unless
// `overwrite:path` says otherwise), or AWS_PROXY to Lambda (payload 2.0). One error step answers
// AWS's `{"message":...}` bodies; every response carries `apigw-requestid`.

import {
  header,
  type LocalHandler,
  type LocalRequest,
  type LocalResponse,
} from "../../../http/http-types.js";
import { pipeline, type ServerErrorLog } from "../../../http/pipeline.js";
import { RandomBytesPool } from "../../../http/random-bytes-pool.js";
import type { ListenerDoor } from "../../../network/front-door-registry.js";
import type { AwsClient } from "../../aws-client.js";
import { HttpApiError, internalServerError, notFound, serviceUnavailable } from "./http-api-errors.js";
import type { HttpApi, HttpApiState, HttpIntegration, HttpRoute, HttpStage } from "./http-api-state.js";
import { lambdaEventV2, lambdaResultV2 } from "./lambda-event.js";
import { type RouteMatch, selectRoute } from "./route-selection.js";

export interface HttpApiDeps {
  readonly state: HttpApiState;
  /** The load balancer listener an integration's IntegrationUri (listener ARN) names. */
  listenerByArn(listenerArn: string): ListenerDoor | undefined;
  /** Lambda's Invoke for AWS_PROXY integrations, as apigateway.amazonaws.com. */
  readonly aws: AwsClient;
  readonly onServerError?: ServerErrorLog;
  now?(): Date;
}

interface Exchange {
  readonly request: LocalRequest;
  readonly requestId: string;
  /** Path without the query, as received. */
  readonly path: string;
  readonly query: string;
  api?: HttpApi;
  stage?: HttpStage;
  /** The path without the stage prefix (`$request.path`). */
  routePath?: string;
  match?: RouteMatch<HttpRoute>;
}

export function createHttpApiFrontDoor(deps: HttpApiDeps): LocalHandler {
  const random = new RandomBytesPool();
  const now = deps.now ?? (() => new Date());

  const resolveApi = (exchange: Exchange): undefined => {
    const host = header(exchange.request, "host") ?? "";
    const api = deps.state.apiForHost(host);
    if (api === undefined) throw notFound(`no HTTP API answers host ${JSON.stringify(host)}`);
    exchange.api = api;
    return undefined;
  };

  const selectStage = (exchange: Exchange): undefined => {
    const api = exchange.api as HttpApi;
    const [, first = ""] = /^\/([^/]*)/.exec(exchange.path) ?? [];
    const named = first === "$default" ? undefined : api.stages.get(decodeSafe(first));
    const stage = named ?? api.stages.get("$default");
    if (stage === undefined || !stage.deployed) {
      throw notFound(
        stage === undefined
          ? `API ${api.id} has no stage ${JSON.stringify(first)} and no $default stage`
          : `stage ${stage.name} of API ${api.id} has no deployment (AutoDeploy off and no DeploymentId)`,
      );
    }
    exchange.stage = stage;
    exchange.routePath = named === undefined ? exchange.path : exchange.path.slice(first.length + 1) || "/";
    return undefined;
  };

  const routeRequest = (exchange: Exchange): undefined => {
    const api = exchange.api as HttpApi;
    const match = selectRoute(api.routes, exchange.request.method, exchange.routePath ?? "/");
    if (match === undefined) {
      throw notFound(`no route of API ${api.id} matches ${exchange.request.method} ${exchange.routePath}`);
    }
    exchange.match = match;
    return undefined;
  };

  const integrate = async (exchange: Exchange): Promise<LocalResponse> => {
    const api = exchange.api as HttpApi;
    const route = (exchange.match as RouteMatch<HttpRoute>).route;
    const integration =
      route.integrationId === undefined ? undefined : api.integrations.get(route.integrationId);
    if (integration === undefined) {
      throw notFound(`route ${route.routeKey.key} of API ${api.id} has no integration`);
    }
    return integration.type === "AWS_PROXY"
      ? integrateLambda(exchange, integration)
      : integrateHttpProxy(exchange, integration);
  };

  const integrateHttpProxy = async (
    exchange: Exchange,
    integration: HttpIntegration,
  ): Promise<LocalResponse> => {
    const api = exchange.api as HttpApi;
    if (integration.connectionType !== "VPC_LINK") {
      throw internalServerError(
        `HTTP_PROXY to ${integration.uri} over the internet: nothing leaves the machine locally (use a VPC link to a load balancer of the assembly)`,
      );
    }
    const link = deps.state.vpcLinks.get(integration.connectionId ?? "");
    const listener = deps.listenerByArn(integration.uri);
    if (link === undefined || listener === undefined) {
      throw internalServerError(
        link === undefined
          ? `integration ${integration.id}: VPC link ${integration.connectionId} does not exist locally`
          : `integration ${integration.id}: ${integration.uri} is no load balancer listener of the assembly`,
      );
    }
    if (listener.vpcId !== link.vpcId) {
      throw serviceUnavailable(
        `VPC link ${link.id} (${link.vpcId}) cannot reach ${listener.label} in ${listener.vpcId}`,
      );
    }
    const overwrite = integration.requestParameters["overwrite:path"];
    const path = overwrite === undefined ? exchange.path : mapPath(overwrite, exchange);
    const { request } = exchange;
    const forwardedFor = [...(request.headers["x-forwarded-for"] ?? []), request.source.sourceIp].join(", ");
    const backend: LocalRequest = {
      ...request,
      method: integration.method === "ANY" ? request.method : integration.method,
      url: exchange.query === "" ? path : `${path}?${exchange.query}`,
      headers: {
        ...request.headers,
        "x-forwarded-for": [forwardedFor],
        "x-amzn-trace-id": [`Root=1-${random.hex(4)}-${random.hex(12)}`],
      },
      protocol: listener.tls ? "https" : "http",
      source: {
        vpc: { id: link.vpcId, account: link.account },
        sourceIp: link.sourceIps[0] ?? "0.0.0.0",
        via: [...request.source.via, `HTTP API ${api.id}`, `VPC link ${link.id}`],
      },
    };
    const answer = await withTimeout(listener.handler(backend), integration.timeoutMs);
    if (answer === "timed-out") {
      throw serviceUnavailable(
        `${listener.label}:${listener.port} did not answer within ${integration.timeoutMs} ms`,
      );
    }
    return answer;
  };

  const integrateLambda = async (
    exchange: Exchange,
    integration: HttpIntegration,
  ): Promise<LocalResponse> => {
    const api = exchange.api as HttpApi;
    const stage = exchange.stage as HttpStage;
    const { route, pathParameters } = exchange.match as RouteMatch<HttpRoute>;
    if (integration.payloadFormatVersion !== "2.0") {
      throw internalServerError(
        `integration ${integration.id}: Lambda payload format 1.0 is not served locally (2.0 is)`,
      );
    }
    const routePart =
      route.routeKey.segments === undefined ? "$default" : `${exchange.request.method}${exchange.routePath}`;
    const sourceArn = `arn:aws:execute-api:${api.region}:${api.account}:${api.id}/${stage.name}/${routePart}`;
    const event = lambdaEventV2(exchange.request, {
      accountId: api.account,
      apiId: api.id,
      domainName: header(exchange.request, "host") ?? "",
      routeKey: route.routeKey.key,
      stage: stage.name,
      requestId: exchange.requestId,
      path: exchange.path,
      pathParameters,
      now: now(),
    });
    const invocation = deps.aws.call(
      {
        caller: {
          principal: { kind: "service", service: "apigateway.amazonaws.com" },
          account: api.account,
          sourceArn,
        },
        region: api.region,
        requestId: exchange.requestId,
      },
      "lambda",
      "Invoke",
      {
        FunctionName: integration.uri.replace(
          /^arn:aws:apigateway:[^:]+:lambda:path\/2015-03-31\/functions\/(.*)\/invocations$/,
          "$1",
        ),
        Payload: JSON.stringify(event),
      },
    );
    const output = await withTimeout(
      invocation.catch((error: unknown) => {
        throw internalServerError(
          `Lambda refused the invocation from ${sourceArn}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }),
      integration.timeoutMs,
    );
    if (output === "timed-out")
      throw serviceUnavailable(`the function did not answer within ${integration.timeoutMs} ms`);
    if (output.FunctionError !== undefined) {
      throw internalServerError(`the function failed: ${String(output.Payload ?? "")}`);
    }
    return lambdaResultV2(JSON.parse(String(output.Payload ?? "null")));
  };

  return pipeline<Exchange>({
    door: (exchange) => `HTTP API ${exchange.api?.id ?? "(unknown)"}`,
    begin: (request) => {
      const [, path = "/", query = ""] = /^([^?]*)\??(.*)$/.exec(request.url) ?? [];
      return { request, requestId: `${random.base64url(11)}=`, path: path === "" ? "/" : path, query };
    },
    steps: [
      { name: "resolveApi", run: resolveApi },
      { name: "selectStage", run: selectStage },
      { name: "routeRequest", run: routeRequest },
      { name: "integrate", run: integrate },
    ],
    finish: (response, exchange) => ({
      ...response,
      headers: { ...response.headers, "apigw-requestid": exchange.requestId },
    }),
    fail: (error) =>
      error instanceof HttpApiError
        ? {
            status: error.status,
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ message: error.clientMessage }),
          }
        : {
            status: 500,
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ message: "Internal Server Error" }),
          },
    requestId: (exchange) => exchange.requestId,
    ...(deps.onServerError === undefined ? {} : { onServerError: deps.onServerError }),
  });
}

/** `overwrite:path` values: `$request.path` (the path without the stage), or a literal path. */
function mapPath(mapping: string, exchange: Exchange): string {
  return mapping.replaceAll("$request.path", exchange.routePath ?? exchange.path);
}

function decodeSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T | "timed-out"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timed-out">((resolve) => {
    timer = setTimeout(() => resolve("timed-out"), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
