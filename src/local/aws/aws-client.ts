// Service-to-service calls inside the runtime (API Gateway invoking a function, Secrets Manager using
// a KMS key, a custom resource's SDK call): SDK-shaped input and output, made as a caller that the
// decision point sees — the principal, the account, the source ARN of a service principal, the
// network source — exactly as a call through the local AWS endpoint would be.
import { randomUUID } from "node:crypto";
import type { NetworkSource } from "../http/http-types.js";
import type { AccountCaller } from "./aws-service.js";
import { AwsError } from "./protocol/aws-error.js";
import type { ServiceRegistry } from "./service-registry.js";

/** Who calls, from where, in which region. */
export interface CallContext {
  readonly caller: AccountCaller;
  readonly region: string;
  /** The network path of the call (default: the runtime itself, outside every VPC). */
  readonly source?: NetworkSource;
  /** A service calling on the caller's behalf (`kms:ViaService`, `aws:ViaAWSService`). */
  readonly viaService?: string;
  /** Request id for logs and errors (default: a new one). */
  readonly requestId?: string;
}

export interface AwsClient {
  /**
   * Calls `service:operation` (signing name and API operation name, e.g. `lambda`, `Invoke`) with
   * SDK v3-shaped input; resolves to the SDK-shaped output. Rejects with the service's AwsError
   * (AccessDeniedException, ResourceNotFoundException, ...) as the SDK would, and with
   * `NotImplemented` (501) for an operation no plugin serves in-process.
   */
  call(
    context: CallContext,
    service: string,
    operation: string,
    input: Readonly<Record<string, unknown>>,
  ): Promise<Record<string, unknown>>;
}

const RUNTIME_SOURCE: NetworkSource = { sourceIp: "127.0.0.1", via: ["accountmesh runtime"] };

/** The in-process client over the services of `registry()` (read at each call: plugins register first). */
export function createAwsClient(
  registry: () => ServiceRegistry,
  now: () => Date = () => new Date(),
): AwsClient {
  return {
    async call(context, service, operation, input) {
      const handler = registry().operation(service, operation);
      if (handler === undefined) {
        throw new AwsError(
          "NotImplemented",
          `accountmesh does not implement ${service}:${operation} in-process (in-process operations: ${registry().operationNames().join(", ")}).`,
          501,
          "",
        );
      }
      return handler(input, {
        caller: context.caller,
        region: context.region,
        source: context.source ?? RUNTIME_SOURCE,
        secureTransport: true,
        requestId: context.requestId ?? randomUUID(),
        now: now(),
        ...(context.viaService === undefined ? {} : { viaService: context.viaService }),
      });
    },
  };
}
