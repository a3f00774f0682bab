/**
 * What the page's command line loads on first use (kept out of the first view): the service
 * models (build/aws-models.json, fetched as an asset), the runner and completion.
 */
import modelsUrl from '../../build/aws-models.json?url';
import type { AwsModels } from './model';

export { runCommand, type CliResult, type Done, type Waiting } from './run';
export { complete } from './complete';

export async function loadModels(): Promise<AwsModels> {
  const res = await fetch(modelsUrl);
  if (!res.ok) throw new Error(`the AWS service models could not be fetched (${res.status})`);
  return (await res.json()) as AwsModels;
}
