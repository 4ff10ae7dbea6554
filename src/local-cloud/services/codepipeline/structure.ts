/**
 * The pipeline declaration of CreatePipeline/UpdatePipeline: read from the request, checked the way
 * CodePipeline checks it, and returned in the shape GetPipeline answers (defaults filled in).
 *
 * Checked: names and ARNs against AWS's constraints; `artifactStore` xor `artifactStores` (per region, one
 * for the pipeline's region and for every region an action runs in); at least two stages with unique names;
 * only source actions in the first stage and none elsewhere; action names unique in their stage; action
 * types that exist, with their required configuration and artifact counts; input artifacts produced by an
 * earlier action, output artifact names unique; `pipelineType` V1/V2 and what only V2 allows.
 * The role (PassRole, trust) is checked by the operation, which knows the caller.
 */
import {
  ACTION_CATEGORIES,
  ACTION_OWNERS,
  type ActionTypeId,
  findActionType,
  regionConstant,
} from './action-types.js';
import { PipelineErrors } from './errors.js';
import type { Fields } from '../shared/fields.js';
import type { StringLimits } from '../shared/json-input.js';

export const PIPELINE_NAME: StringLimits = {
  max: 100,
  pattern: { regex: /^[A-Za-z0-9.@\-_]+$/, text: '[A-Za-z0-9.@\\-_]+' },
};
const ROLE_ARN: StringLimits = {
  max: 1024,
  pattern: {
    regex: /^arn:aws(-[\w]+)*:iam::[0-9]{12}:role\/.*$/,
    text: 'arn:aws(-[\\w]+)*:iam::[0-9]{12}:role/.*',
  },
};
const BUCKET: StringLimits = {
  min: 3,
  max: 63,
  pattern: { regex: /^[a-zA-Z0-9\-.]+$/, text: '[a-zA-Z0-9\\-\\.]+' },
};
const ARTIFACT_NAME: StringLimits = {
  max: 100,
  pattern: { regex: /^[a-zA-Z0-9_-]+$/, text: '[a-zA-Z0-9_\\-]+' },
};
const TYPE_PART: StringLimits = { pattern: { regex: /^[0-9A-Za-z_-]+$/, text: '[0-9A-Za-z_-]+' } };

export const PIPELINE_TYPES = ['V1', 'V2'] as const;
export const EXECUTION_MODES = ['QUEUED', 'SUPERSEDED', 'PARALLEL'] as const;

export interface ArtifactStore {
  type: 'S3';
  location: string;
  encryptionKey?: { id: string; type: 'KMS' };
}

export interface ActionDeclaration {
  name: string;
  actionTypeId: ActionTypeId;
  runOrder: number;
  configuration?: Record<string, string>;
  outputArtifacts: { name: string }[];
  inputArtifacts: { name: string }[];
  roleArn?: string;
  region?: string;
  namespace?: string;
  timeoutInMinutes?: number;
}

export interface StageDeclaration {
  name: string;
  actions: ActionDeclaration[];
}

export interface PipelineDeclaration {
  name: string;
  roleArn: string;
  artifactStore?: ArtifactStore;
  artifactStores?: Record<string, ArtifactStore>;
  stages: StageDeclaration[];
  version: number;
  executionMode: (typeof EXECUTION_MODES)[number];
  pipelineType: (typeof PIPELINE_TYPES)[number];
  /** V2 only; stored as given. */
  variables?: unknown[];
  triggers?: unknown[];
}

function readStore(f: Fields): ArtifactStore {
  f.requiredEnum('type', ['S3']);
  const location = f.requiredString('location', BUCKET);
  const key = f.object('encryptionKey');
  const store: ArtifactStore = { type: 'S3', location };
  if (key)
    store.encryptionKey = {
      id: key.requiredString('id', { max: 400 }),
      type: key.requiredEnum('type', ['KMS']),
    };
  return store;
}

function readArtifacts(f: Fields, member: string): { name: string }[] {
  return (f.objectList(member) ?? []).map((a) => ({ name: a.requiredString('name', ARTIFACT_NAME) }));
}

function readAction(f: Fields): ActionDeclaration {
  const type = f.requiredObject('actionTypeId');
  const action: ActionDeclaration = {
    name: f.requiredString('name', PIPELINE_NAME),
    actionTypeId: {
      category: type.requiredEnum('category', ACTION_CATEGORIES),
      owner: type.requiredEnum('owner', ACTION_OWNERS),
      provider: type.requiredString('provider', { max: 35, ...TYPE_PART }),
      version: type.requiredString('version', { max: 9, ...TYPE_PART }),
    },
    runOrder: f.integer('runOrder', { min: 1, max: 999 }) ?? 1,
    outputArtifacts: readArtifacts(f, 'outputArtifacts'),
    inputArtifacts: readArtifacts(f, 'inputArtifacts'),
  };
  const configuration = f.stringMap('configuration');
  if (configuration) action.configuration = configuration;
  const roleArn = f.string('roleArn', ROLE_ARN);
  if (roleArn !== undefined) action.roleArn = roleArn;
  const region = f.string('region', { min: 4, max: 30 });
  if (region !== undefined) action.region = region;
  const namespace = f.string('namespace', {
    max: 100,
    pattern: { regex: /^[A-Za-z0-9@\-_]+$/, text: '[A-Za-z0-9@\\-_]+' },
  });
  if (namespace !== undefined) action.namespace = namespace;
  const timeout = f.integer('timeoutInMinutes', { min: 5, max: 86400 });
  if (timeout !== undefined) action.timeoutInMinutes = timeout;
  return action;
}

function requiredList(f: Fields, member: string): Fields[] {
  const list = f.objectList(member);
  if (!list) throw f.constraint(member, undefined, 'Member must not be null');
  return list;
}

function readStage(f: Fields): StageDeclaration {
  const name = f.requiredString('name', PIPELINE_NAME);
  return { name, actions: requiredList(f, 'actions').map(readAction) };
}

function typeText(action: ActionDeclaration): string {
  const t = action.actionTypeId;
  return `(Category: '${t.category}', Provider: '${t.provider}', Owner: '${t.owner}', Version: '${t.version}')`;
}

function checkActionType(action: ActionDeclaration, region: string): void {
  const known = findActionType(action.actionTypeId);
  if (!known) {
    throw PipelineErrors.actionDeclaration(
      `ActionType ${typeText(action)} in action '${action.name}' is not available in region '${regionConstant(region)}'`,
    );
  }
  for (const key of known.required) {
    if (action.configuration?.[key] === undefined) {
      throw PipelineErrors.actionDeclaration(
        `Action configuration for action '${action.name}' is missing required configuration '${key}'`,
      );
    }
  }
  const counts = [
    ['input', action.inputArtifacts.length, known.inputs],
    ['output', action.outputArtifacts.length, known.outputs],
  ] as const;
  for (const [kind, count, [min, max]] of counts) {
    if (count < min || count > max) {
      throw PipelineErrors.structure(
        `Action '${action.name}' has ${count} ${kind} artifacts; ${action.actionTypeId.provider} ${action.actionTypeId.category} actions take between ${min} and ${max}`,
      );
    }
  }
}

function checkStages(stages: readonly StageDeclaration[], region: string): void {
  if (stages.length < 2) {
    throw PipelineErrors.structure(
      `Pipeline has only ${stages.length} stage(s). There should be a minimum of 2 stages in a pipeline`,
    );
  }
  const stageNames = new Set<string>();
  const produced = new Set<string>();
  stages.forEach((stage, index) => {
    if (stageNames.has(stage.name))
      throw PipelineErrors.structure(`Stage name '${stage.name}' is used more than once`);
    stageNames.add(stage.name);
    if (stage.actions.length === 0) {
      throw PipelineErrors.structure(`Stage '${stage.name}' must contain at least one action`);
    }
    const actionNames = new Set<string>();
    for (const action of stage.actions) {
      if (actionNames.has(action.name)) {
        throw PipelineErrors.structure(
          `Action name '${action.name}' is used more than once in stage '${stage.name}'`,
        );
      }
      actionNames.add(action.name);
      const isSource = action.actionTypeId.category === 'Source';
      if (index === 0 && !isSource) {
        throw PipelineErrors.structure(
          `Stage '${stage.name}' is the first stage and may contain only source actions; action '${action.name}' is a ${action.actionTypeId.category} action`,
        );
      }
      if (index > 0 && isSource) {
        throw PipelineErrors.structure(
          `Source action '${action.name}' is in stage '${stage.name}'; source actions may only be in the first stage`,
        );
      }
      checkActionType(action, action.region ?? region);
    }
    checkArtifacts(stage, produced);
  });
}

/** Inputs must come from an earlier stage or an action of lower runOrder; output names are unique. */
function checkArtifacts(stage: StageDeclaration, produced: Set<string>): void {
  const byOrder = [...stage.actions].sort((a, b) => a.runOrder - b.runOrder);
  const inStage = new Map<string, number>();
  for (const action of byOrder) {
    for (const input of action.inputArtifacts) {
      const order = inStage.get(input.name);
      if (!produced.has(input.name) && (order === undefined || order >= action.runOrder)) {
        throw PipelineErrors.structure(
          `Input Artifact '${input.name}' of action '${action.name}' is not the output artifact of any preceding action`,
        );
      }
    }
    for (const output of action.outputArtifacts) {
      if (produced.has(output.name) || inStage.has(output.name)) {
        throw PipelineErrors.structure(
          `Output Artifact name '${output.name}' is used more than once in the pipeline`,
        );
      }
      inStage.set(output.name, action.runOrder);
    }
  }
  for (const name of inStage.keys()) produced.add(name);
}

function readStores(
  f: Fields,
  stages: readonly StageDeclaration[],
  region: string,
): Pick<PipelineDeclaration, 'artifactStore' | 'artifactStores'> {
  const single = f.object('artifactStore');
  const perRegion = f.object('artifactStores');
  if (single && perRegion) {
    throw PipelineErrors.structure('Pipeline cannot contain both artifactStore and artifactStores');
  }
  const regions = new Set(stages.flatMap((s) => s.actions.map((a) => a.region ?? region)));
  if (single) {
    const other = [...regions].find((r) => r !== region);
    if (other !== undefined) {
      throw PipelineErrors.structure(
        `Cross-region actions need artifactStores; an action runs in region ${other}`,
      );
    }
    return { artifactStore: readStore(single) };
  }
  if (!perRegion)
    throw PipelineErrors.structure('Pipeline must contain either artifactStore or artifactStores');
  const stores: Record<string, ArtifactStore> = {};
  for (const key of Object.keys(perRegion.body)) stores[key] = readStore(perRegion.requiredObject(key));
  for (const needed of [region, ...regions]) {
    if (!stores[needed]) {
      throw PipelineErrors.structure(`artifactStores must contain an artifact store for region ${needed}`);
    }
  }
  return { artifactStores: stores };
}

/** Reads and checks `pipeline`; `version` is the version it gets. */
export function readPipeline(f: Fields, options: { region: string; version: number }): PipelineDeclaration {
  const name = f.requiredString('name', PIPELINE_NAME);
  const roleArn = f.requiredString('roleArn', ROLE_ARN);
  const pipelineType = f.enumOf('pipelineType', PIPELINE_TYPES) ?? 'V1';
  const executionMode = f.enumOf('executionMode', EXECUTION_MODES) ?? 'SUPERSEDED';
  const stages = requiredList(f, 'stages').map(readStage);
  checkStages(stages, options.region);
  const stores = readStores(f, stages, options.region);
  if (pipelineType === 'V1' && executionMode !== 'SUPERSEDED') {
    throw PipelineErrors.validation(`Execution mode ${executionMode} is only supported for pipeline type V2`);
  }
  const variables = f.objectList('variables', { max: 50 })?.map((v) => v.body);
  const triggers = f.objectList('triggers', { max: 50 })?.map((t) => t.body);
  if (pipelineType === 'V1' && (variables?.length || triggers?.length)) {
    throw PipelineErrors.validation(
      'Pipeline-level variables and triggers are only supported for pipeline type V2',
    );
  }
  const pipeline: PipelineDeclaration = {
    name,
    roleArn,
    ...stores,
    stages,
    version: options.version,
    executionMode,
    pipelineType,
  };
  if (variables) pipeline.variables = variables;
  if (triggers) pipeline.triggers = triggers;
  return pipeline;
}
