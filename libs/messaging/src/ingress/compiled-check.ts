import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';

/** True only when class-validator's validateSync (whitelist, forbidNonWhitelisted) would find nothing wrong. */
export type CompiledCheck = (plain: Record<string, unknown>) => boolean;

interface PropertyCheck {
  readonly property: string;
  /** @IsOptional and the like: the property's rules apply only when every one holds. */
  readonly conditions: readonly ((object: object, value: unknown) => boolean)[];
  readonly rules: readonly { validate(value: unknown, args: ValidationArguments): unknown; constraints: unknown[] }[];
}

/**
 * The rules class-validator keeps for `target`, run directly (the same constraint objects with the same arguments),
 * without its executor: a valid message is checked in a tenth of the time. Only for what it can decide exactly: plain
 * synchronous rules and conditions on properties (no nested validation, no `each`, no groups, no class-transformer
 * metadata); anything else gives undefined, and so does the check's caller for every message, which
 * then uses class-validator. A check that says false decides nothing: class-validator then names the bad field.
 */
export function compileCheck(target: new () => object): CompiledCheck | undefined {
  const storage = getMetadataStorage();
  if (defaultMetadataStorage.getExposedMetadatas(target).length > 0 || defaultMetadataStorage.getExcludedMetadatas(target).length > 0) return undefined;
  const byProperty = new Map<string, { conditions: PropertyCheck['conditions'][number][]; rules: PropertyCheck['rules'][number][] }>();
  for (const metadata of storage.getTargetValidationMetadatas(target, '', true, false)) {
    if (metadata.each || (metadata.groups?.length ?? 0) > 0 || metadata.always) return undefined;
    if (defaultMetadataStorage.findTypeMetadata(target, metadata.propertyName) || defaultMetadataStorage.findTransformMetadatas(target, metadata.propertyName, 0).length > 0) return undefined;
    const entry = byProperty.get(metadata.propertyName) ?? { conditions: [], rules: [] };
    byProperty.set(metadata.propertyName, entry);
    if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) {
      entry.conditions.push(metadata.constraints[0] as (object: object, value: unknown) => boolean);
    } else if (metadata.type === ValidationTypes.CUSTOM_VALIDATION && metadata.constraintCls) {
      const constraints = storage.getTargetValidatorConstraints(metadata.constraintCls);
      if (constraints.length === 0 || constraints.some((c) => c.async)) return undefined;
      for (const constraint of constraints) {
        const instance = constraint.instance as { validate(value: unknown, args: ValidationArguments): unknown };
        entry.rules.push({ validate: (value, args) => instance.validate(value, args), constraints: metadata.constraints ?? [] });
      }
    } else {
      return undefined;
    }
  }
  const checks: PropertyCheck[] = [...byProperty].map(([property, entry]) => ({ property, ...entry }));
  const known = new Set(byProperty.keys());
  // class-validator also refuses a field the class declares without a rule (it is on every instance): never fast then.
  if (Object.keys(new target()).some((key) => !known.has(key))) return undefined;
  const targetName = target.name;
  return (plain) => {
    for (const key of Object.keys(plain)) if (!known.has(key)) return false;
    for (const check of checks) {
      const value = plain[check.property];
      if (check.conditions.some((condition) => !condition(plain, value))) continue;
      for (const rule of check.rules) {
        const args: ValidationArguments = { targetName, property: check.property, object: plain, value, constraints: rule.constraints };
        if (rule.validate(value, args) !== true) return false;
      }
    }
    return true;
  };
}
