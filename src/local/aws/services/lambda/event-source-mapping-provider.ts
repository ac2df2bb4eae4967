// AWS::Lambda::EventSourceMapping for DynamoDB streams and SQS queues. Other sources (Kinesis, Kafka,
// MQ, DocumentDB) are refused by name; FilterCriteria, ParallelizationFactor, TumblingWindowInSeconds
// and the batching window are not honoured and reported at start-up (properties not listed).
import { AccountmeshError } from "../../../../shared/errors.js";
import { stableId } from "../../../../shared/ids.js";
import { requiredText, resourceLabel, wholeNumber } from "../../../assembly/resource-properties.js";
import type { ResourceProvider } from "../../../assembly/types.js";
import type { EventSourceMappings } from "./event-source-mappings.js";
import { functionArnOf } from "./invoke.js";

export function eventSourceMappingProvider(mappings: EventSourceMappings): ResourceProvider {
  return {
    type: "AWS::Lambda::EventSourceMapping",
    properties: [
      "EventSourceArn",
      "FunctionName",
      "BatchSize",
      "StartingPosition",
      "MaximumRetryAttempts",
      "BisectBatchOnFunctionError",
      "FunctionResponseTypes",
      "DestinationConfig",
      "Enabled",
      "MaximumRecordAgeInSeconds",
      "Tags",
    ],
    async create(resource) {
      const { account, region, stackName } = resource.stack;
      const sourceArn = requiredText(resource, "EventSourceArn");
      const kind =
        sourceArn.startsWith("arn:aws:dynamodb:") && sourceArn.includes("/stream/")
          ? "dynamodb"
          : sourceArn.startsWith("arn:aws:sqs:")
            ? "sqs"
            : undefined;
      if (kind === undefined) {
        throw new AccountmeshError(
          "LAMBDA_EVENT_SOURCE_UNSUPPORTED",
          `${resourceLabel(resource)}: EventSourceArn ${sourceArn} is not a DynamoDB stream or an SQS queue; accountmesh polls those two locally.`,
          { sourceArn },
        );
      }
      const hex = stableId([account, stackName, resource.logicalId], 32);
      const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
      const types = resource.properties.FunctionResponseTypes;
      const destination = (
        resource.properties.DestinationConfig as { OnFailure?: { Destination?: string } } | undefined
      )?.OnFailure?.Destination;
      const enabled = resource.properties.Enabled;
      const position = resource.properties.StartingPosition;
      mappings.add({
        uuid,
        functionArn: functionArnOf(requiredText(resource, "FunctionName"), account, region),
        sourceArn,
        kind,
        batchSize: wholeNumber(resource, "BatchSize") ?? (kind === "sqs" ? 10 : 100),
        startingPosition: position === "LATEST" ? "LATEST" : "TRIM_HORIZON",
        maxRetries: wholeNumber(resource, "MaximumRetryAttempts") ?? -1,
        bisectOnError:
          resource.properties.BisectBatchOnFunctionError === true ||
          resource.properties.BisectBatchOnFunctionError === "true",
        reportBatchItemFailures: Array.isArray(types) && types.includes("ReportBatchItemFailures"),
        ...(destination === undefined ? {} : { onFailure: destination }),
        enabled: enabled !== false && enabled !== "false",
      });
      return {
        ref: uuid,
        attributes: {
          Id: uuid,
          EventSourceMappingArn: `arn:aws:lambda:${region}:${account}:event-source-mapping:${uuid}`,
        },
      };
    },
  };
}
