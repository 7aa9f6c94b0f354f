export * from './types';
export {
  ConfigError,
  environmentProblems,
  validateEnvironment,
  validateEnvironments,
  validateCi,
  validateStateBackend,
} from './validate';
export { ci, environments, stateBackend } from './environments';
