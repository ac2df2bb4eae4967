// Requests a careless or hostile client sends to the orders APIs. Each must get a 4xx with a JSON
// `message`, never a 5xx, through the whole path (proxy → ALB → endpoint → API Gateway → function).
import type { Service } from "../support/orders-system.js";

export interface MalformedRequest {
  readonly name: string;
  /** The curl arguments after the URL's path is known (`{url}` is replaced by the service URL). */
  readonly args: (url: string) => string[];
  readonly input?: string;
  /** Expected status when the reference says exactly which one. */
  readonly status?: number;
}

const JSON_TYPE = ["-H", "Content-Type: application/json"];

function post(name: string, body: string, status?: number): MalformedRequest {
  return {
    name: `POST ${name}`,
    args: (url) => ["-X", "POST", url, ...JSON_TYPE, "--data-binary", "@-"],
    input: body,
    ...(status === undefined ? {} : { status }),
  };
}

function get(name: string, suffix: string, status?: number): MalformedRequest {
  return {
    name: `GET ${name}`,
    args: (url) => ["-X", "GET", `${url}${suffix}`],
    ...(status === undefined ? {} : { status }),
  };
}

export function malformedRequests(service: Service, option: string, otherField: string): MalformedRequest[] {
  const valid = (fullName: unknown) => JSON.stringify({ fullName, [service]: option });
  return [
    post("body not JSON", "this is not json", 400),
    post("truncated JSON", `{"fullName":"Ana","${service}":`, 400),
    post("JSON array", JSON.stringify([{ fullName: "Ana", [service]: option }]), 400),
    post("JSON null", "null", 400),
    post("JSON string", '"Ana"', 400),
    post("JSON number", "42", 400),
    post("empty body", "", 400),
    post("empty object", "{}", 400),
    post("fullName missing", JSON.stringify({ [service]: option }), 400),
    post(`${service} missing`, JSON.stringify({ fullName: "Ana" }), 400),
    post("fullName a number", valid(7), 400),
    post("fullName an array", valid(["Ana"]), 400),
    post("fullName an object", valid({ first: "Ana" }), 400),
    post("fullName empty", valid(""), 400),
    post("fullName of 300 kB", valid("a".repeat(300_000)), 400),
    post(`${service} null`, JSON.stringify({ fullName: "Ana", [service]: null }), 400),
    post(`${service} a number`, JSON.stringify({ fullName: "Ana", [service]: 1 }), 400),
    post(`${service} unknown option`, JSON.stringify({ fullName: "Ana", [service]: "sushi" }), 400),
    post(
      `${service} wrongly cased`,
      JSON.stringify({ fullName: "Ana", [service]: option.toUpperCase() }),
      400,
    ),
    post("the other service's field", JSON.stringify({ fullName: "Ana", [otherField]: "x" }), 400),
    post("body over API Gateway's 10 MB limit", valid("a".repeat(10 * 1024 * 1024 + 1)), 413),
    get("unknown orderId", "/0123456789abcdef0123456789abcdef", 404),
    get("malformed orderId", "/not-an-order-id", 400),
    get("orderId with upper case", "/0123456789ABCDEF0123456789ABCDEF", 400),
    get("orderId of 33 characters", "/0123456789abcdef0123456789abcdef0", 400),
    get("limit 0", "?limit=0", 400),
    get("limit 1001", "?limit=1001", 400),
    get("limit negative", "?limit=-5", 400),
    get("limit not a number", "?limit=ten", 400),
    get("limit fractional", "?limit=1.5", 400),
    get("nextToken not issued by the API", "?nextToken=garbage", 400),
    get(
      "nextToken base64 of JSON",
      `?nextToken=${Buffer.from('{"orderId":"x"}').toString("base64url")}`,
      400,
    ),
    get("orderDate not a date", "?orderDate=yesterday", 400),
    get("orderDate impossible", "?orderDate=2024-02-30", 400),
    get("orderDate with time", "?orderDate=2024-02-01T00:00:00Z", 400),
  ];
}
