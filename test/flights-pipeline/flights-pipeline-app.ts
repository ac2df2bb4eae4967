// The flights pipeline (tools account) deploying one stage with a stack in each of the booking,
// airmiles and web accounts. The stage's stacks are stand-ins (one SSM parameter each): the template
// tests are about who may assume what, which does not depend on what the stacks hold.
import { type App, Stack, Validations } from "aws-cdk-lib";
import * as ssm from "aws-cdk-lib/aws-ssm";
import { AwsSolutionsChecks } from "cdk-nag";
import { FlightsPipelineStack } from "../../src/infra/stacks/flights-pipeline-stack.js";

export const PIPELINE_FIXTURE = {
  region: "eu-west-1",
  tools: "777777777777",
  accounts: { booking: "444444444444", airmiles: "555555555555", web: "666666666666" },
  connectionArn:
    "arn:aws:codestar-connections:eu-west-1:777777777777:connection/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
  repository: "example-org/flights",
  stack: "FlightsPipeline",
} as const;

export function buildPipelineApp(app: App): FlightsPipelineStack {
  const { region } = PIPELINE_FIXTURE;
  const stack = new FlightsPipelineStack(app, PIPELINE_FIXTURE.stack, {
    env: { account: PIPELINE_FIXTURE.tools, region },
    source: {
      connectionArn: PIPELINE_FIXTURE.connectionArn,
      repository: PIPELINE_FIXTURE.repository,
      branch: "main",
    },
    stages: [
      {
        name: "Dev",
        build(stage) {
          for (const [name, account] of Object.entries(PIPELINE_FIXTURE.accounts)) {
            const accountStack = new Stack(stage, `Flights${name}`, { env: { account, region } });
            new ssm.StringParameter(accountStack, "Marker", { stringValue: name });
          }
        },
      },
    ],
  });
  Validations.of(stack).addPlugins(new AwsSolutionsChecks(stack, { verbose: true }));
  return stack;
}
