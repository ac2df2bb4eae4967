// The running tasks of ECS services, one local process per container, as many tasks as the service's
// desired count: each task gets a network interface in one of the service's subnets (awsvpc), is
// registered with the service's target groups at its address, and reaches its task role's credentials
// through the container credentials endpoint. Logs go to `[ecs <family>/<task id>]` lines.
import { randomBytes } from "node:crypto";
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import type { LocalHandler } from "../../../http/http-types.js";
import type { CredentialRegistry } from "../../../iam/credential-registry.js";
import type { FrontDoorRegistry } from "../../../network/front-door-registry.js";
import type { NetworkState } from "../../../network/network-state.js";
import { containerCredentialsEndpoint, type RoleSession } from "../../../workloads/credential-endpoints.js";
import { forwardToProcess } from "../../../workloads/forward-to-process.js";
import { workloadEnvironment } from "../../../workloads/workload-environment.js";
import { WorkloadProcess } from "../../../workloads/workload-process.js";
import type { EcsService, EcsState } from "./ecs-state.js";

const TASK_SESSION_SECONDS = 6 * 3600;

export interface RunningTask {
  readonly arn: string;
  readonly id: string;
  readonly serviceArn: string;
  readonly interfaceId: string;
  readonly privateIp: string;
  readonly processes: readonly WorkloadProcess[];
  readonly token: string;
  readonly role: RoleSession | undefined;
  readonly startedAt: Date;
}

export interface EcsTasksDeps {
  readonly state: EcsState;
  readonly network: NetworkState;
  readonly frontDoors: FrontDoorRegistry;
  readonly credentials: CredentialRegistry;
  awsEndpointUrl(): string;
  log(line: string): void;
  readonly logDir: string;
}

export class EcsTasks {
  readonly #deps: EcsTasksDeps;
  readonly #tasks = new Map<string, RunningTask>();
  #credentialsUrl: string | undefined;

  constructor(deps: EcsTasksDeps) {
    this.#deps = deps;
  }

  /** The container credentials endpoint every task's SDK asks (served on a loopback port). */
  readonly credentialsEndpoint: LocalHandler = containerCredentialsEndpoint((id, token) => {
    const task = [...this.#tasks.values()].find((t) => t.id === id);
    return task !== undefined && task.token === token ? task.role : undefined;
  });

  /** Where the credentials endpoint listens; tasks start from now on. */
  async listening(url: string): Promise<void> {
    this.#credentialsUrl = url;
    await Promise.all([...this.#deps.state.services.values()].map((service) => this.reconcile(service)));
  }

  tasksOf(serviceArn: string): RunningTask[] {
    return [...this.#tasks.values()].filter((task) => task.serviceArn === serviceArn);
  }

  /** Starts or stops tasks until the service runs its desired count (once the runtime serves). */
  async reconcile(service: EcsService): Promise<void> {
    if (this.#credentialsUrl === undefined) return;
    const running = this.tasksOf(service.arn);
    const starts: Promise<void>[] = [];
    for (let n = running.length; n < service.desiredCount; n++) starts.push(this.#start(service, n));
    const stops = running.slice(service.desiredCount).map((task) => this.#stop(task));
    const results = await Promise.allSettled([...starts, ...stops]);
    for (const result of results) {
      if (result.status === "rejected")
        this.#deps.log(
          `[ecs ${service.name}] ${String(result.reason instanceof Error ? result.reason.message : result.reason)}`,
        );
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.#tasks.values()].map((task) => this.#stop(task)));
  }

  async #start(service: EcsService, index: number): Promise<void> {
    const { state, network, frontDoors, credentials } = this.#deps;
    const definition = state.taskDefinitions.get(service.taskDefinitionArn);
    if (definition === undefined) return;
    const id = randomBytes(16).toString("hex");
    const clusterName = service.clusterArn.split("/").at(-1);
    const arn = `arn:aws:ecs:${service.region}:${service.account}:task/${clusterName}/${id}`;
    const subnet = service.subnets[index % service.subnets.length] ?? "";
    const nic = network.addInterface(
      subnet,
      { kind: "workload", id: arn },
      service.account,
      `ECS task ${id}`,
    );
    const roleArn = definition.taskRoleArn;
    const role: RoleSession | undefined =
      roleArn === undefined
        ? undefined
        : {
            roleArn,
            credentials: () =>
              credentials.issueSession({
                roleArn,
                sessionName: id,
                now: new Date(),
                durationSeconds: TASK_SESSION_SECONDS,
              }),
          };
    const token = randomBytes(24).toString("base64url");
    const label = `${definition.family}/${id.slice(0, 8)}`;
    const logFile = join(this.#deps.logDir, `${definition.family}-${id}.log`);
    const processes = definition.containers.map(
      (container) =>
        new WorkloadProcess({
          label: `ECS task ${label} container ${container.name}`,
          args: container.args,
          cwd: container.cwd,
          env: workloadEnvironment({
            region: service.region,
            awsEndpointUrl: this.#deps.awsEndpointUrl(),
            variables: [container.env, { ECS_CONTAINER_METADATA_URI_V4: "" }],
            credentials:
              role === undefined
                ? { kind: "none" }
                : { kind: "container", uri: `${this.#credentialsUrl}/v2/credentials/${id}`, token },
            home: this.#deps.logDir,
          }),
          containerPorts: container.ports,
          log: (line) => {
            this.#deps.log(`[ecs ${label} ${container.name}] ${line}`);
            appendFileSync(logFile, `${line}\n`);
          },
        }),
    );
    const task: RunningTask = {
      arn,
      id,
      serviceArn: service.arn,
      interfaceId: nic.id,
      privateIp: nic.privateIp,
      processes,
      token,
      role,
      startedAt: new Date(),
    };
    this.#tasks.set(arn, task);
    const byPort = new Map<number, LocalHandler>();
    for (const [n, container] of definition.containers.entries()) {
      const process = processes[n] as WorkloadProcess;
      for (const port of container.ports)
        byPort.set(
          port,
          forwardToProcess(`ECS task ${label}`, () => process.hostPort(port)),
        );
    }
    try {
      await Promise.all(processes.map((p) => p.start()));
    } catch (error) {
      await this.#stop(task);
      throw error;
    }
    // Registered with the target groups once running (ECS registers a task when it reaches RUNNING).
    frontDoors.serveWorkload(nic.id, {
      label: `ECS task ${label}`,
      id: arn,
      vpcId: nic.vpcId,
      ip: nic.privateIp,
      targetGroups: service.loadBalancers.map((lb) => ({ arn: lb.targetGroupArn, port: lb.containerPort })),
      at: (port) => (processes.every((p) => p.running) ? byPort.get(port) : undefined),
    });
    this.#deps.log(`[ecs ${label}] task RUNNING at ${nic.privateIp} (${service.label})`);
  }

  async #stop(task: RunningTask): Promise<void> {
    this.#tasks.delete(task.arn);
    this.#deps.frontDoors.stopServing(task.interfaceId);
    await Promise.all(task.processes.map((p) => p.stop()));
    this.#deps.network.removeInterface(task.interfaceId);
    this.#deps.log(`[ecs ${task.id.slice(0, 8)}] task STOPPED`);
  }
}
