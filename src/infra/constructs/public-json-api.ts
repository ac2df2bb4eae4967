import * as apigw from "aws-cdk-lib/aws-apigateway";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { acknowledge } from "../nag.js";

/** The seed's stage name. */
export const PROD_STAGE = "Prod";
/** The headers the seed's CORS preflights allow. */
export const SEED_CORS_HEADERS = [
  "Content-Type",
  "X-Amz-Date",
  "Authorization",
  "X-Api-Key",
  "X-Amz-Security-Token",
];

export interface PublicJsonApiProps {
  readonly restApiName: string;
  readonly description: string;
  /** Methods the CORS preflight allows (the seed's: `POST,GET,OPTIONS` / `GET,OPTIONS`). */
  readonly corsMethods: readonly string[];
}

/**
 * A public regional REST API as the seed's SAM APIs are: stage `Prod`, CORS preflights answered by
 * API Gateway (MOCK, 200, origin `*`, the seed's methods and headers), access logs, no
 * authorization (the seed's web app calls it unsigned). `baseUrl` is the seed's output
 * (`https://<api-id>.execute-api.<region>.amazonaws.com`, without the stage).
 */
export class PublicJsonApi extends Construct {
  readonly api: apigw.RestApi;
  readonly baseUrl: string;

  constructor(scope: Construct, id: string, props: PublicJsonApiProps) {
    super(scope, id);
    const accessLogs = new logs.LogGroup(this, "AccessLogs", { retention: logs.RetentionDays.THREE_MONTHS });
    this.api = new apigw.RestApi(this, "Api", {
      restApiName: props.restApiName,
      description: props.description,
      endpointConfiguration: { types: [apigw.EndpointType.REGIONAL] },
      cloudWatchRole: true,
      deployOptions: {
        stageName: PROD_STAGE,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: apigw.MethodLoggingLevel.INFO,
        dataTraceEnabled: false,
        metricsEnabled: true,
      },
      defaultCorsPreflightOptions: {
        allowOrigins: ["*"],
        allowMethods: [...props.corsMethods],
        allowHeaders: SEED_CORS_HEADERS,
        statusCode: 200,
      },
    });
    this.baseUrl = `https://${this.api.restApiId}.execute-api.${this.api.stack.region}.${this.api.stack.urlSuffix}`;
    acknowledge(
      this.api,
      "AwsSolutions-APIG4",
      "The seed's APIs are public and unauthenticated: its web app calls them unsigned from the browser; the functions validate every input.",
    );
    acknowledge(
      this.api,
      "AwsSolutions-COG4",
      "No Cognito user pool: the seed's booking site has no sign-in.",
    );
    acknowledge(
      this.api,
      "AwsSolutions-APIG2",
      "Requests are validated by the functions, which answer 400 with a message naming the field; an API Gateway model would answer a generic message first.",
    );
    acknowledge(
      this.api,
      "AwsSolutions-APIG3",
      "No WAF web ACL in the reference system (it bills per ACL per month and the seed has none); associate one (rate-based rule) before production traffic.",
    );
    acknowledge(
      this.api,
      "AwsSolutions-IAM4",
      "API Gateway's account-level CloudWatch role (created once per account and region by RestApi cloudWatchRole) uses the AWS-managed AmazonAPIGatewayPushToCloudWatchLogs policy, which only writes API Gateway logs.",
      ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"],
    );
  }
}
