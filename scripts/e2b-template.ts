// The E2B sandbox template for fix jobs, defined from e2b.Dockerfile with E2B's template SDK (E2B's
// template configuration; the older e2b.toml needs a template id that only a first build assigns).
// Build it once per agent-version bump (needs E2B_API_KEY and network access to E2B):
//   npx tsx scripts/e2b-template.ts [name]        (default soulcaster-fix), then set E2B_TEMPLATE=<name>
import { fileURLToPath } from 'node:url';
import { defaultBuildLogger, Template } from 'e2b';

export const E2B_TEMPLATE_NAME = 'soulcaster-fix';
/** agents install dependencies and run test suites: more than E2B's default 2 vCPU / 512 MB */
export const E2B_TEMPLATE_RESOURCES = { cpuCount: 2, memoryMB: 4096 } as const;
export const e2bDockerfile = fileURLToPath(new URL('../e2b.Dockerfile', import.meta.url));

export const defineE2bTemplate = () => Template().fromDockerfile(e2bDockerfile);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const name = process.argv[2] ?? E2B_TEMPLATE_NAME;
  const info = await Template.build(defineE2bTemplate(), name, {
    ...E2B_TEMPLATE_RESOURCES,
    onBuildLogs: defaultBuildLogger(),
  });
  console.log(JSON.stringify({ name: info.name, templateId: info.templateId, buildId: info.buildId }));
}
