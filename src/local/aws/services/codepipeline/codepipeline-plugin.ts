// CodePipeline: deploy-time only. A pipeline moves a cloud assembly into AWS accounts; locally the
// assembly already runs, so pipelines are listed (with their stages, the nested assemblies of a CDK
// pipeline) and nothing of them is started.
import type { ServicePlugin } from "../../../platform/service-plugin.js";

const DEPLOY_TIME =
  "deploy-time only: a pipeline deploys the app to AWS accounts; locally the app's stacks run directly";

export const codePipelinePlugin: ServicePlugin = {
  name: "codepipeline",
  start(platform) {
    return {
      inertTypes: {
        "AWS::CodePipeline::Pipeline": DEPLOY_TIME,
        "AWS::CodePipeline::Webhook": DEPLOY_TIME,
        "AWS::CodePipeline::CustomActionType": DEPLOY_TIME,
      },
      unsupported: () =>
        (platform.model.nestedAssemblies ?? []).map((artifact) => ({
          kind: "inert-type" as const,
          name: "cdk:cloud-assembly (CDK Stage)",
          where: artifact,
          count: 1,
          detail:
            "deploy-time only: a stage of a CDK pipeline, deployed by the pipeline to its accounts; its stacks are not run locally (run the same stacks at the top level of the app)",
        })),
    };
  },
};
