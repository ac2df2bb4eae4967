import { RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import { Construct } from "constructs";
import { acknowledge } from "../nag.js";

/** Index names the handlers rely on (environment `ORDER_DATE_INDEX_NAME` / `ORDER_LIST_INDEX_NAME`). */
export const ORDER_DATE_INDEX = "orderDateIndex";
export const ORDER_LIST_INDEX = "orderListIndex";

export interface OrdersTablesProps {
  /** Orders table name, e.g. `cross-account-microservices-food` (the seed's). */
  readonly tableName: string;
}

/**
 * The orders table (keyed by `orderId`; `orderDateIndex` lists one day, `orderListIndex` lists
 * all orders newest first, a page at a time, without a Scan) and the idempotency records table.
 */
export class OrdersTables extends Construct {
  readonly orders: dynamodb.TableV2;
  readonly idempotency: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: OrdersTablesProps) {
    super(scope, id);
    const S = dynamodb.AttributeType.STRING;
    this.orders = new dynamodb.TableV2(this, "Orders", {
      tableName: props.tableName,
      partitionKey: { name: "orderId", type: S },
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: [
        {
          indexName: ORDER_DATE_INDEX,
          partitionKey: { name: "orderDate", type: S },
          sortKey: { name: "createdAt", type: S },
        },
        {
          indexName: ORDER_LIST_INDEX,
          partitionKey: { name: "orderList", type: S },
          sortKey: { name: "createdAt", type: S },
        },
      ],
    });
    this.idempotency = new dynamodb.TableV2(this, "Idempotency", {
      tableName: `${props.tableName}-idempotency`,
      partitionKey: { name: "id", type: S },
      billing: dynamodb.Billing.onDemand(),
      timeToLiveAttribute: "expiration",
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledge(
      this.idempotency,
      "AwsSolutions-DDB3",
      "Idempotency records live for one hour (TTL) and only deduplicate retries; restoring them to an earlier point would be meaningless.",
    );
  }
}
