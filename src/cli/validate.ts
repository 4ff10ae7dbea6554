import type { Command } from 'commander';
import { consoleReporter, type GlobalOptions, type Output, table } from './render.js';

export async function runValidate(dir: string, flags: GlobalOptions, output: Output): Promise<number> {
  const { validateProject } = await import('../build/validate.js');
  const { project, functions } = validateProject({
    projectDir: dir,
    reporter: consoleReporter(output, flags),
  });
  if (flags.json) {
    output.out(
      JSON.stringify(
        {
          ok: true,
          project: project.config.project,
          functions: functions.map((f) => ({
            name: f.name,
            dir: f.relDir,
            runtime: f.runtime,
            handler: f.handler,
          })),
        },
        null,
        2,
      ),
    );
    return 0;
  }
  output.out(`${project.config.project}: ${functions.length} functions, configuration and code are valid`);
  output.out(
    table([['FUNCTION', 'RUNTIME', 'HANDLER'], ...functions.map((f) => [f.name, f.runtime, f.handler])]),
  );
  return 0;
}

export function registerValidate(program: Command, output: Output, setExit: (code: number) => void): void {
  program
    .command('validate')
    .description('check fleetpipe.yaml, every function.yaml and the handlers, without writing anything')
    .argument('[dir]', 'project directory holding fleetpipe.yaml', '.')
    .action(async (dir: string, _flags: unknown, cmd: Command) => {
      setExit(await runValidate(dir, cmd.optsWithGlobals(), output));
    });
}
