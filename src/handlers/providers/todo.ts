// The todo service (seed 003, §3.4 of seed-systems.md), rewritten in TypeScript: `POST /todo` with a
// form-encoded `data` field stores `{id: <8 hex>, data}`; `GET /todo` lists a page (a Query of the
// `byKind` index, never a Scan; the next page's token in `x-next-token`, passed back as `?next=`);
// `GET /todo/<id>`; flask-restful's bodies and statuses for the rest (400, 404, 405). Pure routing over
// a store the caller provides.

export interface Todo {
  readonly id: string;
  readonly data: string;
}

export interface TodoStore {
  put(todo: Todo): Promise<void>;
  get(id: string): Promise<Todo | undefined>;
  /** True for a page token `list` gave (anything else is the client's mistake: 400). */
  isToken(next: string): boolean;
  /** One page of todos; `next` continues after the previous page. */
  list(
    limit: number,
    next: string | undefined,
  ): Promise<{ readonly items: readonly Todo[]; readonly next?: string }>;
}

export interface TodoRequest {
  readonly method: string;
  /** Path and query, e.g. `/todo?limit=10`. */
  readonly url: string;
  readonly contentType: string | undefined;
  readonly body: string;
}

export interface TodoAnswer {
  readonly status: number;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export const MAX_PAGE = 100;
/** The largest `data` stored (an item must stay under DynamoDB's 400 KB). */
export const MAX_DATA_BYTES = 100_000;

/** Python's json.dumps layout (`", "` and `": "`), as flask-restful writes it, with its newline. */
export function pythonJson(value: unknown): string {
  return `${dumps(value)}\n`;
}

function dumps(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(dumps).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}: ${dumps(item)}`)
      .join(", ")}}`;
  }
  return JSON.stringify(value);
}

const message = (status: number, text: string): TodoAnswer => ({
  status,
  body: pythonJson({ message: text }),
});

export async function answerTodo(
  request: TodoRequest,
  store: TodoStore,
  newId: () => string,
): Promise<TodoAnswer> {
  const url = new URL(request.url, "http://todo.local");
  const path = url.pathname.replace(/\/$/, "") || "/";
  const item = /^\/todo\/([^/]+)$/.exec(path);
  if (path !== "/todo" && item === null) {
    return message(
      404,
      "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.",
    );
  }
  if (item !== null) {
    if (request.method !== "GET") return message(405, "The method is not allowed for the requested URL.");
    const id = decodeURIComponent(item[1] ?? "");
    const todo = await store.get(id);
    return todo === undefined
      ? message(
          404,
          `Todo ${id} doesn't exist. You have requested this URI [${path}] but did you mean /todo/<string:todo_id> or /todo ?`,
        )
      : { status: 200, body: pythonJson(todo) };
  }
  if (request.method === "GET") {
    const limit = Math.min(
      MAX_PAGE,
      Math.max(1, Number.parseInt(url.searchParams.get("limit") ?? `${MAX_PAGE}`, 10) || MAX_PAGE),
    );
    const next = url.searchParams.get("next") ?? undefined;
    if (next !== undefined && !store.isToken(next))
      return message(
        400,
        `next ${JSON.stringify(next.slice(0, 100))} is not a page token this service gave.`,
      );
    const page = await store.list(limit, next);
    return {
      status: 200,
      body: pythonJson(page.items),
      ...(page.next === undefined ? {} : { headers: { "x-next-token": page.next } }),
    };
  }
  if (request.method === "POST") {
    const form = (request.contentType ?? "").startsWith("application/x-www-form-urlencoded")
      ? new URLSearchParams(request.body)
      : undefined;
    const data = form?.get("data");
    if (data === null || data === undefined) {
      return message(400, "The browser (or proxy) sent a request that this server could not understand.");
    }
    if (Buffer.byteLength(data) > MAX_DATA_BYTES) {
      return message(
        400,
        `data is ${Buffer.byteLength(data)} bytes; at most ${MAX_DATA_BYTES} are stored (a DynamoDB item holds 400 KB).`,
      );
    }
    const todo = { id: newId(), data };
    await store.put(todo);
    return { status: 200, body: pythonJson(todo) };
  }
  return message(405, "The method is not allowed for the requested URL.");
}
