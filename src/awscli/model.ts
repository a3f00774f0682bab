/**
 * The AWS service models as `build/aws-models.json` holds them (written at build time from the
 * AWS SDK v3 clients' schemas by `models/build.ts`): operations with their input and output
 * shapes. The command line reads flag names and types from here; the endpoint reads protocols.
 */

/** A primitive type, or the name of a shape in the service's `shapes`. */
export type ShapeRef = string;

export const PRIMITIVES = new Set(['string', 'number', 'boolean', 'timestamp', 'blob', 'document']);

export type ShapeDef =
  | { type: 'structure'; members: Record<string, ShapeRef>; required: string[] }
  | { type: 'list'; member: ShapeRef }
  | { type: 'map'; key: ShapeRef; value: ShapeRef };

export interface ServiceModel {
  /** The AWS CLI's name for the service: `ecs`, `application-autoscaling`, `elbv2`, … */
  cli: string;
  protocol: 'json1.0' | 'json1.1' | 'query';
  /** X-Amz-Target prefix (JSON protocols). */
  targetPrefix: string;
  apiVersion: string;
  xmlNamespace: string;
  signingName: string;
  endpointPrefix: string;
  /** The SDK client version the model was read from. */
  sdkVersion: string;
  operations: Record<string, { input: ShapeRef; output: ShapeRef }>;
  shapes: Record<string, ShapeDef>;
}

export interface AwsModels { services: Record<string, ServiceModel> }

export function shapeOf(model: ServiceModel, ref: ShapeRef): ShapeDef | null {
  return PRIMITIVES.has(ref) ? null : model.shapes[ref] ?? null;
}

/** `CreateService` → `create-service`, `DescribeTargetHealth` → `describe-target-health`. */
export function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2').toLowerCase();
}

/** The operation a CLI command names (`create-service` → `CreateService`), or null. */
export function operationFor(model: ServiceModel, command: string): string | null {
  for (const op of Object.keys(model.operations)) if (kebab(op) === command) return op;
  return null;
}
