export * from './types';
export {
  ConfigError,
  environmentProblems,
  validateEnvironment,
  validateEnvironments,
  validateStateBackend,
} from './validate';
export { environments, stateBackend } from './environments';
