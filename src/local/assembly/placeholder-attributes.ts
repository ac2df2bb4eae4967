// Placeholder Ref values and attributes, in AWS's formats, for resources the local runtime does not
// create (no provider, an inert type without one, or a provider that cannot run this one): whatever
// references them still provisions, with values shaped as the real ones (an SQS queue's Ref is its
// URL, its Arn `arn:aws:sqs:<region>:<account>:<name>`). Deterministic: the same on every start.
import { stableId } from "../../shared/ids.js";
import type { StackArtifact } from "./types.js";

export interface Placeholder {
  readonly ref: string;
  readonly attributes: Readonly<Record<string, string>>;
}

interface Site {
  readonly stack: StackArtifact;
  readonly logicalId: string;
  readonly type: string;
  /** The name the template gives (QueueName, TopicName, FunctionName, ...), when it is a plain string. */
  readonly name?: string;
}

/** Template properties that name the physical resource, by type (plus the `<Resource>Name` convention). */
const NAME_PROPERTIES: Readonly<Record<string, string>> = {
  "AWS::StepFunctions::StateMachine": "StateMachineName",
  "AWS::Events::EventBus": "Name",
  "AWS::Events::Rule": "Name",
  "AWS::Kinesis::Stream": "Name",
  "AWS::Cognito::UserPoolClient": "ClientName",
  "AWS::ApiGatewayV2::Api": "Name",
  "AWS::AppSync::GraphQLApi": "Name",
  "AWS::Lambda::LayerVersion": "LayerName",
  "AWS::RDS::DBInstance": "DBInstanceIdentifier",
  "AWS::CloudWatch::Alarm": "AlarmName",
};

/** The property holding the physical name of `type` (e.g. `QueueName` for `AWS::SQS::Queue`). */
export function nameProperty(type: string): string {
  return NAME_PROPERTIES[type] ?? `${type.split("::")[2] ?? "Resource"}Name`;
}

type Builder = (
  site: Site,
  name: string,
  id: (length: number, alphabet?: "hex" | "alnum") => string,
) => Placeholder;

const BUILDERS: Readonly<Record<string, Builder>> = {
  "AWS::SQS::Queue": ({ stack: { account, region } }, name) => {
    const url = `https://sqs.${region}.amazonaws.com/${account}/${name}`;
    return {
      ref: url,
      attributes: { Arn: `arn:aws:sqs:${region}:${account}:${name}`, QueueName: name, QueueUrl: url },
    };
  },
  "AWS::SNS::Topic": ({ stack: { account, region } }, name) => {
    const arn = `arn:aws:sns:${region}:${account}:${name}`;
    return { ref: arn, attributes: { TopicArn: arn, TopicName: name } };
  },
  "AWS::Lambda::Function": ({ stack: { account, region } }, name) => ({
    ref: name,
    attributes: { Arn: `arn:aws:lambda:${region}:${account}:function:${name}` },
  }),
  "AWS::Lambda::LayerVersion": ({ stack: { account, region } }, name) => {
    const arn = `arn:aws:lambda:${region}:${account}:layer:${name}:1`;
    return { ref: arn, attributes: { LayerVersionArn: arn } };
  },
  "AWS::Lambda::Url": ({ stack: { region } }, _name, id) => ({
    ref: `https://${id(32)}.lambda-url.${region}.on.aws/`,
    attributes: { FunctionUrl: `https://${id(32)}.lambda-url.${region}.on.aws/` },
  }),
  "AWS::Events::EventBus": ({ stack: { account, region } }, name) => ({
    ref: name,
    attributes: { Arn: `arn:aws:events:${region}:${account}:event-bus/${name}`, Name: name },
  }),
  "AWS::Events::Rule": ({ stack: { account, region } }, name) => ({
    ref: name,
    attributes: { Arn: `arn:aws:events:${region}:${account}:rule/${name}` },
  }),
  "AWS::StepFunctions::StateMachine": ({ stack: { account, region } }, name) => {
    const arn = `arn:aws:states:${region}:${account}:stateMachine:${name}`;
    return { ref: arn, attributes: { Arn: arn, Name: name } };
  },
  "AWS::Kinesis::Stream": ({ stack: { account, region } }, name) => ({
    ref: name,
    attributes: { Arn: `arn:aws:kinesis:${region}:${account}:stream/${name}` },
  }),
  "AWS::Cognito::UserPool": ({ stack: { account, region } }, _name, id) => {
    const poolId = `${region}_${id(9, "alnum")}`;
    return {
      ref: poolId,
      attributes: {
        Arn: `arn:aws:cognito-idp:${region}:${account}:userpool/${poolId}`,
        ProviderName: `cognito-idp.${region}.amazonaws.com/${poolId}`,
        ProviderURL: `https://cognito-idp.${region}.amazonaws.com/${poolId}`,
        UserPoolId: poolId,
      },
    };
  },
  "AWS::Cognito::UserPoolClient": (_site, name, id) => ({
    ref: id(26, "alnum"),
    attributes: { ClientId: id(26, "alnum"), Name: name },
  }),
  "AWS::ApiGatewayV2::Api": ({ stack: { region } }, _name, id) => ({
    ref: id(10, "alnum"),
    attributes: {
      ApiId: id(10, "alnum"),
      ApiEndpoint: `https://${id(10, "alnum")}.execute-api.${region}.amazonaws.com`,
    },
  }),
  "AWS::AppSync::GraphQLApi": ({ stack: { account, region } }, _name, id) => {
    const apiId = id(26, "alnum");
    const host = `${id(26, "alnum")}.appsync-api.${region}.amazonaws.com`;
    return {
      ref: `arn:aws:appsync:${region}:${account}:apis/${apiId}`,
      attributes: {
        ApiId: apiId,
        Arn: `arn:aws:appsync:${region}:${account}:apis/${apiId}`,
        GraphQLDns: host,
        GraphQLUrl: `https://${host}/graphql`,
      },
    };
  },
  "AWS::ECR::Repository": ({ stack: { account, region } }, name) => ({
    ref: name,
    attributes: {
      Arn: `arn:aws:ecr:${region}:${account}:repository/${name}`,
      RepositoryUri: `${account}.dkr.ecr.${region}.amazonaws.com/${name}`,
    },
  }),
  "AWS::CloudFront::Distribution": (_site, _name, id) => ({
    ref: `E${id(13, "alnum").toUpperCase()}`,
    attributes: { Id: `E${id(13, "alnum").toUpperCase()}`, DomainName: `d${id(13, "alnum")}.cloudfront.net` },
  }),
  "AWS::RDS::DBInstance": ({ stack: { account, region } }, name, id) => ({
    ref: name,
    attributes: {
      "Endpoint.Address": `${name}.${id(12, "alnum")}.${region}.rds.amazonaws.com`,
      "Endpoint.Port": "5432",
      DBInstanceArn: `arn:aws:rds:${region}:${account}:db:${name}`,
    },
  }),
  "AWS::CloudWatch::Alarm": ({ stack: { account, region } }, name) => ({
    ref: name,
    attributes: { Arn: `arn:aws:cloudwatch:${region}:${account}:alarm:${name}` },
  }),
};

/** The placeholder Ref and the attributes known for the type; any other attribute comes from `placeholderAttribute`. */
export function placeholderResource(site: Site): Placeholder {
  const name = site.name ?? generatedPlaceholderName(site);
  const id = (length: number, alphabet: "hex" | "alnum" = "hex") =>
    stableId([site.stack.account, site.stack.region, site.stack.stackName, site.logicalId], length, alphabet);
  const build = BUILDERS[site.type];
  if (build !== undefined) return build(site, name, id);
  if (site.type.startsWith("Custom::") || site.type === "AWS::CloudFormation::CustomResource") {
    return { ref: `${site.logicalId}-${id(12, "alnum")}`, attributes: {} };
  }
  return { ref: name, attributes: { Arn: genericArn(site, name) } };
}

/**
 * An attribute the type's table does not list, by AWS's naming habits: `…Arn` an ARN, `…Id` the Ref,
 * `…Name` the name, `…Url`/`…Endpoint` an https URL; anything else a string naming the resource.
 */
export function placeholderAttribute(site: Site, placeholder: Placeholder, attribute: string): string {
  const known = placeholder.attributes[attribute];
  if (known !== undefined) return known;
  const name = site.name ?? generatedPlaceholderName(site);
  if (/arn$/i.test(attribute)) return placeholder.attributes.Arn ?? genericArn(site, name);
  if (/id$/i.test(attribute)) return placeholder.ref;
  if (/name$/i.test(attribute)) return name;
  if (/(url|endpoint|address)$/i.test(attribute)) {
    return `https://${name.toLowerCase()}.${serviceOf(site.type)}.${site.stack.region}.amazonaws.com`;
  }
  return `${name}-${attribute.replace(/[^A-Za-z0-9]/g, "-").toLowerCase()}`;
}

/** `arn:aws:<service>:<region>:<account>:<resource>/<name>` from `AWS::<Service>::<Resource>`. */
function genericArn(site: Site, name: string): string {
  const resource = site.type.split("::")[2] ?? "resource";
  const kebab = resource.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
  return `arn:aws:${serviceOf(site.type)}:${site.stack.region}:${site.stack.account}:${kebab}/${name}`;
}

function serviceOf(type: string): string {
  return (type.split("::")[1] ?? "unknown").toLowerCase();
}

/** CloudFormation's generated physical name: `<stack>-<logicalId>-<12 characters>` (at most 80). */
function generatedPlaceholderName(site: Site): string {
  const base = `${site.stack.stackName}-${site.logicalId}`.slice(0, 67);
  return `${base}-${stableId([site.stack.account, site.stack.region, base], 12, "alnum").toUpperCase()}`;
}
