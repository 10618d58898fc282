import { spawnSync } from 'node:child_process';

/**
 * Validates an OpenAPI document against the official schemas with
 * @seriousme/openapi-schema-validator, an ES module, run in a Node process
 * of its own (the test runner loads CommonJS).
 */
export function validateOpenApi(document: unknown): { valid: boolean; errors: unknown } {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    const result = await new Validator().validate(JSON.parse(text));
    process.stdout.write(JSON.stringify({ valid: result.valid, errors: result.errors ?? null }));
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    input: JSON.stringify(document),
    cwd: __dirname,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`the validator failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as { valid: boolean; errors: unknown };
}
