// The tables the DynamoDB providers created, with their resource policies (which the endpoint hands
// to the Authorizer on every request to the table or its indexes).
import type { PolicyDocument } from "../../../iam/types.js";

export interface ProvisionedTable {
  readonly account: string;
  readonly region: string;
  readonly name: string;
  readonly arn: string;
  readonly streamArn?: string;
  readonly resourcePolicy?: PolicyDocument;
}

export function tableArn(region: string, account: string, name: string): string {
  return `arn:aws:dynamodb:${region}:${account}:table/${name}`;
}

export class DynamoDbTables {
  private readonly tables = new Map<string, ProvisionedTable>();

  register(table: ProvisionedTable): void {
    this.tables.set(tableArn(table.region, table.account, table.name), table);
  }

  get(account: string, region: string, name: string): ProvisionedTable | undefined {
    return this.tables.get(tableArn(region, account, name));
  }

  resourcePolicy(account: string, region: string, name: string): PolicyDocument | undefined {
    return this.get(account, region, name)?.resourcePolicy;
  }
}
