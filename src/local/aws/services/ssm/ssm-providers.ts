// AWS::SSM::Parameter: String and StringList parameters (CloudFormation cannot create SecureString).
// Name defaults to CloudFormation's generated `CFN-<logicalId>-<12 characters>`.
import { AccountmeshError } from "../../../../shared/errors.js";
import { stableId } from "../../../../shared/ids.js";
import { optionalText, requiredText, resourceLabel } from "../../../assembly/resource-properties.js";
import type { ResourceProvider } from "../../../assembly/types.js";
import type { SsmParameters } from "./ssm-parameters.js";

export function createSsmProviders(
  parameters: SsmParameters,
  now: () => Date = () => new Date(),
): ResourceProvider[] {
  return [
    {
      type: "AWS::SSM::Parameter",
      properties: ["Name", "Type", "Value", "Description", "DataType", "AllowedPattern", "Tier", "Tags"],
      async create(resource) {
        const { account, region, stackName } = resource.stack;
        const type = requiredText(resource, "Type");
        if (type !== "String" && type !== "StringList") {
          throw new AccountmeshError(
            "SSM_UNSUPPORTED_PARAMETER_TYPE",
            `${resourceLabel(resource)}: Type ${type} is not one CloudFormation creates (String, StringList).`,
            { type },
          );
        }
        const value = requiredText(resource, "Value");
        const pattern = optionalText(resource, "AllowedPattern");
        if (pattern !== undefined && !new RegExp(pattern).test(value)) {
          throw new AccountmeshError(
            "SSM_VALUE_NOT_ALLOWED",
            `${resourceLabel(resource)}: Value ${JSON.stringify(value)} does not match AllowedPattern ${pattern}.`,
            { pattern },
          );
        }
        const name =
          optionalText(resource, "Name") ??
          `CFN-${resource.logicalId}-${stableId([account, stackName, resource.logicalId], 12, "alnum")}`;
        parameters.put({
          account,
          region,
          name,
          type,
          value,
          version: 1,
          dataType: optionalText(resource, "DataType") ?? "text",
          lastModified: now(),
        });
        return { ref: name, attributes: { Type: type, Value: value } };
      },
    },
  ];
}
