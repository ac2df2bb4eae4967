// A tiny cloud assembly, written by hand (no CDK): a provider account with a REGIONAL REST API whose
// GET /whoami is an AWS_IAM method backed by a function that echoes requestContext.identity, and
// roles on both sides of the account boundary. The API's resource policy names the consumer's Caller.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const REGION = "eu-central-1";
export const PROVIDER = "222222222222";
export const CONSUMER = "111111111111";
export const roleArn = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;

const lambdaTrust = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
};
const policy = (name: string, ...Statement: Record<string, unknown>[]) => ({
  PolicyName: name,
  PolicyDocument: { Version: "2012-10-17", Statement },
});
const invoke = (Resource: string) => ({ Effect: "Allow", Action: "execute-api:Invoke", Resource });

/** Answers with the caller API Gateway saw and whether the function itself runs with temporary credentials. */
const ECHO = `exports.handler = async (event) => ({
  statusCode: 200,
  body: JSON.stringify({
    identity: event.requestContext.identity,
    functionKeyPrefix: (process.env.AWS_ACCESS_KEY_ID || "").slice(0, 4),
    functionHasSessionToken: Boolean(process.env.AWS_SESSION_TOKEN),
  }),
});
`;

const consumer = {
  Resources: {
    Operator: {
      Type: "AWS::IAM::Role",
      Properties: {
        RoleName: "Operator",
        AssumeRolePolicyDocument: lambdaTrust,
        Policies: [
          policy("AssumeCaller", {
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Resource: roleArn(CONSUMER, "Caller"),
          }),
        ],
      },
    },
    Caller: {
      Type: "AWS::IAM::Role",
      Properties: {
        RoleName: "Caller",
        AssumeRolePolicyDocument: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: `arn:aws:iam::${CONSUMER}:root` },
              Action: "sts:AssumeRole",
            },
          ],
        },
        Policies: [policy("Invoke", invoke(`arn:aws:execute-api:${REGION}:${PROVIDER}:*`))],
      },
    },
    Stranger: {
      Type: "AWS::IAM::Role",
      Properties: {
        RoleName: "Stranger",
        AssumeRolePolicyDocument: lambdaTrust,
        Policies: [policy("Invoke", invoke("*"))],
      },
    },
  },
};

const provider = {
  Resources: {
    EchoRole: {
      Type: "AWS::IAM::Role",
      Properties: { RoleName: "EchoRole", AssumeRolePolicyDocument: lambdaTrust },
    },
    Echo: {
      Type: "AWS::Lambda::Function",
      Properties: {
        FunctionName: "echo-identity",
        Runtime: "nodejs22.x",
        Handler: "index.handler",
        Role: { "Fn::GetAtt": ["EchoRole", "Arn"] },
        Code: { ZipFile: ECHO },
      },
    },
    Allowed: {
      Type: "AWS::IAM::Role",
      Properties: {
        RoleName: "Allowed",
        AssumeRolePolicyDocument: lambdaTrust,
        Policies: [policy("Invoke", invoke(`arn:aws:execute-api:${REGION}:${PROVIDER}:*/v1/GET/whoami`))],
      },
    },
    Denied: {
      Type: "AWS::IAM::Role",
      Properties: { RoleName: "Denied", AssumeRolePolicyDocument: lambdaTrust },
    },
    Api: {
      Type: "AWS::ApiGateway::RestApi",
      Properties: {
        Name: "whoami",
        EndpointConfiguration: { Types: ["REGIONAL"] },
        Policy: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: roleArn(CONSUMER, "Caller") },
              Action: "execute-api:Invoke",
              Resource: "execute-api:/*",
            },
          ],
        },
      },
    },
    WhoAmI: {
      Type: "AWS::ApiGateway::Resource",
      Properties: {
        ParentId: { "Fn::GetAtt": ["Api", "RootResourceId"] },
        PathPart: "whoami",
        RestApiId: { Ref: "Api" },
      },
    },
    WhoAmIGet: {
      Type: "AWS::ApiGateway::Method",
      Properties: {
        HttpMethod: "GET",
        AuthorizationType: "AWS_IAM",
        ResourceId: { Ref: "WhoAmI" },
        RestApiId: { Ref: "Api" },
        Integration: {
          Type: "AWS_PROXY",
          IntegrationHttpMethod: "POST",
          Uri: {
            "Fn::Join": [
              "",
              [
                `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/`,
                { "Fn::GetAtt": ["Echo", "Arn"] },
                "/invocations",
              ],
            ],
          },
        },
      },
    },
    Deployment: {
      Type: "AWS::ApiGateway::Deployment",
      DependsOn: ["WhoAmIGet"],
      Properties: { RestApiId: { Ref: "Api" } },
    },
    Stage: {
      Type: "AWS::ApiGateway::Stage",
      Properties: { StageName: "v1", RestApiId: { Ref: "Api" }, DeploymentId: { Ref: "Deployment" } },
    },
    Permission: {
      Type: "AWS::Lambda::Permission",
      Properties: {
        Action: "lambda:InvokeFunction",
        FunctionName: { "Fn::GetAtt": ["Echo", "Arn"] },
        Principal: "apigateway.amazonaws.com",
        SourceArn: {
          "Fn::Join": ["", [`arn:aws:execute-api:${REGION}:${PROVIDER}:`, { Ref: "Api" }, "/*/GET/whoami"]],
        },
      },
    },
  },
};

/** Writes the assembly (manifest.json and two templates) to a new temporary directory. */
export function writeIamCallersAssembly(): string {
  const dir = mkdtempSync(join(tmpdir(), "accountmesh-iam-callers-"));
  const artifacts: Record<string, unknown> = {};
  for (const [id, account, template] of [
    ["Consumer", CONSUMER, consumer],
    ["Provider", PROVIDER, provider],
  ] as const) {
    writeFileSync(join(dir, `${id}.template.json`), JSON.stringify(template, null, 1));
    artifacts[id] = {
      type: "aws:cloudformation:stack",
      environment: `aws://${account}/${REGION}`,
      properties: { templateFile: `${id}.template.json` },
    };
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ version: "55.0.0", artifacts }));
  return dir;
}
