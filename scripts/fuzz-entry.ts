// One bundle for scripts/fuzz.mjs: the services and the fuzz helpers share their modules.
export { createServices } from '../electron/services/index.js';
export { fuzzCaseStream, runFuzz } from '../test/helpers/fuzz.js';
