// CloudFormation's own resources: custom resources whose provider we run natively (CDK's
// AwsCustomResource as one in-process SDK call made as the function's role; CDK's JSON stringifier),
// and CDK's metadata. Other custom resources are reported (their provider code is not run locally).
// Its API describes the deployed stacks and their outputs (DescribeStacks, ListExports).
import type { ServicePlugin } from "../../../platform/service-plugin.js";
import { createAwsCustomResourceRunner } from "./aws-custom-resource.js";
import { createCloudFormationService } from "./cloudformation-service.js";
import { CloudFormationStacks } from "./cloudformation-stacks.js";
import { createCustomResourceProviders } from "./custom-resources.js";

export const cloudFormationPlugin: ServicePlugin = {
  name: "cloudformation",
  start(platform) {
    const run = createAwsCustomResourceRunner(platform.aws);
    const stacks = new CloudFormationStacks();
    return {
      api: createCloudFormationService({ authorizer: platform.authorizer, stacks }),
      ready: (system) => stacks.record(system.stacks, new Date()),
      endpoints: () => ({ stacks: stacks.section() }),
      inertTypes: { "AWS::CDK::Metadata": "CDK bookkeeping" },
      providers: createCustomResourceProviders(platform.model, {
        roleOfFunction: (arn) => platform.lambda.spec(arn)?.roleArn,
        runAwsCustomResource: (resource, roleArn) =>
          run(resource.properties, { roleArn, region: resource.stack.region, logicalId: resource.logicalId }),
      }),
    };
  },
};
