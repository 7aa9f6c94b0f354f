/** Stack names other tools key on (plan order, policy rules for the state bucket). No imports: scripts load it. */
export const STATE_STACK_NAME = 'state';
