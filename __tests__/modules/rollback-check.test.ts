/**
 * ECS's circuit breaker rolls a failed release back and the provider's steady-state wait then reports success
 * (hashicorp/terraform-provider-aws#19519). The service's postcondition makes that apply fail instead.
 */
import { dev, onlyResource, prod, resourcesOf, synthPlatform } from '../helpers';

describe.each([dev, prod])('rollback check on the ECS service ($name)', (environment) => {
  const { json } = synthPlatform(environment);
  const service = onlyResource(json, 'aws_ecs_service');
  const [[taskDefinition]] = resourcesOf(json, 'aws_ecs_task_definition');
  const registered = `aws_ecs_task_definition.${taskDefinition}.arn`;

  it('waits for the deployment to settle and rolls back on failure', () => {
    expect(service.wait_for_steady_state).toBe(true);
    expect(service.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
    expect(service.task_definition).toBe(`\${${registered}}`);
  });

  it('fails the apply unless the service runs the task definition this apply registered, naming both', () => {
    const lifecycle = service.lifecycle as { postcondition: { condition: string; error_message: string }[] };
    expect(lifecycle.postcondition).toEqual([
      {
        condition: `\${(self.task_definition == ${registered})}`,
        error_message: expect.stringContaining(`runs \${self.task_definition}, not \${${registered}}`),
      },
    ]);
    expect(lifecycle.postcondition[0].error_message).toContain(
      `ECS rolled the deployment of shortlinks-${environment.name} back`,
    );
  });
});
