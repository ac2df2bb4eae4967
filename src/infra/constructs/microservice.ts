import * as acm from "aws-cdk-lib/aws-certificatemanager";
import * as ec2 from "aws-cdk-lib/aws-ec2";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import { AccountmeshError } from "../../shared/errors.js";
import { DynamoDbPrefixList } from "./dynamodb-prefix-list.js";
import { FlowLoggedVpc } from "./flow-logged-vpc.js";
import { NodeFunction } from "./node-function.js";
import { ORDER_DATE_INDEX, ORDER_LIST_INDEX, OrdersTables } from "./orders-tables.js";
import { PrivateOrdersApi } from "./private-orders-api.js";
import { SelfSignedCertificate } from "./self-signed-certificate.js";

export interface MicroserviceProps {
  /** Service name: DNS label, body field name and `MICROSERVICE_TOPIC`; lowercase letters and digits. */
  readonly name: string;
  /** Prefix of every physical name, e.g. `cross-account-microservices`. */
  readonly applicationName: string;
  /** The values a client may order (exact, case-sensitive). */
  readonly orderOptions: readonly string[];
  /** Zone apex of the custom domain: the API answers at `<name>.<domainName>`. */
  readonly domainName: string;
  /** The consumer's execute-api VPC endpoint id: the only way in. */
  readonly consumerEndpointId: string;
  /**
   * ACM certificate for `<name>.<domainName>` in this account and region.
   * @default a self-signed test certificate created at deploy time
   */
  readonly certificateArn?: string;
  /** @default "192.168.0.0/16" (the seed's; the VPC peers with nothing) */
  readonly vpcCidr?: string;
  /** @default 2 */
  readonly azCount?: number;
  /**
   * Id of the region's DynamoDB managed prefix list, for the functions' only egress rule.
   * @default looked up at deploy time
   */
  readonly dynamoDbPrefixListId?: string;
}

const NAME = /^[a-z][a-z0-9]{0,30}$/;

/**
 * One orders microservice, as the seed's Terraform module: an isolated VPC with a DynamoDB
 * gateway endpoint; three Lambda functions in it that can reach DynamoDB and nothing else, each
 * with exactly the table actions its code uses; the orders table; and a private REST API (stage
 * `v1`) reachable only through the consumer's VPC endpoint at `https://<name>.<domainName>/v1`.
 */
export class Microservice extends Construct {
  readonly tables: OrdersTables;
  readonly api: PrivateOrdersApi;
  readonly functions: {
    readonly placeOrder: NodeFunction;
    readonly listOrders: NodeFunction;
    readonly getOrder: NodeFunction;
  };

  constructor(scope: Construct, id: string, props: MicroserviceProps) {
    super(scope, id);
    validate(props);
    const { name } = props;
    const prefix = `${props.applicationName}-${name}`;
    const network = new FlowLoggedVpc(this, "Network", {
      cidr: props.vpcCidr ?? "192.168.0.0/16",
      azCount: props.azCount ?? 2,
    });
    network.vpc.addGatewayEndpoint("DynamoDb", {
      service: ec2.GatewayVpcEndpointAwsService.DYNAMODB,
      subnets: [network.privateSubnets],
    });
    const functionsSg = new ec2.SecurityGroup(this, "FunctionsSecurityGroup", {
      vpc: network.vpc,
      description: `${prefix} functions: HTTPS to DynamoDB (gateway endpoint prefix list) only`,
      allowAllOutbound: false,
    });
    const prefixListId =
      props.dynamoDbPrefixListId ?? new DynamoDbPrefixList(this, "DynamoDbPrefixList").prefixListId;
    functionsSg.addEgressRule(ec2.Peer.prefixList(prefixListId), ec2.Port.tcp(443), "HTTPS to DynamoDB");

    this.tables = new OrdersTables(this, "Tables", { tableName: prefix });
    const environment = {
      ORDERS_TABLE_NAME: this.tables.orders.tableName,
      ORDER_DATE_INDEX_NAME: ORDER_DATE_INDEX,
      ORDER_LIST_INDEX_NAME: ORDER_LIST_INDEX,
      MICROSERVICE_TOPIC: name,
      ORDER_OPTIONS: props.orderOptions.join(","),
      POWERTOOLS_SERVICE_NAME: prefix,
    };
    const fn = (id: string, handlerPath: string, functionName: string, extra: Record<string, string> = {}) =>
      new NodeFunction(this, id, {
        handlerPath,
        functionName,
        description: `${prefix}: ${id}`,
        vpc: network.vpc,
        vpcSubnets: network.privateSubnets,
        securityGroups: [functionsSg],
        environment: { ...environment, ...extra },
      });
    this.functions = {
      placeOrder: fn("PlaceOrder", "orders/post-order.ts", `${prefix}-post-order`, {
        IDEMPOTENCY_TABLE_NAME: this.tables.idempotency.tableName,
      }),
      listOrders: fn("ListOrders", "orders/get-orders.ts", `${prefix}-get-orders`),
      getOrder: fn("GetOrder", "orders/get-order.ts", `${prefix}-get-order`),
    };
    const orders = this.tables.orders.tableArn;
    this.functions.placeOrder.addToRolePolicy(allow("PutOrder", ["dynamodb:PutItem"], [orders]));
    this.functions.placeOrder.addToRolePolicy(
      allow(
        "IdempotencyRecords",
        ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
        [this.tables.idempotency.tableArn],
      ),
    );
    this.functions.listOrders.addToRolePolicy(
      allow(
        "QueryOrderIndexes",
        ["dynamodb:Query"],
        [`${orders}/index/${ORDER_DATE_INDEX}`, `${orders}/index/${ORDER_LIST_INDEX}`],
      ),
    );
    this.functions.getOrder.addToRolePolicy(allow("GetOrder", ["dynamodb:GetItem"], [orders]));

    const certificate =
      props.certificateArn !== undefined
        ? acm.Certificate.fromCertificateArn(this, "Certificate", props.certificateArn)
        : new SelfSignedCertificate(this, "Certificate", { commonName: `${name}.${props.domainName}` })
            .certificate;
    this.api = new PrivateOrdersApi(this, "Api", {
      restApiName: prefix,
      service: name,
      orderOptions: props.orderOptions,
      consumerEndpointId: props.consumerEndpointId,
      domainName: `${name}.${props.domainName}`,
      certificate,
      handlers: this.functions,
    });
  }
}

function allow(sid: string, actions: string[], resources: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({ sid, actions, resources });
}

function validate(props: MicroserviceProps): void {
  if (!NAME.test(props.name)) {
    throw new AccountmeshError(
      "INVALID_SERVICE_NAME",
      `Microservice name must be lowercase letters and digits starting with a letter (a DNS label and a JSON field); received ${JSON.stringify(props.name)}.`,
    );
  }
  if (props.orderOptions.length === 0 || new Set(props.orderOptions).size !== props.orderOptions.length) {
    throw new AccountmeshError(
      "INVALID_ORDER_OPTIONS",
      `Microservice "${props.name}" needs a non-empty list of distinct orderOptions; received ${JSON.stringify(props.orderOptions)}.`,
    );
  }
  const bad = props.orderOptions.find((o) => o.includes(",") || o.trim() !== o || o === "");
  if (bad !== undefined) {
    throw new AccountmeshError(
      "INVALID_ORDER_OPTIONS",
      `Order option ${JSON.stringify(bad)} of "${props.name}" must be non-empty, with no commas and no leading or trailing spaces.`,
    );
  }
  const azCount = props.azCount ?? 2;
  if (!Number.isInteger(azCount) || azCount < 1 || azCount > 6) {
    throw new AccountmeshError(
      "INVALID_AZ_COUNT",
      `azCount must be an integer from 1 to 6; received ${azCount}.`,
    );
  }
}
