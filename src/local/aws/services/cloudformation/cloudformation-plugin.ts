// CloudFormation's own resources: custom resources whose provider we run natively (CDK's
// AwsCustomResource as one in-process SDK call made as the function's role; CDK's JSON stringifier),
// and CDK's metadata. Other custom resources are reported (their provider code is not run locally).
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { createAwsCustomResourceRunner } from "./aws-custom-resource.js";
import { createCustomResourceProviders } from "./custom-resources.js";

export const cloudFormationPlugin: ServicePlugin = {
  name: "cloudformation",
  start(platform) {
    const run = createAwsCustomResourceRunner(platform.aws);
    return {
      inertTypes: { "AWS::CDK::Metadata": "CDK bookkeeping" },
      providers: createCustomResourceProviders(platform.model, {
        roleOfFunction: (arn) => platform.lambda.spec(arn)?.roleArn,
        runAwsCustomResource: (resource, roleArn) =>
          run(resource.properties, { roleArn, region: resource.stack.region, logicalId: resource.logicalId }),
      }),
    };
  },
};
