// ListFunctions (Lambda API reference, GET /2015-03-31/functions/): the functions of the caller's
// account and region, a page at a time (`MaxItems` 1–50, default 50; `Marker` from the previous
// page's `NextMarker`). The action takes no resource (`lambda:ListFunctions` on `*`), so only the
// caller's identity policy decides.
import type { Authorizer } from "../../../iam/types.js";
import type { LambdaHost } from "../../../lambda/lambda-host.js";
import type { AwsOperation } from "../../aws-service.js";
import { authorizeCall } from "../../protocol/authorize-call.js";
import { AwsError, accessDeniedMessage } from "../../protocol/aws-error.js";
import { configurationOf } from "./function-operations.js";
import type { LambdaState } from "./lambda-state.js";

export interface ListFunctionsDeps {
  readonly host: Pick<LambdaHost, "specs">;
  readonly authorizer: Authorizer;
  readonly state: LambdaState;
}

const MAX_ITEMS = 50;

/** Input `{ MaxItems?, Marker? }`; output `{ Functions: FunctionConfiguration[], NextMarker? }`, by name. */
export function createListFunctionsOperation(deps: ListFunctionsDeps): AwsOperation {
  return async (input, context) => {
    const decision = authorizeCall(deps.authorizer, context, {
      action: "lambda:ListFunctions",
      resource: "*",
      resourceAccount: context.caller.account,
    });
    if (!decision.allowed) {
      throw new AwsError(
        "AccessDeniedException",
        accessDeniedMessage(context.caller.principal, "lambda:ListFunctions", "*", decision),
        403,
      );
    }
    const maxItems = input.MaxItems === undefined ? MAX_ITEMS : Number(input.MaxItems);
    if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > MAX_ITEMS) {
      throw new AwsError(
        "InvalidParameterValueException",
        `MaxItems must be a whole number from 1 to ${MAX_ITEMS}; received ${JSON.stringify(input.MaxItems)}.`,
      );
    }
    const mine = deps.host
      .specs()
      .filter((spec) => spec.account === context.caller.account && spec.region === context.region)
      .sort((a, b) => a.name.localeCompare(b.name));
    const marker = typeof input.Marker === "string" && input.Marker !== "" ? input.Marker : undefined;
    const start = marker === undefined ? 0 : mine.findIndex((spec) => spec.name > marker);
    const page = start < 0 ? [] : mine.slice(start, start + maxItems);
    const last = page.at(-1);
    const more = start >= 0 && start + maxItems < mine.length;
    return {
      Functions: page.map((spec) => configurationOf(spec, deps.state)),
      ...(more && last !== undefined ? { NextMarker: last.name } : {}),
      $metadata: { httpStatusCode: 200, requestId: context.requestId },
    };
  };
}
