// Build-time constants that config/index.ts defines for real builds.
Object.assign(globalThis, { API_BASE_URL: 'http://api.test', DEV_LOGIN_ENABLED: true });
process.env.TARO_ENV = process.env.TARO_ENV ?? 'h5';
