// The todo instance's entry point: an HTTP server on port 8080 over DynamoDB (TABLE_NAME, the
// `byKind` index for listing). Credentials come from the SDK's default chain: the instance profile's
// role through the instance metadata service.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand } from "@aws-sdk/client-dynamodb";
import { answerTodo, type Todo, type TodoStore } from "./todo.js";

const TABLE = process.env.TABLE_NAME ?? "TodoTable";
const INDEX = "byKind";
const KIND = "todo";
const dynamodb = new DynamoDBClient({});

const store: TodoStore = {
  async put(todo) {
    await dynamodb.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { id: { S: todo.id }, data: { S: todo.data }, kind: { S: KIND } },
      }),
    );
  },
  async get(id) {
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: { id: { S: id } } }));
    return Item === undefined ? undefined : { id: Item.id?.S ?? id, data: Item.data?.S ?? "" };
  },
  isToken(next) {
    try {
      const key = JSON.parse(Buffer.from(next, "base64url").toString("utf8")) as Record<
        string,
        { S?: unknown }
      >;
      return (
        Object.keys(key).sort().join() === "id,kind" && typeof key.id?.S === "string" && key.kind?.S === KIND
      );
    } catch {
      return false;
    }
  },
  async list(limit, next) {
    const output = await dynamodb.send(
      new QueryCommand({
        TableName: TABLE,
        IndexName: INDEX,
        KeyConditionExpression: "kind = :kind",
        ExpressionAttributeValues: { ":kind": { S: KIND } },
        Limit: limit,
        ...(next === undefined
          ? {}
          : { ExclusiveStartKey: JSON.parse(Buffer.from(next, "base64url").toString("utf8")) }),
      }),
    );
    const items: Todo[] = (output.Items ?? []).map((item) => ({
      id: item.id?.S ?? "",
      data: item.data?.S ?? "",
    }));
    const last = output.LastEvaluatedKey;
    return {
      items,
      ...(last === undefined ? {} : { next: Buffer.from(JSON.stringify(last)).toString("base64url") }),
    };
  },
};

createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    answerTodo(
      {
        method: request.method ?? "GET",
        url: request.url ?? "/",
        contentType: request.headers["content-type"],
        body: Buffer.concat(chunks).toString("utf8"),
      },
      store,
      () => randomUUID().slice(0, 8),
    )
      .then((answer) => {
        response.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
        response.end(answer.body);
      })
      .catch((error: unknown) => {
        console.error(JSON.stringify({ level: "error", msg: "request failed", error: String(error) }));
        response.writeHead(500, { "content-type": "application/json" });
        response.end('{"message": "Internal Server Error"}\n');
      });
  });
}).listen(Number(process.env.PORT ?? 8080), () => console.log("todo listening on 8080"));
