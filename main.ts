// First: it keeps cdktf from loading a dependency the app never uses (see the file).
import './lib/before-cdktf-loads';
import { App } from 'cdktf';
import { ci, environments, stateBackend, validateEnvironments } from './config';
import { PlatformStack } from './stacks/platform-stack';
import { STATE_STACK_NAME } from './stacks/names';
import { configureTokenCreationStacks } from './lib/token-creation-stacks';
import { StateStack } from './stacks/state-stack';

configureTokenCreationStacks();
validateEnvironments(environments);
const app = new App();
new StateStack(app, STATE_STACK_NAME, { stateBackend, environments, ci });
for (const environment of environments) {
  new PlatformStack(app, environment.name, { environment, stateBackend });
}
app.synth();
