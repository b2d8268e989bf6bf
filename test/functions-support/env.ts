import { testEnv } from './global-setup';

// Each test file sees the stage-local configuration; DYNAMODB_ENDPOINT comes from global setup.
Object.assign(process.env, testEnv());
