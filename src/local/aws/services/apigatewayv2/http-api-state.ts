// HTTP APIs (API Gateway v2) as the templates define them: APIs with their routes, integrations and
// stages, and VPC links (v2). Plain data keyed by id; no I/O.
import { AccountmeshError } from "../../../../shared/errors.js";
import type { UnsupportedFeature } from "../../../assembly/types.js";
import type { RouteKey } from "./route-selection.js";

export interface HttpRoute {
  readonly id: string;
  readonly routeKey: RouteKey;
  /** Integration id from `Target: integrations/<id>` (undefined: a route without target, answered 404 as AWS does). */
  readonly integrationId: string | undefined;
}

export interface HttpIntegration {
  readonly id: string;
  readonly type: "HTTP_PROXY" | "AWS_PROXY";
  /** A load balancer listener ARN (VPC_LINK), a URL (INTERNET) or a function ARN (AWS_PROXY). */
  readonly uri: string;
  /** HTTP method sent to an HTTP_PROXY backend (`ANY`: the request's). */
  readonly method: string;
  readonly connectionType: "INTERNET" | "VPC_LINK";
  readonly connectionId: string | undefined;
  readonly payloadFormatVersion: "1.0" | "2.0";
  /** 50 ms – 30 s, AWS's default 30 s. */
  readonly timeoutMs: number;
  /** Parameter mappings, e.g. `overwrite:path` → `$request.path`. */
  readonly requestParameters: Readonly<Record<string, string>>;
}

export interface HttpStage {
  readonly name: string;
  /** Auto-deployed, or given a deployment: it serves the API's routes. */
  readonly deployed: boolean;
}

export interface HttpApi {
  readonly id: string;
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly disableExecuteApiEndpoint: boolean;
  readonly routes: HttpRoute[];
  readonly integrations: Map<string, HttpIntegration>;
  readonly stages: Map<string, HttpStage>;
}

export interface VpcLink {
  readonly id: string;
  readonly account: string;
  readonly region: string;
  readonly vpcId: string;
  /** The link's network interfaces' addresses: the source the load balancer sees. */
  readonly sourceIps: readonly string[];
}

export class HttpApiState {
  readonly apis = new Map<string, HttpApi>();
  readonly vpcLinks = new Map<string, VpcLink>();
  readonly #unsupported: UnsupportedFeature[] = [];

  api(id: string, neededBy: string): HttpApi {
    const api = this.apis.get(id);
    if (api === undefined) {
      throw new AccountmeshError(
        "APIGATEWAYV2_UNKNOWN_API",
        `${neededBy}: ApiId ${id} names no AWS::ApiGatewayV2::Api of the assembly; point it at one (Ref of the API).`,
        { apiId: id },
      );
    }
    return api;
  }

  /** The API answering `<apiId>.execute-api.<region>.amazonaws.com`, if any. */
  apiForHost(host: string): HttpApi | undefined {
    const match = /^([a-z0-9]{10})\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(
      host.toLowerCase().replace(/:\d+$/, ""),
    );
    const api = match === null ? undefined : this.apis.get(match[1] ?? "");
    return api !== undefined && api.region === match?.[2] && !api.disableExecuteApiEndpoint ? api : undefined;
  }

  report(feature: UnsupportedFeature): void {
    this.#unsupported.push(feature);
  }

  unsupported(): readonly UnsupportedFeature[] {
    return this.#unsupported;
  }
}
