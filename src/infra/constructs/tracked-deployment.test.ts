import { App, CfnResource, Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import * as apigw from "aws-cdk-lib/aws-apigateway";
import * as iam from "aws-cdk-lib/aws-iam";
import { beforeAll, describe, expect, it } from "vitest";
import { deploymentServedByStage, resolveStackOutputs } from "../../../test/support/deployment-identity.js";
import { type Json, only, props } from "../../../test/support/template.js";
import { AccountmeshError } from "../../shared/errors.js";
import { TrackedDeployment } from "./tracked-deployment.js";

/**
 * Two accounts, as in the orders system: the producer owns a value (an endpoint id), the API's
 * resource policy in the other account names it by weak reference (Fn::GetStackOutput).
 */
function synthFixture(options: { tracked: boolean }): Json {
  const app = new App({
    context: { "@aws-cdk/core:defaultCrossStackReferences": "weak" },
    builtinCloudFormationValidation: false,
  });
  const env = (account: string) => ({ account, region: "eu-central-1" });
  const producer = new Stack(app, "Producer", { env: env("111111111111") });
  const endpoint = new CfnResource(producer, "Endpoint", {
    type: "AWS::EC2::VPCEndpoint",
    properties: { ServiceName: "com.amazonaws.eu-central-1.execute-api", VpcId: "vpc-0123" },
  });
  const consumer = new Stack(app, "Api", { env: env("222222222222") });
  const api = new apigw.RestApi(consumer, "Api", {
    policy: new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: ["execute-api:Invoke"],
          resources: ["execute-api:/*"],
          conditions: { StringNotEquals: { "aws:SourceVpce": endpoint.ref } },
        }),
      ],
    }),
    cloudWatchRole: false,
  });
  api.root.addMethod("GET", new apigw.MockIntegration());
  if (options.tracked) new TrackedDeployment(consumer, "Deployment", { api });
  return app.synth().getStackArtifact("Api").template as Json;
}

let tracked: Json;
let untracked: Json;

beforeAll(() => {
  tracked = synthFixture({ tracked: true });
  untracked = synthFixture({ tracked: false });
});

describe("TrackedDeployment", () => {
  it("gives the stage a different deployment when the producer's output changes (same template, two deploys)", () => {
    const first = deploymentServedByStage(resolveStackOutputs(tracked, "vpce-0aaaaaaaaaaaaaaaa"));
    const second = deploymentServedByStage(resolveStackOutputs(tracked, "vpce-0bbbbbbbbbbbbbbbb"));
    expect(first.type).toBe("Custom::ApiGatewayDeployment");
    expect(second.logicalId).toBe(first.logicalId);
    expect(second.identity).not.toEqual(first.identity);
    expect(JSON.stringify(second.identity)).toContain("vpce-0bbbbbbbbbbbbbbbb");
  });

  it("is needed: without it the stage keeps CDK's deployment, whose identity ignores the output", () => {
    const first = deploymentServedByStage(resolveStackOutputs(untracked, "vpce-0aaaaaaaaaaaaaaaa"));
    const second = deploymentServedByStage(resolveStackOutputs(untracked, "vpce-0bbbbbbbbbbbbbbbb"));
    expect(first.type).toBe("AWS::ApiGateway::Deployment");
    expect(second).toEqual(first);
    const resolved = Template.fromJSON(resolveStackOutputs(untracked, "vpce-0bbbbbbbbbbbbbbbb"));
    const [, api] = only(resolved, "AWS::ApiGateway::RestApi");
    expect(JSON.stringify(api)).toContain("vpce-0bbbbbbbbbbbbbbbb");
  });

  it("follows the API's structure too: it names CDK's latest deployment", () => {
    const [cdkDeployment] = only(Template.fromJSON(tracked), "AWS::ApiGateway::Deployment");
    const [, resource] = only(Template.fromJSON(tracked), "Custom::ApiGatewayDeployment");
    expect(JSON.stringify(props(resource).Create)).toContain(`{"Ref":"${cdkDeployment}"}`);
    expect(props(resource).Update).toEqual(props(resource).Create);
  });

  it("creates the deployment by API Gateway's CreateDeployment, deletes it by its id, and may do nothing else", () => {
    const [, resource] = only(Template.fromJSON(tracked), "Custom::ApiGatewayDeployment");
    const text = JSON.stringify(props(resource));
    expect(text).toContain('\\"service\\":\\"APIGateway\\",\\"action\\":\\"createDeployment\\"');
    expect(text).toContain('\\"physicalResourceId\\":{\\"responsePath\\":\\"id\\"}');
    expect(text).toContain('\\"action\\":\\"deleteDeployment\\"');
    expect(text).toContain('\\"deploymentId\\":\\"PHYSICAL:RESOURCEID:\\"');
    const [apiId] = only(Template.fromJSON(tracked), "AWS::ApiGateway::RestApi");
    const [, policy] = only(Template.fromJSON(tracked), "AWS::IAM::Policy");
    const statements = (props(policy).PolicyDocument as { Statement: Json[] }).Statement;
    const arn = (suffix: string) => ({
      "Fn::Join": [
        "",
        ["arn:", { Ref: "AWS::Partition" }, ":apigateway:eu-central-1::/restapis/", { Ref: apiId }, suffix],
      ],
    });
    expect(statements).toEqual([
      {
        Sid: "CreateDeploymentsOfThisApi",
        Effect: "Allow",
        Action: "apigateway:POST",
        Resource: arn("/deployments"),
      },
      {
        Sid: "DeleteDeploymentsOfThisApi",
        Effect: "Allow",
        Action: "apigateway:DELETE",
        Resource: arn("/deployments/*"),
      },
    ]);
  });

  it("needs the API's own latest deployment", () => {
    const stack = new Stack(new App(), "S");
    const api = new apigw.RestApi(stack, "Api", { deploy: false });
    api.root.addMethod("GET", new apigw.MockIntegration());
    let error: unknown;
    try {
      new TrackedDeployment(stack, "Deployment", { api });
    } catch (e) {
      error = e;
    }
    expect((error as AccountmeshError).code).toBe("NO_LATEST_DEPLOYMENT");
    expect(error).toBeInstanceOf(AccountmeshError);
  });
});
