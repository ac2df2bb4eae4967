// The running tasks of ECS services, one local process per container, as many tasks as the service's
// desired count: each task gets a network interface in one of the service's subnets (awsvpc), is
// registered with the service's target groups at its address (workloads/workload-host.ts), and reaches
// its task role's credentials through the container credentials endpoint. Logs: `[ECS task …]` lines.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { LocalHandler } from "../../../http/http-types.js";
import type { CredentialRegistry } from "../../../iam/credential-registry.js";
import type { FrontDoorRegistry } from "../../../network/front-door-registry.js";
import type { NetworkState } from "../../../network/network-state.js";
import { containerCredentialsEndpoint, type RoleSession } from "../../../workloads/credential-endpoints.js";
import { workloadEnvironment } from "../../../workloads/workload-environment.js";
import { type RunningWorkload, startWorkload } from "../../../workloads/workload-host.js";
import type { EcsService, EcsState } from "./ecs-state.js";

const TASK_SESSION_SECONDS = 6 * 3600;

export interface RunningTask {
  readonly arn: string;
  readonly id: string;
  readonly serviceArn: string;
  readonly token: string;
  readonly role: RoleSession | undefined;
  /** Set once the task runs. */
  workload?: RunningWorkload;
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

  /** The service's running tasks. */
  tasksOf(serviceArn: string): (RunningTask & { readonly privateIp: string })[] {
    return [...this.#tasks.values()].flatMap((task) =>
      task.serviceArn === serviceArn && task.workload !== undefined
        ? [{ ...task, privateIp: task.workload.privateIp }]
        : [],
    );
  }

  /** Starts or stops tasks until the service runs its desired count (once the runtime serves). */
  async reconcile(service: EcsService): Promise<void> {
    if (this.#credentialsUrl === undefined) return;
    const running = [...this.#tasks.values()].filter((task) => task.serviceArn === service.arn);
    const starts: Promise<void>[] = [];
    for (let n = running.length; n < service.desiredCount; n++) starts.push(this.#start(service, n));
    const stops = running.slice(service.desiredCount).map((task) => this.#stop(task));
    for (const result of await Promise.allSettled([...starts, ...stops])) {
      if (result.status === "rejected") {
        this.#deps.log(
          `[ecs ${service.name}] ${result.reason instanceof Error ? result.reason.message : String(result.reason)}`,
        );
      }
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.#tasks.values()].map((task) => this.#stop(task)));
  }

  async #start(service: EcsService, index: number): Promise<void> {
    const { state, credentials } = this.#deps;
    const definition = state.taskDefinitions.get(service.taskDefinitionArn);
    if (definition === undefined) return;
    const id = randomBytes(16).toString("hex");
    const arn = `arn:aws:ecs:${service.region}:${service.account}:task/${service.clusterArn.split("/").at(-1)}/${id}`;
    const roleArn = definition.taskRoleArn;
    const task: RunningTask = {
      arn,
      id,
      serviceArn: service.arn,
      token: randomBytes(24).toString("base64url"),
      role:
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
            },
    };
    this.#tasks.set(arn, task);
    try {
      task.workload = await startWorkload(this.#deps, {
        id: arn,
        label: `ECS task ${definition.family}/${id.slice(0, 8)}`,
        account: service.account,
        subnetId: service.subnets[index % service.subnets.length] ?? "",
        targetGroups: service.loadBalancers.map((lb) => ({ arn: lb.targetGroupArn, port: lb.containerPort })),
        logFile: join(this.#deps.logDir, `${definition.family}-${id}.log`),
        units: () =>
          definition.containers.map((container) => ({
            name: container.name,
            args: container.args,
            cwd: container.cwd,
            ports: container.ports,
            env: workloadEnvironment({
              region: service.region,
              awsEndpointUrl: this.#deps.awsEndpointUrl(),
              variables: [container.env],
              credentials:
                task.role === undefined
                  ? { kind: "none" }
                  : {
                      kind: "container",
                      uri: `${this.#credentialsUrl}/v2/credentials/${id}`,
                      token: task.token,
                    },
              home: this.#deps.logDir,
            }),
          })),
      });
    } catch (error) {
      this.#tasks.delete(arn);
      throw error;
    }
  }

  async #stop(task: RunningTask): Promise<void> {
    this.#tasks.delete(task.arn);
    await task.workload?.stop();
    this.#deps.log(`[ECS task ${task.id.slice(0, 8)}] STOPPED`);
  }
}
