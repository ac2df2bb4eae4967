// The resource-based policies of functions, built from AWS::Lambda::Permission the way Lambda's
// AddPermission builds them (https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html):
// who may invoke a function (a service principal such as apigateway.amazonaws.com, an account, a
// role), restricted by AWS:SourceArn (ArnLike) and AWS:SourceAccount (StringEquals). The decision is
// the policy evaluator's, like every other resource policy's; this file only builds the document.
import type { PolicyDocument, PolicyStatement } from "../../../iam/types.js";

export interface LambdaPermission {
  /** Statement id (the Permission's physical id). */
  readonly sid: string;
  /** Unqualified function ARN. */
  readonly functionArn: string;
  /** e.g. `lambda:InvokeFunction`. */
  readonly action: string;
  /** Service principal (`apigateway.amazonaws.com`), 12-digit account id, principal ARN or `*`. */
  readonly principal: string;
  readonly sourceArn?: string;
  readonly sourceAccount?: string;
  /** `NONE` or `AWS_IAM`: the statement is for function URLs of that auth type (lambda:FunctionUrlAuthType). */
  readonly functionUrlAuthType?: string;
  /** The statement allows InvokeFunction only through a function URL (lambda:InvokedViaFunctionUrl). */
  readonly invokedViaFunctionUrl?: boolean;
  /** Only principals of this AWS Organization (aws:PrincipalOrgID). */
  readonly principalOrgId?: string;
}

const ACCOUNT_ID = /^\d{12}$/;

function principalElement(principal: string): PolicyStatement["Principal"] {
  if (principal === "*") {
    return "*";
  }
  if (ACCOUNT_ID.test(principal)) {
    return { AWS: `arn:aws:iam::${principal}:root` };
  }
  return principal.startsWith("arn:") ? { AWS: principal } : { Service: principal };
}

/** The Lambda resource policies of a system, per function. */
export class LambdaPermissions {
  readonly #byFunction = new Map<string, LambdaPermission[]>();
  /** One document per function, rebuilt when a permission is added (the evaluator compiles it once). */
  readonly #documents = new Map<string, PolicyDocument>();

  /** Whether the function's policy has a statement `sid` (AddPermission's ResourceConflictException). */
  has(functionArn: string, sid: string): boolean {
    return this.statementsFor(functionArn).some((permission) => permission.sid === sid);
  }

  /** Removes statement `sid`; false when the policy has none (RemovePermission's ResourceNotFoundException). */
  remove(functionArn: string, sid: string): boolean {
    const list = this.#byFunction.get(functionArn) ?? [];
    const kept = list.filter((permission) => permission.sid !== sid);
    if (kept.length === list.length) return false;
    this.#byFunction.set(functionArn, kept);
    this.#documents.delete(functionArn);
    return true;
  }

  add(permission: LambdaPermission): void {
    const list = this.#byFunction.get(permission.functionArn) ?? [];
    list.push(permission);
    this.#byFunction.set(permission.functionArn, list);
    this.#documents.delete(permission.functionArn);
  }

  statementsFor(functionArn: string): readonly LambdaPermission[] {
    return this.#byFunction.get(functionArn) ?? [];
  }

  /** The function's resource policy as Lambda's GetPolicy shows it; undefined when it has none. */
  policy(functionArn: string): PolicyDocument | undefined {
    const cached = this.#documents.get(functionArn);
    if (cached !== undefined) {
      return cached;
    }
    const statements = this.statementsFor(functionArn);
    if (statements.length === 0) {
      return undefined;
    }
    const document: PolicyDocument = {
      Version: "2012-10-17",
      Id: "default",
      Statement: statements.map((permission) => {
        const condition: Record<string, Record<string, string>> = {};
        const equals: Record<string, string> = {};
        if (permission.sourceAccount !== undefined) equals["AWS:SourceAccount"] = permission.sourceAccount;
        if (permission.functionUrlAuthType !== undefined) {
          equals["lambda:FunctionUrlAuthType"] = permission.functionUrlAuthType;
        }
        if (permission.principalOrgId !== undefined) equals["aws:PrincipalOrgID"] = permission.principalOrgId;
        if (Object.keys(equals).length > 0) condition.StringEquals = equals;
        if (permission.sourceArn !== undefined) {
          condition.ArnLike = { "AWS:SourceArn": permission.sourceArn };
        }
        if (permission.invokedViaFunctionUrl === true) {
          condition.Bool = { "lambda:InvokedViaFunctionUrl": "true" };
        }
        return {
          Sid: permission.sid,
          Effect: "Allow",
          Principal: principalElement(permission.principal),
          Action: permission.action,
          Resource: permission.functionArn,
          ...(Object.keys(condition).length === 0 ? {} : { Condition: condition }),
        } satisfies PolicyStatement;
      }),
    };
    this.#documents.set(functionArn, document);
    return document;
  }
}
