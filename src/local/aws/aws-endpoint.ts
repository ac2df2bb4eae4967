// The local AWS endpoint: one handler that AWS SDK v3 clients and the AWS CLI reach through
// `--endpoint-url` / AWS_ENDPOINT_URL. It finds the service (X-Amz-Target prefix or the SigV4
// credential scope), authenticates the signature, and hands the call to the service, which checks
// IAM. Every failure is an AWS-shaped error of the service's protocol; nothing hangs.
import { randomUUID } from "node:crypto";
import { header, type LocalHandler, type LocalRequest } from "../http/http-types.js";
import type { AwsProtocol, AwsService } from "./aws-service.js";
import type { CallerDirectory } from "./deps.js";
import { authenticate } from "./protocol/authenticate.js";
import { AwsError, notImplemented } from "./protocol/aws-error.js";
import { errorResponse } from "./protocol/responses.js";
import { matchRoute } from "./protocol/rest-routes.js";
import { parseSigV4, type SigV4Parse, splitUrl } from "./protocol/sigv4-parse.js";
import type { ServiceRegistry } from "./service-registry.js";

export interface AwsEndpointDeps {
  readonly callers: CallerDirectory;
  readonly services: ServiceRegistry;
  /** Clock for signature expiry and condition keys (default: the system clock). */
  readonly now?: () => Date;
}

const UNKNOWN_JSON: AwsProtocol = {
  kind: "json",
  contentType: "application/x-amz-json-1.0",
  targetPrefix: "",
  errorNamespace: "",
};
const UNKNOWN_QUERY: AwsProtocol = { kind: "query", xmlns: "" };
/** Services that speak REST-XML (everything else routed by path speaks REST-JSON). */
const REST_XML_SERVICES = new Set(["s3", "cloudfront", "route53"]);

interface Routed {
  readonly service: AwsService | undefined;
  /** Service name for messages: signing name, target prefix or `unknown`. */
  readonly serviceName: string;
  readonly operation: string | undefined;
  readonly params: URLSearchParams;
  readonly labels: Readonly<Record<string, string>>;
}

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

export function createAwsEndpoint(deps: AwsEndpointDeps): LocalHandler {
  const now = deps.now ?? (() => new Date());
  return async (request) => {
    const requestId = randomUUID();
    const signature = parseSigV4(request);
    const routed = route(request, signature, deps.services);
    const protocol = routed.service?.protocol ?? protocolWithoutPlugin(request, routed);
    try {
      const { caller, region } = authenticate(
        request,
        signature,
        deps.callers,
        protocol,
        now(),
        routed.service?.signingName,
      );
      const service = routed.service;
      if (
        service === undefined ||
        routed.operation === undefined ||
        !service.implemented.includes(routed.operation)
      ) {
        if (service !== undefined && routed.operation === undefined) {
          throw new AwsError("MissingAction", "The request must contain the parameter Action.");
        }
        throw notImplemented(
          routed.serviceName,
          routed.operation ?? "(no operation)",
          service?.implemented ?? [],
        );
      }
      return await service.handle({
        request,
        operation: routed.operation,
        params: routed.params,
        labels: routed.labels,
        caller,
        region,
        source: request.source,
        // The local endpoint stands for AWS's service endpoints, which SDKs and the CLI reach only
        // over HTTPS: `aws:SecureTransport` is true, as on AWS, so the usual "deny without TLS"
        // statement (CDK's enforceSSL) does not lock local clients out (decisions §14).
        secureTransport: true,
        requestId,
        now: now(),
      });
    } catch (error) {
      return errorResponse(protocol, asAwsError(error), requestId);
    }
  };
}

function route(request: LocalRequest, signature: SigV4Parse, services: ServiceRegistry): Routed {
  const target = header(request, "x-amz-target");
  const scopeService = signature.kind === "signed" ? signature.signature.service : undefined;
  if (target !== undefined) {
    const dot = target.lastIndexOf(".");
    const prefix = dot === -1 ? target : target.slice(0, dot);
    const service = services.byTargetPrefix(prefix);
    return {
      service,
      // A service without a plugin is named as IAM names it (the signing name), e.g. `sqs`.
      serviceName: service?.signingName ?? scopeService ?? prefix,
      operation: dot === -1 ? undefined : target.slice(dot + 1),
      params: new URLSearchParams(),
      labels: NO_LABELS,
    };
  }
  const service = scopeService === undefined ? undefined : services.bySigningName(scopeService);
  if (service?.routeRequest !== undefined) {
    const [path, query] = splitUrl(request.url);
    const matched = service.routeRequest(request);
    return {
      service,
      serviceName: service.signingName,
      operation: matched?.operation ?? `${request.method} ${path}`,
      params: new URLSearchParams(query),
      labels: matched?.labels ?? NO_LABELS,
    };
  }
  if (service?.protocol.kind === "rest-json") {
    // REST protocols name the operation by method and path: the service's routes say which.
    const [path, query] = splitUrl(request.url);
    const matched = matchRoute(service.routes ?? [], request.method, path);
    return {
      service,
      serviceName: service.signingName,
      operation: matched?.operation ?? `${request.method} ${path}`,
      params: new URLSearchParams(query),
      labels: matched?.labels ?? NO_LABELS,
    };
  }
  const params = queryParams(request);
  const action = params.get("Action") ?? undefined;
  return {
    service: service?.protocol.kind === "json" ? undefined : service,
    serviceName: scopeService ?? "unknown",
    // A REST call to a service without a plugin has no Action: it is named by method and path.
    operation:
      action ?? (service === undefined ? `${request.method} ${splitUrl(request.url)[0]}` : undefined),
    params,
    labels: NO_LABELS,
  };
}

/**
 * The protocol of a call no plugin serves, so that its NotImplemented error is one the client parses:
 * JSON for `X-Amz-Target` calls (SQS, EventBridge, ...), query XML for `Action=` calls (SNS), and by
 * path REST-XML (S3) or REST-JSON (everything else).
 */
function protocolWithoutPlugin(request: LocalRequest, routed: Routed): AwsProtocol {
  if (header(request, "x-amz-target") !== undefined) return UNKNOWN_JSON;
  if (routed.params.has("Action")) return UNKNOWN_QUERY;
  return REST_XML_SERVICES.has(routed.serviceName) ? { kind: "rest-xml" } : { kind: "rest-json" };
}

/** Query-protocol parameters: the URL query (presigned or GET requests) and the form-encoded body. */
function queryParams(request: LocalRequest): URLSearchParams {
  const [, query] = splitUrl(request.url);
  const params = new URLSearchParams(query);
  const contentType = header(request, "content-type") ?? "";
  if (request.body.length > 0 && contentType.startsWith("application/x-www-form-urlencoded")) {
    for (const [key, value] of new URLSearchParams(request.body.toString("utf8"))) {
      params.append(key, value);
    }
  }
  return params;
}

function asAwsError(error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AwsError("InternalFailure", `The local AWS endpoint failed: ${message}`, 500);
}
