/**
 * One logging style: a JSON line per event with the request id and business keys.
 * Keys that could carry secrets or personal data are dropped here, whatever the caller passes.
 */
const FORBIDDEN_KEYS = /openid|unionid|session_?key|token|code|secret|password|phone|authorization/i;

export type LogFields = Record<string, unknown>;

function clean(fields: LogFields): LogFields {
  return Object.fromEntries(Object.entries(fields).filter(([key]) => !FORBIDDEN_KEYS.test(key) || key === 'errorCode'));
}

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export function createLogger(base: LogFields): Logger {
  const write = (level: string, message: string, fields: LogFields = {}) => {
    if (process.env.LOG_LEVEL === 'silent') return;
    const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...clean(base), ...clean(fields) });
    if (level === 'error') console.error(line);
    else console.log(line);
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
