/**
 * Maps directory names to Lambda function names and CloudFormation logical IDs.
 */
import { CloudFormationLimits, LambdaLimits } from '../limits.js';

/** `<project>-<dir>`, with every character Lambda does not allow replaced by `-`. */
export function functionName(project: string, dirName: string): string {
  const safe = dirName.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${project}-${safe}`;
}

export function isValidFunctionName(name: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(name) && name.length <= LambdaLimits.maxFunctionNameLength;
}

/** PascalCase of the alphanumeric runs of the directory name; never starts with a digit. */
export function logicalIdFor(dirName: string): string {
  const id = dirName
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
  const safe = /^[A-Za-z]/.test(id) ? id : `Fn${id}`;
  return safe.slice(0, CloudFormationLimits.maxLogicalIdLength);
}
