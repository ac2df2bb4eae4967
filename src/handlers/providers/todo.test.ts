import { describe, expect, it } from "vitest";
import { answerTodo, pythonJson, type Todo, type TodoStore } from "./todo.js";

function memoryStore(): TodoStore & { items: Todo[] } {
  const items: Todo[] = [];
  return {
    items,
    async put(todo) {
      items.push(todo);
    },
    async get(id) {
      return items.find((t) => t.id === id);
    },
    isToken: (next) => /^\d+$/.test(next),
    async list(limit, next) {
      const start = next === undefined ? 0 : Number(next);
      const page = items.slice(start, start + limit);
      return { items: page, ...(start + limit < items.length ? { next: String(start + limit) } : {}) };
    },
  };
}

const form = (body: string) => ({
  method: "POST",
  url: "/todo",
  contentType: "application/x-www-form-urlencoded",
  body,
});

describe("the todo service (seed 003 shapes)", () => {
  it("stores a form-encoded data field under an 8-hex id and answers it in json.dumps layout", async () => {
    const store = memoryStore();
    const answer = await answerTodo(form("data=Write+new+AWS+blog+post"), store, () => "d2be7fe9");
    expect(answer).toEqual({ status: 200, body: '{"id": "d2be7fe9", "data": "Write new AWS blog post"}\n' });
    expect(store.items).toEqual([{ id: "d2be7fe9", data: "Write new AWS blog post" }]);
  });

  it("lists page by page (the next page's token in x-next-token) and reads one by id", async () => {
    const store = memoryStore();
    for (const id of ["a", "b", "c"]) await store.put({ id, data: id });
    const first = await answerTodo(
      { method: "GET", url: "/todo?limit=2", contentType: undefined, body: "" },
      store,
      () => "",
    );
    expect(first).toEqual({
      status: 200,
      body: '[{"id": "a", "data": "a"}, {"id": "b", "data": "b"}]\n',
      headers: { "x-next-token": "2" },
    });
    const second = await answerTodo(
      { method: "GET", url: "/todo?limit=2&next=2", contentType: undefined, body: "" },
      store,
      () => "",
    );
    expect(second.body).toBe('[{"id": "c", "data": "c"}]\n');
    expect(
      await answerTodo({ method: "GET", url: "/todo/b", contentType: undefined, body: "" }, store, () => ""),
    ).toEqual({
      status: 200,
      body: '{"id": "b", "data": "b"}\n',
    });
  });

  it("answers flask-restful's 400, 404 and 405", async () => {
    const store = memoryStore();
    const get = (url: string, method = "GET") =>
      answerTodo({ method, url, contentType: undefined, body: "" }, store, () => "x");
    expect(
      (
        await answerTodo(
          { ...form(""), contentType: "application/json", body: '{"data":"x"}' },
          store,
          () => "x",
        )
      ).status,
    ).toBe(400);
    const missing = await get("/todo/nope");
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).message).toMatch(
      /^Todo nope doesn't exist\. You have requested this URI \[\/todo\/nope\]/,
    );
    expect((await get("/todo", "DELETE")).status).toBe(405);
    expect((await get("/todo/a", "PUT")).status).toBe(405);
    expect((await get("/elsewhere")).status).toBe(404);
    expect((await get("/todo?next=garbage")).status).toBe(400);
    const huge = await answerTodo(form(`data=${"x".repeat(100_001)}`), store, () => "x");
    expect(huge.status).toBe(400);
    expect(store.items).toEqual([]);
  });

  it("lays JSON out as Python's json.dumps does, whatever the strings hold", () => {
    expect(pythonJson({ id: "1", data: 'a [ b ", c' })).toBe('{"id": "1", "data": "a [ b \\", c"}\n');
    expect(pythonJson([])).toBe("[]\n");
  });
});
