/** Configuration comes from the environment, read once, failing fast with the variable's name. */
export function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`missing environment variable ${name}`);
  if (value.startsWith('{{resolve:')) throw new Error(`environment variable ${name} was not resolved by CloudFormation`);
  return value;
}

export function optionalEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

export type Stage = 'local' | 'dev' | 'prod';

export function stage(): Stage {
  const value = env('STAGE');
  if (value !== 'local' && value !== 'dev' && value !== 'prod') throw new Error(`unknown STAGE ${value}`);
  return value;
}
