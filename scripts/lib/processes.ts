import { spawn, type ChildProcess } from 'node:child_process';

/** A child process we started, in its own process group so stopping it stops everything it spawned. */
export interface Service {
  name: string;
  child: ChildProcess;
  /** the last lines it printed, for error reports */
  tail(): string;
  stop(): Promise<void>;
}

export function spawnService(
  name: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; echo?: boolean } = {},
): Service {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (lines.length > 200) lines.shift();
      if (options.echo) process.stdout.write(`[${name}] ${line}\n`);
    }
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      /* already gone */
    }
  };
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return signalGroup('SIGKILL');
    signalGroup('SIGTERM');
    const timer = setTimeout(() => signalGroup('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    signalGroup('SIGKILL'); // grandchildren that ignored SIGTERM
  };
  return { name, child, tail: () => lines.slice(-40).join('\n'), stop };
}

/** Polls a URL until it answers (any status below 500), or fails with the service's output. */
export async function waitForHttp(url: string, service?: Service, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (service && service.child.exitCode !== null) throw new Error(`${service.name} exited early:\n${service.tail()}`);
    try {
      const reply = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (reply.status < 500) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline)
      throw new Error(`${url} did not answer within ${timeoutMs / 1000} s${service ? `:\n${service.tail()}` : ''}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

export const quietEnv = {
  SLS_TELEMETRY_DISABLED: '1',
  SLS_NOTIFICATIONS_MODE: 'off',
  SLS_DEPRECATION_DISABLE: '*',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  // serverless-offline hands these to the handlers' SDK; DynamoDB Local accepts any
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  BROWSERSLIST_IGNORE_OLD_DATA: '1',
};

/** The API under serverless-offline (stage local) on 127.0.0.1, talking to the given DynamoDB. */
export function startApi(opts: {
  root: string;
  dynamoEndpoint: string;
  apiPort: number;
  lambdaPort: number;
  echo?: boolean;
  env?: Record<string, string>;
}): Service {
  return spawnService(
    'api',
    process.execPath,
    [`${opts.root}/node_modules/serverless/bin/serverless.js`, 'offline', 'start', '--stage', 'local'],
    {
      cwd: opts.root,
      echo: opts.echo,
      env: {
        ...process.env,
        ...quietEnv,
        DYNAMODB_ENDPOINT: opts.dynamoEndpoint,
        API_PORT: String(opts.apiPort),
        LAMBDA_PORT: String(opts.lambdaPort),
        ...opts.env,
      },
    },
  );
}
