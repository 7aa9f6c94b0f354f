/**
 * Runs before every test file, in its module registry: tests synthesize as the app does (main.ts), without cdktf's
 * per-token creation stacks unless CDKTF_CREATION_STACKS=1 asks for them.
 */
import { configureTokenCreationStacks } from '../lib/token-creation-stacks';

configureTokenCreationStacks();
