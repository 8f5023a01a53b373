/** Entry point of the bundled CLI. */
import { runCli } from './main.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error('fcr：意外错误：', err);
    process.exitCode = 1;
  },
);
