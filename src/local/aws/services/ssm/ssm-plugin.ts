// SSM Parameter Store: String and StringList parameters from the templates, GetParameter for handlers,
// and `{{resolve:ssm:<name>[:<version>]}}` references (also parameters of type
// `AWS::SSM::Parameter::Value<String>`), resolved as the deploying account; AWS's public AMI
// parameters (`/aws/service/ami-...`) resolve to a stable local image id.
import { AccountmeshError } from "../../../../shared/errors.js";
import { stableId } from "../../../../shared/ids.js";
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { SsmParameters } from "./ssm-parameters.js";
import { createSsmProviders } from "./ssm-providers.js";
import { createSsmService } from "./ssm-service.js";

export const ssmPlugin: ServicePlugin = {
  name: "ssm",
  start(platform) {
    const parameters = new SsmParameters();
    return {
      providers: createSsmProviders(parameters),
      api: createSsmService({ authorizer: platform.authorizer, parameters }),
      dynamicReferences: {
        ssm(reference, account, region) {
          const [name = reference, version] = reference.startsWith("arn:")
            ? [reference]
            : reference.split(":");
          const parameter = parameters.find(name, account, region);
          if (parameter === undefined && /^\/aws\/service\/ami-/.test(name)) {
            // AWS's public AMI parameters (latest Amazon Linux, ...): nothing boots an image locally,
            // so a stable id in AWS's format stands for "the current image" (instances run as processes).
            return `ami-${stableId([region, name], 17)}`;
          }
          if (parameter === undefined || (version !== undefined && version !== String(parameter.version))) {
            throw new AccountmeshError(
              "SSM_PARAMETER_NOT_FOUND",
              `{{resolve:ssm:${reference}}}: account ${account} has no SSM parameter ${name}${version === undefined ? "" : ` version ${version}`} in ${region}. Create it in a stack that deploys first (AWS::SSM::Parameter).`,
              { name, account, region },
            );
          }
          return parameter.value;
        },
      },
    };
  },
};
