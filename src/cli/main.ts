/**
 * The fleetpipe command line. One file per command; this one wires them up.
 */
import { Command, CommanderError } from 'commander';
import { FleetpipeVersion } from '../version.js';
import { registerBuild } from './build.js';
import { registerLocal } from './local.js';
import { type GlobalOptions, type Output, processOutput, reportError } from './render.js';
import { registerValidate } from './validate.js';

export function createProgram(output: Output, setExit: (code: number) => void): Command {
  const program = new Command('fleetpipe')
    .description('Build once, deploy to every AWS account and region.')
    .version(FleetpipeVersion, '-V, --version')
    .option('--json', 'print machine-readable JSON on stdout')
    .option('--verbose', 'print progress details and stack traces')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => output.out(s), writeErr: (s) => output.err(s) });
  registerBuild(program, output, setExit);
  registerValidate(program, output, setExit);
  registerLocal(program, output, setExit);
  return program;
}

/** Runs the CLI and returns the exit code (never calls process.exit). */
export async function main(argv: string[], output: Output = processOutput): Promise<number> {
  let exitCode = 0;
  const program = createProgram(output, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? 0 : 1;
    }
    const opts = program.opts<GlobalOptions>();
    const verbose = opts.verbose ?? argv.includes('--verbose');
    const json = opts.json ?? argv.includes('--json');
    return reportError(err, output, { verbose, json });
  }
}
