// The one list of the runtime's AWS services. Adding a service is a folder under aws/services/ and a
// line here (docs/extending.md). Order matters only for start-up messages and stop order.
import { acmPlugin } from "./aws/services/acm/acm-plugin.js";
import { apiGatewayPlugin } from "./aws/services/apigateway/apigateway-plugin.js";
import { apiGatewayV2Plugin } from "./aws/services/apigatewayv2/apigatewayv2-plugin.js";
import { autoScalingPlugin } from "./aws/services/autoscaling/autoscaling-plugin.js";
import { cloudFormationPlugin } from "./aws/services/cloudformation/cloudformation-plugin.js";
import { cloudFrontPlugin } from "./aws/services/cloudfront/cloudfront-plugin.js";
import { codeBuildPlugin } from "./aws/services/codebuild/codebuild-plugin.js";
import { codePipelinePlugin } from "./aws/services/codepipeline/codepipeline-plugin.js";
import { dynamoDbPlugin } from "./aws/services/dynamodb/dynamodb-plugin.js";
import { ec2Plugin } from "./aws/services/ec2/ec2-plugin.js";
import { ecsPlugin } from "./aws/services/ecs/ecs-plugin.js";
import { elasticLoadBalancingPlugin } from "./aws/services/elasticloadbalancing/elasticloadbalancing-plugin.js";
import { iamPlugin } from "./aws/services/iam/iam-plugin.js";
import { kmsPlugin } from "./aws/services/kms/kms-plugin.js";
import { lambdaPlugin } from "./aws/services/lambda/lambda-plugin.js";
import { logsPlugin } from "./aws/services/logs/logs-plugin.js";
import { ramPlugin } from "./aws/services/ram/ram-plugin.js";
import { route53Plugin } from "./aws/services/route53/route53-plugin.js";
import { s3Plugin } from "./aws/services/s3/s3-plugin.js";
import { secretsManagerPlugin } from "./aws/services/secretsmanager/secretsmanager-plugin.js";
import { snsPlugin } from "./aws/services/sns/sns-plugin.js";
import { sqsPlugin } from "./aws/services/sqs/sqs-plugin.js";
import { ssmPlugin } from "./aws/services/ssm/ssm-plugin.js";
import { stsPlugin } from "./aws/services/sts/sts-plugin.js";
import { vpcLatticePlugin } from "./aws/services/vpclattice/vpclattice-plugin.js";
import type { ServicePlugin } from "./platform/service-plugin.js";

export const PLUGINS: readonly ServicePlugin[] = [
  dynamoDbPlugin,
  iamPlugin,
  stsPlugin,
  ec2Plugin,
  route53Plugin,
  elasticLoadBalancingPlugin,
  ecsPlugin,
  autoScalingPlugin,
  acmPlugin,
  kmsPlugin,
  secretsManagerPlugin,
  ssmPlugin,
  sqsPlugin,
  snsPlugin,
  lambdaPlugin,
  apiGatewayPlugin,
  apiGatewayV2Plugin,
  logsPlugin,
  s3Plugin,
  cloudFrontPlugin,
  cloudFormationPlugin,
  codeBuildPlugin,
  codePipelinePlugin,
  ramPlugin,
  vpcLatticePlugin,
];
