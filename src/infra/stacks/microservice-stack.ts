import { CfnOutput } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { Microservice, type MicroserviceProps } from "../constructs/microservice.js";
import { AccountStack, type AccountStackProps } from "./account-stack.js";

export interface MicroserviceStackProps extends AccountStackProps {
  readonly microservice: Omit<MicroserviceProps, "azCount">;
}

/** One microservice account: the Microservice construct and its outputs. */
export class MicroserviceStack extends AccountStack {
  readonly microservice: Microservice;

  constructor(scope: Construct, id: string, props: MicroserviceStackProps) {
    super(scope, id, props);
    this.microservice = new Microservice(this, "Microservice", {
      ...props.microservice,
      azCount: props.availabilityZones.length,
    });
    new CfnOutput(this, "RestApiId", { value: this.microservice.api.api.restApiId });
    new CfnOutput(this, "CustomDomainUrl", {
      description: "Invoke URL from inside the consumer VPC",
      value: `https://${this.microservice.api.domain.domainName}/v1/orders`,
    });
    new CfnOutput(this, "OrdersTableName", { value: this.microservice.tables.orders.tableName });
  }
}
