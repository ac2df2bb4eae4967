// SSM Parameter Store's state: String and StringList parameters by account, region and name, with
// their version (1 when created from a template).

export interface SsmParameter {
  readonly account: string;
  readonly region: string;
  /** As given, e.g. `/orders/table-name` or `orders-table`. */
  readonly name: string;
  readonly type: "String" | "StringList";
  readonly value: string;
  readonly version: number;
  readonly dataType: string;
  readonly lastModified: Date;
}

/** `arn:aws:ssm:<region>:<account>:parameter/<name without its leading slash>` (IAM's resource). */
export function parameterArn(account: string, region: string, name: string): string {
  return `arn:aws:ssm:${region}:${account}:parameter/${name.replace(/^\//, "")}`;
}

export class SsmParameters {
  readonly #byKey = new Map<string, SsmParameter>();

  put(parameter: SsmParameter): void {
    this.#byKey.set(key(parameter.account, parameter.region, parameter.name), parameter);
  }

  /** A parameter by name or ARN (`arn:aws:ssm:...:parameter/<name>`), in `account`/`region` for names. */
  find(nameOrArn: string, account: string, region: string): SsmParameter | undefined {
    const arn = /^arn:aws[a-z-]*:ssm:([a-z0-9-]+):(\d{12}):parameter(\/.*)$/.exec(nameOrArn);
    if (arn !== null) {
      const [, arnRegion = "", arnAccount = "", path = ""] = arn;
      return (
        this.#byKey.get(key(arnAccount, arnRegion, path)) ??
        this.#byKey.get(key(arnAccount, arnRegion, path.slice(1)))
      );
    }
    return this.#byKey.get(key(account, region, nameOrArn));
  }
}

function key(account: string, region: string, name: string): string {
  return `${account}\u0000${region}\u0000${name}`;
}
