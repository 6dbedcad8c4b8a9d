// Runs the TypeScript worker from source (npm start, the tests, the bench): on Node 20 the loader that
// `--import tsx` registers does not reach worker threads (privatenumber/tsx#354), so the worker registers tsx's
// require hook itself. Built code (dist/) starts worker.js directly and never loads this file.
require('tsx/cjs/api').register();
module.exports = require('./worker.ts').default;
