/**
 * The rules CloudWatch's model sets on the names that identify a metric,
 * shared by PutMetricData, GetMetricData and ListMetrics.
 */
import { member, readList, readObject, readString, type JsonValue } from './json-input';
import type { Dimension } from './metric-store';
import { serviceErrors } from './service-errors';

export const STANDARD_UNITS = [
  'Seconds',
  'Microseconds',
  'Milliseconds',
  'Bytes',
  'Kilobytes',
  'Megabytes',
  'Gigabytes',
  'Terabytes',
  'Bits',
  'Kilobits',
  'Megabits',
  'Gigabits',
  'Terabits',
  'Percent',
  'Count',
  'Bytes/Second',
  'Kilobytes/Second',
  'Megabytes/Second',
  'Gigabytes/Second',
  'Terabytes/Second',
  'Bits/Second',
  'Kilobits/Second',
  'Megabits/Second',
  'Gigabits/Second',
  'Terabits/Second',
  'Count/Second',
  'None',
] as const;

export const MAX_DIMENSIONS = 30;

function invalidValue(value: string, path: string) {
  return serviceErrors.invalidParameterValue(
    `The value ${value} for parameter ${path} is invalid.`,
  );
}

function checkLength(value: string, path: string, max: number): string {
  if (value.length < 1 || value.length > max) throw invalidValue(value, path);
  return value;
}

export function checkNamespace(value: string, path: string): string {
  checkLength(value, path, 255);
  if (value.startsWith(':')) throw invalidValue(value, path);
  return value;
}

export function checkMetricName(value: string, path: string): string {
  return checkLength(value, path, 255);
}

export function checkUnit(value: string | undefined, path: string): string | undefined {
  if (value !== undefined && !(STANDARD_UNITS as readonly string[]).includes(value)) {
    throw invalidValue(value, path);
  }
  return value;
}

/** A `Dimensions` list: at most 30 entries, each with a Name and Value, names unique. */
export function readDimensions(value: JsonValue | undefined, path: string): Dimension[] {
  const list = readList(value, path) ?? [];
  if (list.length > MAX_DIMENSIONS) {
    throw serviceErrors.invalidParameterValue(
      `The collection ${path} must not have a size greater than ${MAX_DIMENSIONS}.`,
    );
  }
  const dimensions: Dimension[] = [];
  list.forEach((entry, index) => {
    const entryPath = `${path}.member.${index + 1}`;
    const dimension = readObject(entry, entryPath) ?? {};
    const name = readString(member(dimension, 'Name'), `${entryPath}.Name`);
    const dimensionValue = readString(member(dimension, 'Value'), `${entryPath}.Value`);
    if (name === undefined || dimensionValue === undefined) {
      throw serviceErrors.missingParameter(
        `The parameter ${entryPath}.${name === undefined ? 'Name' : 'Value'} is required.`,
      );
    }
    checkLength(name, `${entryPath}.Name`, 255);
    checkLength(dimensionValue, `${entryPath}.Value`, 1024);
    if (dimensions.some((d) => d.name === name)) {
      throw serviceErrors.invalidParameterValue(
        `The dimension name ${name} appears more than once in ${path}.`,
      );
    }
    dimensions.push({ name, value: dimensionValue });
  });
  return dimensions;
}
