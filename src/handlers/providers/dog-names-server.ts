// The dog names container's entry point: an HTTP server on port 8080 (the task definition's port
// mapping), one JSON log line per name served.
import { createServer } from "node:http";
import { answerDogNames } from "./dog-names.js";

const PORT = Number(process.env.PORT ?? 8080);

createServer((request, response) => {
  const path = (request.url ?? "/").replace(/\?.*$/, "");
  const answer = answerDogNames(path, Math.random);
  if (answer.status === 200) {
    const { Name, Gender } = JSON.parse(answer.body) as { Name: string; Gender: string };
    console.log(JSON.stringify({ level: "info", msg: "Generated new dog name", name: Name, gender: Gender }));
  }
  response.writeHead(answer.status, { "content-type": answer.contentType });
  response.end(answer.body);
}).listen(PORT, () => console.log(JSON.stringify({ level: "info", msg: `dog names listening on ${PORT}` })));
