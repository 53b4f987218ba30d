// Builds the dump new embedded data directories start from (src/db/pgdata-template.ts), always.
import { buildPgdataTemplate } from '../src/embedded/build-pgdata-template.js';

console.error(`database template: ${await buildPgdataTemplate({ force: true })}`);
