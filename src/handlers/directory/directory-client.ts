// The blue and green clients of seed 004, fixed: call ENDPOINT (the directory service's Lattice DNS
// name with `?q=<colour>`) without signing and return the status and the body, instead of crashing on
// a 403 as the seed's urlopen does. HTTP_CLIENT=node-http uses node:http instead of fetch (both leave
// the function through its VPC). METHOD sets the HTTP method (default GET); HEADERS (a JSON object)
// adds request headers, e.g. to show that forged x-amzn-lattice-* or X-Forwarded-For change nothing.
import { request as httpRequest } from "node:http";

export interface ClientResult {
  readonly status: number;
  readonly body: string;
}

function viaNodeHttp(url: string, method: string, headers: Record<string, string>): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

export async function callEndpoint(
  url: string,
  method: string,
  headers: Record<string, string>,
  client: string | undefined,
): Promise<ClientResult> {
  if (client === "node-http") return viaNodeHttp(url, method, headers);
  const response = await fetch(url, { method, headers });
  return { status: response.status, body: await response.text() };
}

export async function handler(): Promise<ClientResult> {
  const url = process.env.ENDPOINT;
  if (url === undefined || url === "")
    throw new Error("ENDPOINT is not set: the client needs the service's URL.");
  const headers = JSON.parse(process.env.HEADERS ?? "{}") as Record<string, string>;
  const result = await callEndpoint(url, process.env.METHOD ?? "GET", headers, process.env.HTTP_CLIENT);
  console.log(JSON.stringify({ endpoint: url, ...result }));
  return result;
}
