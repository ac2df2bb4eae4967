// B9's floor: what the REST API → DynamoDB GetItem path does, written by hand behind a bare node:http
// server — parse the path, call GetItem with the AWS SDK v3 on the same DynamoDB engine the runtime
// uses (under its own access key, so its own database there), render the item as the response
// template does — with no API Gateway, IAM, role session or VTL. Argv: <engine endpoint> <access key
// id> <table>. Prints {"ready":true,"url":...,"id":<the seeded item's id>}.
import { createServer } from "node:http";
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";

const [engine, accessKeyId, table] = process.argv.slice(2);
if (engine === undefined || accessKeyId === undefined || table === undefined) {
  throw new Error("usage: integration-floor-server.ts <engine endpoint> <access key id> <table>");
}
const client = new DynamoDBClient({
  endpoint: engine,
  region: "eu-west-1",
  credentials: { accessKeyId, secretAccessKey: "bench" },
});
await client.send(
  new CreateTableCommand({
    TableName: table,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
  }),
);
const id = "floor-item";
await client.send(
  new PutItemCommand({
    TableName: table,
    Item: { id: { S: id }, name: { S: "bench lamp" }, tags: { SS: ["a", "b"] } },
  }),
);

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const key = /^\/prod\/items\/([^/?]+)/.exec(req.url ?? "")?.[1];
  if (key === undefined) {
    res.writeHead(404).end();
    return;
  }
  client.send(new GetItemCommand({ TableName: table, Key: { id: { S: decodeURIComponent(key) } } })).then(
    ({ Item }) => {
      const body = Buffer.from(
        Item === undefined
          ? JSON.stringify({ message: `no item ${key}` })
          : JSON.stringify({ id: Item.id?.S, name: Item.name?.S, tags: Item.tags?.SS }),
      );
      res
        .writeHead(Item === undefined ? 404 : 200, {
          "content-type": "application/json",
          "content-length": body.length,
        })
        .end(body);
    },
    () => res.writeHead(500).end(),
  );
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ ready: true, url: `http://127.0.0.1:${port}`, id })}\n`);
});
process.on("SIGTERM", () => process.exit(0));
