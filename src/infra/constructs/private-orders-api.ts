import { Duration } from "aws-cdk-lib";
import * as apigw from "aws-cdk-lib/aws-apigateway";
import type * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { acknowledge } from "../nag.js";
import { TrackedDeployment } from "./tracked-deployment.js";

export const STAGE_NAME = "v1";

export interface PrivateOrdersApiProps {
  readonly restApiName: string;
  /** Body field name of the option and the model's name (`food`, `beverage`). */
  readonly service: string;
  readonly orderOptions: readonly string[];
  /** The only VPC endpoint (in the consumer account) through which the API may be invoked. */
  readonly consumerEndpointId: string;
  /** Custom domain `<service>.<zone>` and its certificate (regional, see docs/decisions.md). */
  readonly domainName: string;
  readonly certificate: acm.ICertificate;
  readonly handlers: {
    readonly placeOrder: lambda.IFunction;
    readonly listOrders: lambda.IFunction;
    readonly getOrder: lambda.IFunction;
  };
}

/**
 * The private REST API of one orders microservice: stage `v1`, associated with the consumer's
 * `execute-api` endpoint, a resource policy admitting only requests through it, request
 * validation (body model with the options enum, required fields), Lambda proxy integrations,
 * the custom domain `<service>.<zone>` mapped at base path `v1`, and a deployment that follows the
 * consumer's endpoint id (TrackedDeployment).
 */
export class PrivateOrdersApi extends Construct {
  readonly api: apigw.RestApi;
  readonly domain: apigw.DomainName;
  /** What stage `v1` serves: re-made when the API's structure or the consumer's endpoint id changes. */
  readonly deployment: TrackedDeployment;

  constructor(scope: Construct, id: string, props: PrivateOrdersApiProps) {
    super(scope, id);
    const accessLogs = new logs.LogGroup(this, "AccessLogs", { retention: logs.RetentionDays.THREE_MONTHS });
    const consumerEndpoint = ec2.InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(
      this,
      "ConsumerEndpoint",
      {
        vpcEndpointId: props.consumerEndpointId,
        port: 443,
      },
    );
    this.api = new apigw.RestApi(this, "Api", {
      restApiName: props.restApiName,
      description: `Orders of the ${props.service} microservice (private: consumer VPC endpoint only)`,
      endpointConfiguration: { types: [apigw.EndpointType.PRIVATE], vpcEndpoints: [consumerEndpoint] },
      policy: sourceVpcePolicy(props.consumerEndpointId),
      cloudWatchRole: true,
      deployOptions: {
        stageName: STAGE_NAME,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: apigw.MethodLoggingLevel.INFO,
        dataTraceEnabled: false,
        metricsEnabled: true,
      },
    });

    const newOrder = this.api.addModel("NewOrder", {
      contentType: "application/json",
      modelName: "newOrder",
      schema: {
        schema: apigw.JsonSchemaVersion.DRAFT4,
        title: "newOrder",
        type: apigw.JsonSchemaType.OBJECT,
        required: ["fullName", props.service],
        properties: {
          fullName: { type: apigw.JsonSchemaType.STRING, minLength: 1, maxLength: 256, pattern: "\\S" },
          [props.service]: { type: apigw.JsonSchemaType.STRING, enum: [...props.orderOptions] },
        },
      },
    });
    const validator = this.api.addRequestValidator("Validator", {
      requestValidatorName: "validate-body-and-parameters",
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const integrate = (fn: lambda.IFunction) =>
      new apigw.LambdaIntegration(fn, { proxy: true, timeout: Duration.seconds(29) });

    const orders = this.api.root.addResource("orders");
    orders.addMethod("POST", integrate(props.handlers.placeOrder), {
      operationName: "placeOrder",
      requestValidator: validator,
      requestModels: { "application/json": newOrder },
    });
    orders.addMethod("GET", integrate(props.handlers.listOrders), {
      operationName: "listOrders",
      requestValidator: validator,
      requestParameters: {
        "method.request.querystring.orderDate": false,
        "method.request.querystring.limit": false,
        "method.request.querystring.nextToken": false,
      },
    });
    orders.addResource("{orderId}").addMethod("GET", integrate(props.handlers.getOrder), {
      operationName: "getOrder",
      requestValidator: validator,
      requestParameters: { "method.request.path.orderId": true },
    });

    // The policy and the endpoint association name the consumer's endpoint by weak reference: a new
    // endpoint id must make a new deployment, which CDK's hash of the template cannot see.
    this.deployment = new TrackedDeployment(this, "Deployment", { api: this.api });

    this.domain = new apigw.DomainName(this, "Domain", {
      domainName: props.domainName,
      certificate: props.certificate,
      endpointType: apigw.EndpointType.REGIONAL,
      securityPolicy: apigw.SecurityPolicy.TLS_1_2,
    });
    new apigw.BasePathMapping(this, "V1Mapping", {
      domainName: this.domain,
      restApi: this.api,
      basePath: STAGE_NAME,
      stage: this.api.deploymentStage,
    });

    acknowledge(
      this.api,
      "AwsSolutions-APIG4",
      "Access is decided by the resource policy: only requests through the consumer's execute-api VPC endpoint (aws:SourceVpce) are admitted, as the seed specifies; IAM or Cognito authorization would break the seed's unsigned curl clients.",
    );
    acknowledge(
      this.api,
      "AwsSolutions-COG4",
      "No Cognito user pool: callers are workloads inside the consumer VPC, admitted by the resource policy.",
    );
    acknowledge(
      this.api,
      "AwsSolutions-APIG3",
      "The API is PRIVATE and reachable only from one VPC endpoint behind an internal ALB; no internet traffic reaches it for a WAF web ACL to filter.",
    );
    acknowledge(
      this.api,
      "AwsSolutions-IAM4",
      "API Gateway's account-level CloudWatch role (created once per account and region by RestApi cloudWatchRole) uses the AWS-managed AmazonAPIGatewayPushToCloudWatchLogs policy, which only writes API Gateway logs.",
      ["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"],
    );
  }
}

/** Allow invocation, and explicitly deny any request that did not come through the endpoint. */
export function sourceVpcePolicy(endpointId: string): iam.PolicyDocument {
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: "AllowInvoke",
        effect: iam.Effect.ALLOW,
        principals: [new iam.AnyPrincipal()],
        actions: ["execute-api:Invoke"],
        resources: ["execute-api:/*"],
      }),
      new iam.PolicyStatement({
        sid: "DenyOutsideConsumerEndpoint",
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ["execute-api:Invoke"],
        resources: ["execute-api:/*"],
        conditions: { StringNotEquals: { "aws:SourceVpce": endpointId } },
      }),
    ],
  });
}
