/**
 * Writing a named profile into the AWS shared config and credentials files (the files the AWS CLI and
 * SDKs read; AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE move them). Other profiles and other keys
 * of the same profile are kept.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface AwsProfileFiles {
  config: string;
  credentials: string;
}

export function awsProfileFiles(env: NodeJS.ProcessEnv = process.env): AwsProfileFiles {
  return {
    config: env['AWS_CONFIG_FILE'] || join(homedir(), '.aws', 'config'),
    credentials: env['AWS_SHARED_CREDENTIALS_FILE'] || join(homedir(), '.aws', 'credentials'),
  };
}

const KEY_LINE = /^\s*([A-Za-z0-9_.-]+)\s*=/;

/** `text` with `[section]` holding `values` (replacing those keys, keeping the others). Pure. */
export function upsertIniSection(text: string, section: string, values: Record<string, string>): string {
  const lines = text === '' ? [] : text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  const ours = Object.entries(values).map(([k, v]) => `${k} = ${v}`);
  const start = lines.findIndex((l) => l.trim() === `[${section}]`);
  if (start < 0) {
    const gap = lines.length > 0 && lines[lines.length - 1]!.trim() !== '' ? [''] : [];
    return `${[...lines, ...gap, `[${section}]`, ...ours].join('\n')}\n`;
  }
  let end = start + 1;
  while (end < lines.length && !lines[end]!.trim().startsWith('[')) end += 1;
  const kept = lines.slice(start + 1, end).filter((l) => {
    const key = KEY_LINE.exec(l)?.[1];
    return key === undefined || !(key in values);
  });
  while (kept.length > 0 && kept[kept.length - 1]!.trim() === '') kept.pop();
  const tail = end < lines.length ? [''] : [];
  return `${[...lines.slice(0, start + 1), ...ours, ...kept, ...tail, ...lines.slice(end)].join('\n')}\n`;
}

function update(file: string, section: string, values: Record<string, string>, mode: number): void {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, upsertIniSection(text, section, values), { mode });
}

export interface ProfileSettings {
  name: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  endpointUrl: string;
  caBundle?: string;
}

/** Writes the keys to the credentials file and region/endpoint/CA to the config file. */
export function writeAwsProfile(profile: ProfileSettings, files: AwsProfileFiles = awsProfileFiles()): void {
  update(
    files.credentials,
    profile.name,
    { aws_access_key_id: profile.accessKeyId, aws_secret_access_key: profile.secretAccessKey },
    0o600,
  );
  const settings: Record<string, string> = { region: profile.region, endpoint_url: profile.endpointUrl };
  if (profile.caBundle) settings['ca_bundle'] = profile.caBundle;
  update(files.config, profile.name === 'default' ? 'default' : `profile ${profile.name}`, settings, 0o644);
}
