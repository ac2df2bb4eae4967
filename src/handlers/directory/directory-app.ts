// The DirectoryService app of seed 004 (FastAPI 0.95 + pydantic 1.10 behind Mangum), as a pure
// function: `GET /?q=<v>` → 200 `{"endpoint":"<v>"}`; a missing `q` → 422 with FastAPI's `detail`;
// any other path → 404 `{"detail":"Not Found"}`; another method on `/` → 405
// `{"detail":"Method Not Allowed"}` (FastAPI's defaults). HEAD is another method (FastAPI routes GET only).

export interface AppRequest {
  readonly method: string;
  readonly path: string;
  /** The first value of each query parameter (FastAPI takes the last for a scalar; see below). */
  readonly query: Readonly<Record<string, string | undefined>>;
}

export interface AppResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export function directoryApp(request: AppRequest): AppResponse {
  if (request.path !== "/") return { status: 404, body: { detail: "Not Found" } };
  if (request.method !== "GET") {
    return { status: 405, body: { detail: "Method Not Allowed" }, headers: { allow: "GET" } };
  }
  const q = request.query.q;
  if (q === undefined) {
    return {
      status: 422,
      body: { detail: [{ loc: ["query", "q"], msg: "field required", type: "value_error.missing" }] },
    };
  }
  return { status: 200, body: { endpoint: q } };
}
