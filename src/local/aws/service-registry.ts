// The services of the local AWS endpoint, found by X-Amz-Target prefix (JSON protocols) or by SigV4
// signing name (query protocols), and their in-process operations. Built from whatever services the
// plugins bring; it names none.
import { AccountmeshError } from "../../shared/errors.js";
import type { AwsOperation, AwsService } from "./aws-service.js";

export class ServiceRegistry {
  private readonly byTarget = new Map<string, AwsService>();
  private readonly byName = new Map<string, AwsService>();

  constructor(services: readonly AwsService[]) {
    for (const service of services) {
      if (this.byName.has(service.signingName)) {
        throw new AccountmeshError(
          "DUPLICATE_SERVICE",
          `Two plugins serve the AWS API ${service.signingName}; register each service once.`,
          { signingName: service.signingName },
        );
      }
      this.byName.set(service.signingName, service);
      if (service.protocol.kind === "json") this.byTarget.set(service.protocol.targetPrefix, service);
    }
  }

  byTargetPrefix(prefix: string): AwsService | undefined {
    return this.byTarget.get(prefix);
  }

  bySigningName(signingName: string): AwsService | undefined {
    return this.byName.get(signingName);
  }

  /** An operation callable in-process, e.g. `operation("ec2", "DescribeManagedPrefixLists")`. */
  operation(signingName: string, name: string): AwsOperation | undefined {
    const operations = this.byName.get(signingName)?.operations;
    return operations !== undefined && Object.hasOwn(operations, name) ? operations[name] : undefined;
  }

  /** `service:Operation` of every in-process operation, for error messages. */
  operationNames(): string[] {
    return [...this.byName.values()].flatMap((s) =>
      Object.keys(s.operations).map((op) => `${s.signingName}:${op}`),
    );
  }
}
