// The Lambda Runtime API of one execution environment (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html),
// served on a loopback port that the runtime process finds in AWS_LAMBDA_RUNTIME_API. Besides
// gateway/server.ts this is the one file that opens an HTTP server: the Lambda host sits below the
// gateway layer (test/architecture/layers.ts), and the Runtime API is a private channel between the
// host and a process it started, not a front door of the network model.
//
//   GET  /2018-06-01/runtime/invocation/next              → the next event (long poll) and its headers
//   POST /2018-06-01/runtime/invocation/{id}/response     → 202; 413 beyond 6 MB
//   POST /2018-06-01/runtime/invocation/{id}/error        → 202 (Lambda-Runtime-Function-Error-Type)
//   POST /2018-06-01/runtime/init/error                   → 202, only during init
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Invocation } from "./execution-environment.js";

/** Largest response or error document a function may return (Lambda's limit, in bytes). */
export const MAX_RESPONSE_BYTES = 6_291_556;

/** How a Runtime API call is answered: the status and the JSON body. */
export interface RuntimeApiAnswer {
  readonly status: number;
  readonly body: Readonly<Record<string, string>>;
}

export const ACCEPTED: RuntimeApiAnswer = { status: 202, body: { status: "OK" } };

/** The environment behind the API. */
export interface RuntimeApiHandlers {
  /** The next invocation; resolves when there is one (the runtime waits, as on Lambda). */
  next(): Promise<Invocation>;
  response(requestId: string, body: Buffer): RuntimeApiAnswer;
  error(requestId: string, errorType: string | undefined, body: Buffer): RuntimeApiAnswer;
  initError(errorType: string | undefined, body: Buffer): RuntimeApiAnswer;
  /** A response over MAX_RESPONSE_BYTES: the invocation fails (Function.ResponseSizeTooLarge). */
  tooLarge(requestId: string): void;
}

export interface RuntimeApiServer {
  /** `127.0.0.1:<port>`, the value of AWS_LAMBDA_RUNTIME_API. */
  readonly address: string;
  close(): void;
}

const PREFIX = "/2018-06-01/runtime/";
const INVOCATION = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/;

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** The request body, or undefined once it passed `limit` bytes (the rest is read and dropped). */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? undefined : Buffer.concat(chunks);
}

function invocationHeaders(invocation: Invocation, functionArn: string): Record<string, string> {
  return {
    "lambda-runtime-aws-request-id": invocation.requestId,
    "lambda-runtime-deadline-ms": String(invocation.deadline),
    "lambda-runtime-invoked-function-arn": functionArn,
    "lambda-runtime-trace-id": invocation.traceId,
    ...(invocation.clientContext === undefined
      ? {}
      : { "lambda-runtime-client-context": invocation.clientContext }),
    ...(invocation.cognitoIdentity === undefined
      ? {}
      : { "lambda-runtime-cognito-identity": invocation.cognitoIdentity }),
  };
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  handlers: RuntimeApiHandlers,
  functionArn: string,
): Promise<void> {
  const path = (req.url ?? "").split("?")[0] ?? "";
  const errorType = req.headers["lambda-runtime-function-error-type"];
  const type = typeof errorType === "string" ? errorType : undefined;
  if (req.method === "GET" && path === `${PREFIX}invocation/next`) {
    const invocation = await handlers.next();
    answer(res, 200, invocation.payload, invocationHeaders(invocation, functionArn));
    return;
  }
  const matched = INVOCATION.exec(path);
  if (req.method === "POST" && (matched !== null || path === `${PREFIX}init/error`)) {
    const body = await readBody(req, MAX_RESPONSE_BYTES);
    const requestId = decodeURIComponent(matched?.[1] ?? "");
    if (body === undefined) {
      if (matched !== null) handlers.tooLarge(requestId);
      answer(res, 413, {
        errorMessage: `Exceeded maximum allowed payload size (${MAX_RESPONSE_BYTES} bytes).`,
        errorType: "RequestEntityTooLarge",
      });
      return;
    }
    const result =
      matched === null
        ? handlers.initError(type, body)
        : matched[2] === "response"
          ? handlers.response(requestId, body)
          : handlers.error(requestId, type, body);
    answer(res, result.status, result.body);
    return;
  }
  req.resume();
  answer(res, 404, {
    errorMessage: `Unknown Runtime API path: ${req.method} ${path}`,
    errorType: "NotFound",
  });
}

/**
 * Serves the Runtime API of one environment on 127.0.0.1 (a free port). `functionArn` is sent as
 * Lambda-Runtime-Invoked-Function-Arn. A `next` still waiting when the server closes is dropped.
 */
export async function listenRuntimeApi(
  handlers: RuntimeApiHandlers,
  functionArn: string,
): Promise<RuntimeApiServer> {
  const sockets = new Set<Socket>();
  const server = createServer({ keepAliveTimeout: 0, requestTimeout: 0 }, (req, res) => {
    route(req, res, handlers, functionArn).catch(() => res.destroy());
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    address: `127.0.0.1:${port}`,
    close() {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}
