import { describe, expect, it } from "vitest";
import type { AssetSource } from "../assembly/types.js";
import { planUserData } from "./user-data-plan.js";

const asset: AssetSource = {
  hash: "abc",
  path: "/cdk.out/asset.abc",
  packaging: "zip",
  objectKey: "abc.zip",
};
const assets = new Map([["abc.zip", asset]]);
const script = (unit: string) =>
  [
    "#!/bin/bash",
    "dnf install -y nodejs22 unzip",
    "aws s3 cp 's3://cdk-assets-1/abc.zip' '/tmp/todo.zip'",
    "unzip -o /tmp/todo.zip -d /opt/todo",
    "cat > /etc/systemd/system/todo.service <<'UNIT'",
    unit,
    "UNIT",
    "systemctl enable --now todo",
  ].join("\n");

describe("reading what an instance's user data runs", () => {
  it("maps a systemd unit's node program and working directory to the CDK asset", () => {
    const plan = planUserData(
      script(
        '[Service]\nWorkingDirectory=/opt/todo\nEnvironment=TABLE_NAME=Todos-1\nEnvironment=PORT=8080 MODE="a b"\nExecStart=/usr/bin/node-22 /opt/todo/server.mjs --flag',
      ),
      assets,
    );
    expect(plan).toEqual([
      {
        unit: "todo",
        args: ["/cdk.out/asset.abc/server.mjs", "--flag"],
        cwd: "/cdk.out/asset.abc",
        env: { TABLE_NAME: "Todos-1", PORT: "8080", MODE: "a b" },
        port: 8080,
      },
    ]);
  });

  it("refuses, naming the unit and the reason, what it cannot run", () => {
    expect(
      planUserData(
        script("[Service]\nEnvironment=PORT=80\nExecStart=/usr/bin/python3 /opt/todo/app.py"),
        assets,
      ),
    ).toEqual({
      notRunnable: "unit todo: ExecStart=/usr/bin/python3 /opt/todo/app.py is not a Node.js program",
    });
    expect(
      planUserData(script("[Service]\nEnvironment=PORT=80\nExecStart=/usr/bin/node /srv/app.mjs"), assets),
    ).toEqual({
      notRunnable: expect.stringContaining("not under a directory the user data unzips"),
    });
    expect(planUserData(script("[Service]\nExecStart=/usr/bin/node /opt/todo/a.mjs"), assets)).toEqual({
      notRunnable: expect.stringContaining("sets no Environment=PORT"),
    });
    expect(planUserData("#!/bin/bash\nyum install -y httpd", assets)).toEqual({
      notRunnable: expect.stringContaining("writes no systemd unit"),
    });
  });
});
