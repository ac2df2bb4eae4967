import { describe, expect, it } from "vitest";
import { planImage } from "./dockerfile.js";

describe("reading a Dockerfile without Docker", () => {
  it("plans a single-stage Node.js image: WORKDIR, ENV, EXPOSE, ENTRYPOINT + CMD", () => {
    const plan = planImage(
      [
        "# dog names",
        "FROM public.ecr.aws/docker/library/node:22-alpine",
        "WORKDIR /app",
        "COPY server.mjs names.json ./",
        'ENV PORT=8080 GREETING="hello world"',
        "EXPOSE 8080",
        "USER node",
        'CMD ["node", "server.mjs"]',
      ].join("\n"),
    );
    expect(plan).toEqual({
      workdir: "/app",
      command: ["node", "server.mjs"],
      env: { PORT: "8080", GREETING: "hello world" },
      exposed: [8080],
    });
  });

  it("refuses, naming the instruction, what only Docker could do", () => {
    expect(planImage("FROM golang:alpine AS build\nFROM alpine\nCMD /server")).toEqual({
      notRunnable: expect.stringContaining("a multi-stage build"),
    });
    expect(planImage("FROM python:3.12\nCMD python app.py")).toEqual({
      notRunnable: expect.stringContaining("FROM python:3.12: only Node.js base images"),
    });
    expect(planImage("FROM node:22\nRUN npm ci\nCMD node a.js")).toEqual({
      notRunnable: expect.stringContaining("RUN npm ci: build steps do not run without Docker"),
    });
    expect(planImage("FROM node:22\nCMD ./start.sh")).toEqual({
      notRunnable: expect.stringContaining('["./start.sh"] does not start with node'),
    });
  });
});
