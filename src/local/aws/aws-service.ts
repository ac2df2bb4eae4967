// What a service of the local AWS endpoint is: a signing name, a wire protocol, a wire handler and
// (for the operations other modules call in-process, such as AwsCustomResource) SDK-shaped operations.
import type { LocalRequest, LocalResponse, NetworkSource } from "../http/http-types.js";
import type { Caller } from "../iam/types.js";

/** A caller the local AWS endpoint has authenticated (or a service calling in-process): it always has an account. */
export type AccountCaller = Caller & { readonly account: string };

export type AwsProtocol =
  | {
      readonly kind: "json";
      /** `application/x-amz-json-1.0` (DynamoDB) or `-1.1` (Secrets Manager, KMS). */
      readonly contentType: string;
      /** X-Amz-Target prefix, e.g. `DynamoDB_20120810`. */
      readonly targetPrefix: string;
      /** Namespace of the service's own errors in `__type` (`""` for none). */
      readonly errorNamespace: string;
    }
  | { readonly kind: "query"; readonly xmlns: string }
  | { readonly kind: "ec2"; readonly xmlns: string }
  /** REST-JSON services (Lambda, API Gateway's control plane): routed by path, errors as JSON. */
  | { readonly kind: "rest-json" }
  /** REST-XML services (S3, CloudFront, Route 53): routed by path, errors as `<Error>` XML. */
  | { readonly kind: "rest-xml" };

/** Everything an operation needs to know about the call besides its input. */
export interface OperationContext {
  readonly caller: AccountCaller;
  /**
   * The service making this call on the caller's behalf (e.g. `secretsmanager` decrypting with KMS):
   * sets `kms:ViaService` and `aws:ViaAWSService` as AWS does for forward access sessions.
   */
  readonly viaService?: string;
  /** Region of the request (credential scope, or the stack region for in-process calls). */
  readonly region: string;
  readonly source: NetworkSource;
  readonly secureTransport: boolean;
  readonly requestId: string;
  readonly now: Date;
}

/** An authenticated wire request routed to a service. */
export interface AwsCall extends OperationContext {
  readonly request: LocalRequest;
  /** Operation name as in the API (`GetItem`, `GetCallerIdentity`). */
  readonly operation: string;
  /**
   * Query-protocol services: the form parameters (body or URL query). REST protocols: the URL's query
   * parameters. Empty for the JSON protocols.
   */
  readonly params: URLSearchParams;
  /** REST protocols: the path's labels (`{FunctionName}` → `my-function`), URL-decoded. Empty otherwise. */
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Where a REST operation sits on the wire (its Smithy `@http` trait): a method and a path template
 * whose `{Label}` matches one segment and `{Label+}` the rest of the path, e.g.
 * `{ method: "POST", path: "/2015-03-31/functions/{FunctionName}/invocations", operation: "Invoke" }`.
 */
export interface RestRoute {
  readonly method: string;
  readonly path: string;
  readonly operation: string;
}

/** An operation with SDK v3-shaped input and output (PascalCase members). */
export type AwsOperation = (
  input: Readonly<Record<string, unknown>>,
  context: OperationContext,
) => Promise<Record<string, unknown>>;

export interface AwsService {
  /** SigV4 signing name and IAM prefix: `dynamodb`, `sts`, `ec2`, `secretsmanager`, `kms`. */
  readonly signingName: string;
  readonly protocol: AwsProtocol;
  /** Operations callable in-process (by API name); the wire handler uses them where it can. */
  readonly operations: Readonly<Record<string, AwsOperation>>;
  /** Operations the wire handler serves (for the NotImplemented message). */
  readonly implemented: readonly string[];
  /**
   * REST protocols: how the endpoint finds the operation of a request signed for this service
   * (method and path). A request no route matches is answered 501 naming its method and path.
   */
  readonly routes?: readonly RestRoute[];
  /**
   * REST-XML services whose operation depends on more than method and path (S3: the bucket in the
   * Host of virtual-hosted requests, subresources such as `?policy` or `?list-type=2`, the
   * `x-amz-copy-source` header) name it themselves: the operation and its labels, or undefined (501).
   */
  readonly routeRequest?: (
    request: LocalRequest,
  ) => { readonly operation: string; readonly labels: Readonly<Record<string, string>> } | undefined;
  handle(call: AwsCall): Promise<LocalResponse>;
}
