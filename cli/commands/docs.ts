import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { GENERATED_DOCS } from '../docs.ts';
import { pathwayJsonSchema } from '../../engine/pathways.ts';
import { scenarioFormatDoc, scenarioJsonSchema } from '../scenario-doc.ts';

export function registerDocs(program: Command): void {
  program
    .command('docs')
    .description('Regenerate the reference pages (docs/) and the pathway JSON Schema from schemas/.')
    .action(async () => {
      const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
      for (const [path, make] of Object.entries(GENERATED_DOCS)) {
        await writeFile(root(path), make());
        console.log(`wrote ${path}`);
      }
      await writeFile(root('pathways/pathway.schema.json'), `${JSON.stringify(pathwayJsonSchema(), null, 2)}\n`);
      console.log('wrote pathways/pathway.schema.json');
      await writeFile(root('scenarios/scenario.schema.json'), `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
      await writeFile(root('docs/scenario-format.md'), scenarioFormatDoc());
      console.log('wrote scenarios/scenario.schema.json and docs/scenario-format.md');
    });
}
