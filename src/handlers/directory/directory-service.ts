// The DirectoryService function behind the internal ALB (target type lambda): the ALB event in, the
// ALB response out. Query values arrive as sent (percent-encoded) in ALB events: decoded here.
import type { ALBEvent, ALBResult } from "aws-lambda";
import { directoryApp } from "./directory-app.js";

function decode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

export async function handler(event: ALBEvent): Promise<ALBResult> {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (value !== undefined) query[decode(key)] = decode(value);
  }
  const response = directoryApp({ method: event.httpMethod, path: event.path, query });
  return {
    statusCode: response.status,
    statusDescription: `${response.status}`,
    headers: { "content-type": "application/json", ...response.headers },
    body: JSON.stringify(response.body),
    isBase64Encoded: false,
  };
}
