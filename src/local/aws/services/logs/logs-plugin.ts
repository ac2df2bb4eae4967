// CloudWatch Logs: log groups exist by name and ARN (functions and front doors print to the terminal).
import { generatedName } from "../../../assembly/resource-properties.js";
import type { ServicePlugin } from "../../../platform/service-plugin.js";

export const logsPlugin: ServicePlugin = {
  name: "logs",
  start: () => ({
    inertTypes: { "AWS::Logs::LogGroup": "function logs are printed to the terminal instead of CloudWatch" },
    providers: [
      {
        type: "AWS::Logs::LogGroup",
        properties: ["LogGroupName", "RetentionInDays", "KmsKeyId", "LogGroupClass", "Tags"],
        async create(resource) {
          const { account, region } = resource.stack;
          const name =
            (resource.properties.LogGroupName as string | undefined) ?? generatedName(resource, 512, false);
          return { ref: name, attributes: { Arn: `arn:aws:logs:${region}:${account}:log-group:${name}:*` } };
        },
      },
    ],
  }),
};
