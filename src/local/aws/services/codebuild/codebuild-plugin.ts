// CodeBuild: deploy-time only. Build projects (a CDK pipeline's synth, asset publishing and
// self-mutation steps) run in AWS when the pipeline runs; locally the app is already built.
import type { ServicePlugin } from "../../../platform/service-plugin.js";

const DEPLOY_TIME =
  "deploy-time only: build projects run in AWS when a pipeline runs; locally the app is already built";

export const codeBuildPlugin: ServicePlugin = {
  name: "codebuild",
  start: () => ({
    inertTypes: {
      "AWS::CodeBuild::Project": DEPLOY_TIME,
      "AWS::CodeBuild::ReportGroup": DEPLOY_TIME,
    },
  }),
};
