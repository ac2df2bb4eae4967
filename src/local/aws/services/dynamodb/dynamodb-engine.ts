// The DynamoDB engine (DynamoDB Local) behind the endpoint. Each account gets its own engine
// database: DynamoDB Local keeps one database per access key id + region (it runs without
// -sharedDb), so requests are re-signed with an access key derived from the account.
import { Agent, request as httpRequest } from "node:http";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { LocalResponse } from "../../../http/http-types.js";
import { signOutgoing } from "../../protocol/sigv4-signature.js";

/** Response headers passed back from the engine unchanged. */
const PASSED_HEADERS = ["content-type", "x-amz-crc32", "x-amzn-requestid"] as const;

/** The engine access key of an account: alphanumeric only, as DynamoDB Local requires. */
export function engineAccessKeyId(account: string): string {
  return `accountmesh${account.replace(/[^A-Za-z0-9]/g, "")}`;
}

export class DynamoDbEngine {
  readonly endpoint: string;
  private readonly host: string;
  private readonly hostname: string;
  private readonly port: number;
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private readonly clients = new Map<string, DynamoDBClient>();

  /** `endpoint`: the engine's URL, e.g. `http://127.0.0.1:8000` (plain HTTP on loopback). */
  constructor(endpoint: string) {
    const url = new URL(endpoint);
    this.endpoint = endpoint;
    this.host = url.host;
    this.hostname = url.hostname;
    this.port = Number(url.port || 80);
  }

  /** Sends one DynamoDB JSON request to the account's database and returns the engine's answer as is. */
  forward(account: string, region: string, target: string, body: Buffer): Promise<LocalResponse> {
    const key = engineAccessKeyId(account);
    const headers = signOutgoing(
      {
        method: "POST",
        url: "/",
        headers: { host: this.host, "content-type": "application/x-amz-json-1.0", "x-amz-target": target },
        body,
      },
      { accessKeyId: key, secretAccessKey: key },
      { region, service: "dynamodb" },
      new Date(),
    );
    headers["content-length"] = String(body.length);
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        { hostname: this.hostname, port: this.port, method: "POST", path: "/", headers, agent: this.agent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", reject);
          response.on("end", () => {
            const passed: Record<string, string> = {};
            for (const name of PASSED_HEADERS) {
              const value = response.headers[name];
              if (typeof value === "string") passed[name] = value;
            }
            resolve({ status: response.statusCode ?? 500, headers: passed, body: Buffer.concat(chunks) });
          });
        },
      );
      outgoing.on("error", (error) =>
        reject(
          new Error(`DynamoDB Local at ${this.endpoint} did not answer: ${error.message}`, { cause: error }),
        ),
      );
      outgoing.end(body);
    });
  }

  /** An SDK client on the account's database, for provisioning (no IAM: this is the deployer). */
  client(account: string, region: string): DynamoDBClient {
    const cacheKey = `${account}/${region}`;
    let client = this.clients.get(cacheKey);
    if (client === undefined) {
      const key = engineAccessKeyId(account);
      client = new DynamoDBClient({
        endpoint: this.endpoint,
        region,
        credentials: { accessKeyId: key, secretAccessKey: key },
      });
      this.clients.set(cacheKey, client);
    }
    return client;
  }

  close(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
    this.agent.destroy();
  }
}
