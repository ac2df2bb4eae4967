// AWS::Lambda::EventInvokeConfig: the retries, maximum event age and destinations of a function's
// asynchronous invocations (unqualified or $LATEST only: there are no versions or aliases locally).
import { AccountmeshError } from "../../../../shared/errors.js";
import { requiredText, resourceLabel, wholeNumber } from "../../../assembly/resource-properties.js";
import type { ResourceProvider } from "../../../assembly/types.js";
import type { AsyncInvocations } from "./async-invocations.js";
import { functionArnOf } from "./invoke.js";

export function eventInvokeConfigProvider(async: AsyncInvocations): ResourceProvider {
  return {
    type: "AWS::Lambda::EventInvokeConfig",
    properties: [
      "FunctionName",
      "Qualifier",
      "MaximumRetryAttempts",
      "MaximumEventAgeInSeconds",
      "DestinationConfig",
    ],
    async create(resource) {
      const { account, region } = resource.stack;
      const functionArn = functionArnOf(requiredText(resource, "FunctionName"), account, region);
      const qualifier = requiredText(resource, "Qualifier");
      if (qualifier !== "$LATEST") {
        throw new AccountmeshError(
          "LAMBDA_QUALIFIER_UNSUPPORTED",
          `${resourceLabel(resource)}: Qualifier ${qualifier} names a version or alias; accountmesh runs $LATEST only. Use Qualifier "$LATEST".`,
          { qualifier },
        );
      }
      const retries = wholeNumber(resource, "MaximumRetryAttempts");
      const age = wholeNumber(resource, "MaximumEventAgeInSeconds");
      if (
        (retries !== undefined && (retries < 0 || retries > 2)) ||
        (age !== undefined && (age < 60 || age > 21600))
      ) {
        throw new AccountmeshError(
          "LAMBDA_INVALID_EVENT_INVOKE_CONFIG",
          `${resourceLabel(resource)}: MaximumRetryAttempts must be 0–2 and MaximumEventAgeInSeconds 60–21600; received ${String(retries)} and ${String(age)}.`,
        );
      }
      const destinations = resource.properties.DestinationConfig as
        | { OnSuccess?: { Destination?: string }; OnFailure?: { Destination?: string } }
        | undefined;
      async.configure(functionArn, {
        ...(retries === undefined ? {} : { maxRetries: retries }),
        ...(age === undefined ? {} : { maxEventAgeSeconds: age }),
        ...(destinations?.OnSuccess?.Destination === undefined
          ? {}
          : { onSuccess: destinations.OnSuccess.Destination }),
        ...(destinations?.OnFailure?.Destination === undefined
          ? {}
          : { onFailure: destinations.OnFailure.Destination }),
      });
      return { ref: `${functionArn.split(":").pop()}-${qualifier}` };
    },
  };
}
